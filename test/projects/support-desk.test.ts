import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, scanCase } from '../support/fixtures.js';

/**
 * The bundled example project, end to end through the graph: every agent, every tool with the
 * agents that reach it (handoffs included), and what each tool's implementation reaches.
 */
describe('fixtures/projects/support-desk', () => {
  const result = scanCase(path.join(FIXTURES, 'projects', 'support-desk'));
  const graph = result.graph;

  it('finds the three agents of two SDKs', () => {
    expect(graph.nodesOf('agent').filter((a) => a.origin === 'code').map((a) => `${a.framework} ${a.name} ${a.location?.file}:${a.location?.line}`)).toEqual([
      'ai-sdk on-call src/agents/ops.ts:6',
      'openai-agents Billing src/agents/support.ts:4',
      'openai-agents Triage src/agents/support.ts:10',
    ]);
  });

  it('finds every tool, with the agents that can call it directly or through a handoff', () => {
    const tools = graph.nodesOf('tool').map((t) => `${t.name} ${t.location?.file}:${t.location?.line} <- ${graph.agentsReaching(t.id).map((a) => a.name).join(', ')}`);
    expect(tools).toEqual([
      // Granted by the harness configs: each allow rule, and each MCP server's tools as one bundle.
      'Bash(*) .claude/settings.json:3 <- Claude Code in this repository',
      'Bash(git diff:*) .claude/settings.json:3 <- Claude Code in this repository',
      'Bash(npm run test:*) .claude/settings.json:3 <- Claude Code in this repository',
      'Read(./src/**) .claude/settings.json:3 <- Claude Code in this repository',
      'mcp__filesystem__* .mcp.json:8 <- Claude Code in this repository',
      'mcp__github__* .mcp.json:3 <- Claude Code in this repository',
      'readLog src/tools/ops.ts:10 <- on-call',
      'restartService src/tools/ops.ts:35 <- on-call',
      'runDiagnostics src/tools/ops.ts:20 <- on-call',
      'ticketStats src/tools/ops.ts:26 <- on-call',
      'lookup_order src/tools/orders.ts:6 <- Billing, Triage',
      'refund_order src/tools/orders.ts:16 <- Billing, Triage',
    ]);
  });

  it('follows each tool to its operations, through helpers and path aliases, with provenance', () => {
    const reaches = graph.edges
      .filter((e) => e.kind === 'reaches' && e.from.startsWith('tool:'))
      .map((e) => {
        const sink = e.evidence[e.evidence.length - 1];
        const provenance = e.provenance?.kind === 'constrained' ? `constrained(${e.provenance.by})` : e.provenance?.kind;
        return `${graph.node(e.from)?.name} -> ${graph.node(e.to)?.name} at ${sink.file}:${sink.line} [${provenance}] via ${(e.via ?? []).join(' > ')}`;
      })
      .sort();
    expect(reaches).toEqual([
      'lookup_order -> db.query at src/tools/orders.ts:11 [constant] via lookup_order > pool.query',
      'readLog -> fs.read at src/tools/ops.ts:16 [constrained(path-confined)] via readLog > readFile',
      'refund_order -> payment.transfer at src/tools/orders.ts:21 [model] via refund_order > stripe.refunds.create',
      'restartService -> shell.exec at src/lib/shell.ts:8 [constrained(enum)] via restartService > run() > execAsync',
      'runDiagnostics -> shell.exec at src/lib/shell.ts:8 [model] via runDiagnostics > run() > execAsync',
      'ticketStats -> db.query at src/tools/ops.ts:30 [model] via ticketStats > pool.query',
    ]);
  });

  it('reads the harness configs: the MCP servers Claude Code loads and what they grant', () => {
    const servers = graph.nodesOf('mcp-server').map((s) => `${s.name} ${s.package} pinned=${s.attrs?.pinned} <- ${graph.agentsReaching(s.id).map((a) => a.name).join(', ')}`);
    expect(servers).toEqual([
      'filesystem @modelcontextprotocol/server-filesystem@2025.8.21 pinned=true <- Claude Code in this repository',
      'github @modelcontextprotocol/server-github pinned=false <- Claude Code in this repository',
    ]);
    const filesystem = graph.nodesOf('mcp-server').find((s) => s.name === 'filesystem')!;
    expect(graph.outgoing(filesystem.id, 'reaches').map((e) => `${graph.node(e.to)?.name} ${e.attrs?.scope}`)).toEqual(['fs.read /', 'fs.write /']);
  });

  it('records the approval gate on restartService and the telemetry of the on-call agent', () => {
    const restart = graph.nodesOf('tool').find((t) => t.name === 'restartService')!;
    expect(graph.outgoing(restart.id, 'gated-by').map((e) => graph.node(e.to))).toMatchObject([{ kind: 'gate', mechanism: 'needsApproval', strength: 'always' }]);
    const onCall = graph.nodesOf('agent').find((a) => a.name === 'on-call')!;
    expect(graph.outgoing(onCall.id, 'audited-by').map((e) => graph.node(e.to))).toMatchObject([{ kind: 'audit', mechanism: 'experimental_telemetry', enabled: true }]);
  });
});
