import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tempDir } from '../support/temp.js';
import { describe, expect, it } from 'vitest';
import { toJsonReport } from '../../src/report/json.js';
import { FIXTURES, scanCase } from '../support/fixtures.js';

describe('JSON report', () => {
  const result = scanCase(path.join(FIXTURES, 'projects', 'support-desk'));
  const report = toJsonReport(result, { name: 'leash', version: '0.0.0' });

  it('has the documented top-level shape, in a stable key order', () => {
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'agents', 'tools', 'mcpServers', 'credentials', 'access', 'findings', 'diagnostics', 'stats', 'coverage']);
    expect(report.schemaVersion).toBe(1);
    const codeFinding = report.findings.find((f) => f.tool)!;
    expect(Object.keys(codeFinding)).toEqual(['ruleId', 'severity', 'message', 'location', 'path', 'agents', 'tool', 'operation', 'help', 'fingerprint']);
    expect(Object.keys(codeFinding.location)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn']);
    const configFinding = report.findings.find((f) => f.location.file === '.mcp.json')!;
    expect(Object.keys(configFinding)).toEqual(['ruleId', 'severity', 'message', 'location', 'path', 'agents', 'help', 'fingerprint']);
  });

  it('lists tools with the agents reaching them and their operations', () => {
    const refund = report.tools.find((t) => t.name === 'refund_order')!;
    expect(refund.agents).toEqual(['agent:src/agents/support.ts#Billing', 'agent:src/agents/support.ts#Triage']);
    expect(refund.operations).toEqual(['payment.transfer']);
  });

  it('lists each harness agent with its effective permissions, servers and credentials', () => {
    const claude = report.agents.find((a) => a.id === 'agent:harness:claude-code')!;
    expect(claude.permissions).toEqual({ allow: ['Bash(*)', 'Bash(git diff:*)', 'Bash(npm run test:*)', 'Read(./src/**)'], ask: [], deny: ['Read(./.env)'] });
    expect(claude.mcpServers).toEqual(['mcp:.mcp.json#filesystem', 'mcp:.mcp.json#github']);
    expect(claude.credentials).toEqual([{ reference: 'GITHUB_TOKEN', class: 'human', via: 'MCP server github' }]);
  });

  it('answers the diagnostic question per agent: access, what is missing, servers and credentials by id', () => {
    const onCall = report.access.find((a) => a.name === 'on-call')!;
    expect(onCall.answer).toBe('no');
    expect(onCall.missing).toEqual(['`shell.exec` takes its target from the model (restartService, runDiagnostics)', '`db.query` takes its target from the model (ticketStats)']);
    expect(onCall.operations.map((o) => `${o.operation}:${o.provenance}`)).toEqual(['db.query:model', 'fs.read:constrained', 'shell.exec:model']);
    const triage = report.access.find((a) => a.name === 'Triage')!;
    // Triage reaches the refund tool only through its handoff to Billing.
    expect(triage.tools.find((t) => t.name === 'refund_order')?.via).toBe('through a handoff or agent-as-tool');
    expect(report.mcpServers.find((s) => s.name === 'filesystem')?.scope).toBe('files under / via MCP server filesystem');
    expect(report.credentials.find((c) => c.reference === 'GITHUB_TOKEN')?.heldBy).toContain('agent:harness:claude-code');
  });

  it('is deterministic: same input, same bytes; relative POSIX paths; no timestamps', () => {
    const again = toJsonReport(scanCase(path.join(FIXTURES, 'projects', 'support-desk')), { name: 'leash', version: '0.0.0' });
    const text = JSON.stringify(report);
    expect(JSON.stringify(again)).toBe(text);
    expect(text).not.toMatch(/\/work\/|\\\\|"\d{4}-\d{2}-\d{2}T/);
  });

  it('fingerprints survive unrelated edits: lines move, fingerprints stay', () => {
    const copy = tempDir('leash-fp-');
    cpSync(path.join(FIXTURES, 'projects', 'support-desk'), copy, { recursive: true });
    const shell = path.join(copy, 'src', 'tools', 'ops.ts');
    writeFileSync(shell, `// A comment added above everything.\n\n${readFileSync(shell, 'utf8')}`);
    const moved = toJsonReport(scanCase(copy), { name: 'leash', version: '0.0.0' });
    expect(moved.findings.map((f) => f.fingerprint)).toEqual(report.findings.map((f) => f.fingerprint));
    expect(moved.findings.find((f) => f.location.file === 'src/tools/ops.ts')?.location.line).toBe(report.findings.find((f) => f.location.file === 'src/tools/ops.ts')!.location.line + 2);
  });
});
