import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { findSuppressions } from '../../src/engine/suppressions.js';
import { configExtractors } from '../../src/extract/config/index.js';

/**
 * Random and mutated input never crashes, hangs or throws anything but a clear config error:
 * the config loader, every harness config extractor and the suppression parser.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'leash-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Text shaped like the real thing, then damaged: real keys, brackets, quotes, anchors, unicode. */
const SEEDS = [
  '{ "rules": { "no-free-form-shell": "warning" }, "exclude": ["dist/**"] }',
  'rules:\n  no-code-eval: error\ninclude: [src/**]\n',
  '{ "mcpServers": { "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/"], "env": { "TOKEN": "${TOKEN}" } } } }',
  '{ "permissions": { "allow": ["Bash(*)", "Read(./src/**)"], "deny": [] }, "enableAllProjectMcpServers": true }',
  'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n[mcp_servers.gh]\ncommand = "npx"\nargs = ["-y", "gh-mcp"]\n',
  'on: [issue_comment]\njobs:\n  a:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          prompt: ${{ github.event.comment.body }}\n          claude_args: --allowedTools "Bash"\n',
  '---\nname: x\ntools: Bash, Read\npermissionMode: bypassPermissions\n---\nbody',
];
const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 6 })), { maxLength: 8 })).map(([seed, edits]) => {
  let text = seed;
  for (const [at, remove, insert] of edits) {
    const i = at % (text.length + 1);
    text = text.slice(0, i) + insert + text.slice(i + remove);
  }
  return text;
});
const anyText = fc.oneof(mutated, fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }));

const FILES = ['.mcp.json', '.cursor/mcp.json', '.vscode/mcp.json', '.claude/settings.json', '.claude/agents/x.md', '.claude/commands/y.md', '.codex/config.toml', '.gemini/settings.json', '.github/workflows/agent.yml', 'package.json', 'scripts/run.sh'];

describe('bad input never crashes', () => {
  it('config loader: a config error or a config, nothing else', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('leash.config.json', 'leash.config.yaml'), (text, name) => {
        const file = path.join(dir, name);
        writeFileSync(file, text);
        try {
          loadConfig(file, ['no-free-form-shell', 'no-code-eval']);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          for (const message of (error as ConfigError).messages) expect(message).toMatch(/^leash\.config\.(?:json|yaml):\d+:\d+ /);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('harness config extractors: a fragment and diagnostics with file and line, never an exception', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...FILES), (text, file) => {
        for (const extractor of configExtractors.filter((e) => e.matches(file))) {
          const { fragment, diagnostics } = extractor.extract({ path: file, text });
          expect(Array.isArray(fragment.nodes)).toBe(true);
          for (const d of diagnostics) expect(d.file).toBe(file);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('suppression parser: any comment text gives well-formed suppressions', () => {
    const comment = fc.tuple(fc.constantFrom('// ', '# ', '/* '), fc.constantFrom('leash-ignore-next-line ', 'leash-ignore ', ''), fc.string({ maxLength: 60 })).map(([a, b, c]) => a + b + c);
    fc.assert(
      fc.property(fc.array(fc.oneof(comment, fc.string({ maxLength: 40 })), { maxLength: 12 }), (lines) => {
        for (const s of findSuppressions({ path: 'src/a.ts', text: lines.join('\n') })) {
          expect(Array.isArray(s.rules)).toBe(true);
          expect(s.targetLine).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
