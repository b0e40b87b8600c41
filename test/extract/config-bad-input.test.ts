import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCase } from '../support/fixtures.js';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'leash-bad-config-'));
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
