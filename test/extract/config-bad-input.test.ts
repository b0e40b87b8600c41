import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tempDir } from '../support/temp.js';
import { describe, expect, it } from 'vitest';
import { scanCase } from '../support/fixtures.js';

function project(files: Record<string, string>): string {
  const root = tempDir('leash-bad-config-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('bad harness configs: a diagnostic with file and line, and the scan goes on', () => {
  const root = project({
    '.mcp.json': '{\n  "mcpServers": {\n    "github": { "command": "npx", "args": ["-y", "x"] \n  }\n',
    '.claude/settings.json': '',
    '.codex/config.toml': 'sandbox_mode = "workspace-write"\n[mcp_servers.x\ncommand = "npx"\n',
    '.github/workflows/agent.yml': 'on: [push]\njobs:\n  fix:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with: { prompt: "x"\n',
    '.cursor/mcp.json': '{ "mcpServers": { "docs": { "command": "npx", "args": ["-y", "@acme/docs-mcp"] } } }',
  });
  const result = scanCase(root);

  it('reports each malformed file with its position', () => {
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      '.claude/settings.json:1 config-error',
      '.codex/config.toml:2 config-error',
      '.github/workflows/agent.yml:7 config-error',
      '.mcp.json:5 config-error',
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error').length).toBe(4);
  });

  it('still reads the valid files', () => {
    expect(result.findings.filter((f) => f.ruleId === 'no-unpinned-mcp-server').map((f) => `${f.location.file}:${f.location.line}`)).toEqual(['.cursor/mcp.json:1']);
  });
});

describe('Claude Code subagents', () => {
  it('are agents the main Claude Code agent delegates to, with their tools', () => {
    const root = project({
      '.claude/agents/reviewer.md': '---\nname: reviewer\ndescription: Reviews diffs\ntools: Read, Grep, Glob\n---\nYou review code.\n',
      '.claude/agents/fixer.md': '---\nname: fixer\ndescription: Fixes bugs\n---\nYou fix bugs.\n',
    });
    const { graph } = scanCase(root);
    const delegates = graph.outgoing('agent:harness:claude-code', 'delegates').map((e) => graph.node(e.to));
    expect(delegates.map((a) => `${a?.name} ${JSON.stringify(a?.kind === 'agent' ? a.attrs?.tools : undefined)}`)).toEqual(['Claude Code subagent fixer "all (inherited)"', 'Claude Code subagent reviewer ["Read","Grep","Glob"]']);
  });
});
