import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { scan } from '../../src/engine/pipeline.js';
import type { Location } from '../../src/graph/model.js';
import { plugins } from '../../src/plugins.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/projects/mastra-support');
const at = (l: Location | undefined) => (l ? `${l.file}:${l.line}` : '?');

/**
 * A Mastra 1.x project end to end: agents with static, spread and dynamic tool records and a
 * sub-agent, tools from a factory and from a config array, a workspace made in its own module,
 * approval on tools, on workspace tools and on a `generate()` call, and an MCPClient.
 */
describe('Mastra: fixtures/projects/mastra-support', () => {
  const { graph } = scan({ root: ROOT, config: DEFAULT_CONFIG, plugins });

  it('finds the agents, the sub-agent they delegate to, and the dynamic tool record', () => {
    const agents = graph.nodesOf('agent').filter((a) => a.origin === 'code');
    expect(agents.map((a) => `${a.name} (${a.construct}) ${at(a.location)}`)).toEqual([
      'Incidents (new Agent) src/mastra/agents/incidents.ts:11',
      'Postmortem (new Agent) src/mastra/agents/incidents.ts:19',
      'Ops (new Agent) src/mastra/agents/ops.ts:6',
      'Analyst (new Agent) src/mastra/agents/support.ts:13',
      'Support (new Agent) src/mastra/agents/support.ts:5',
    ]);
    expect(graph.edges.filter((e) => e.kind === 'delegates').map((e) => `${graph.node(e.from)?.name} -> ${graph.node(e.to)?.name}`)).toEqual(['Ops -> Support']);
    const analyst = agents.find((a) => a.name === 'Analyst')!;
    expect(analyst.dynamicTools?.[0]).toMatchObject({ reason: 'tools are computed per request (a function of requestContext)', location: { file: 'src/mastra/agents/support.ts', line: 18 } });
  });

  it('finds every tool with where it is defined, and the agents that reach it (sub-agents included)', () => {
    expect(graph.nodesOf('tool').map((t) => `${t.name} [${t.toolKind}] ${at(t.location)} <- ${graph.agentsReaching(t.id).map((a) => a.name).join(', ')}`)).toEqual([
      // listTools() of a client made in the same file: one source per server, named `server_tool`;
      // listToolsets() given to stream() keeps the servers' own tool names.
      'logs_* [mcp] src/mastra/agents/incidents.ts:16 <- Incidents',
      'logs/* [mcp] src/mastra/agents/incidents.ts:28 <- Postmortem',
      'sentry_* [mcp] src/mastra/agents/incidents.ts:16 <- Incidents',
      'sentry/* [mcp] src/mastra/agents/incidents.ts:28 <- Postmortem',
      // From a client imported from another module: the servers are resolved when linking.
      'mcp.listTools() [mcp] src/mastra/agents/support.ts:10 <- Ops, Support',
      // Made by a factory: named by the `id` the call passes.
      'crm-lookup [function] src/mastra/tools/api.ts:14 <- Ops, Analyst, Support',
      'delete-attachment [function] src/mastra/tools/attachments.ts:8 <- Ops, Support',
      'run-command [function] src/mastra/tools/diagnostics.ts:12 <- Ops',
      'run-diagnostic [function] src/mastra/tools/diagnostics.ts:5 <- Ops',
      // One definition mapped over the reports of a config array.
      'report-* [function] src/mastra/tools/reports.ts:14 <- Ops, Analyst, Support',
      // The workspace is made in another module than the agent that uses it.
      'mastra_workspace_delete [harness-builtin] src/mastra/workspace.ts:4 <- Ops',
      'mastra_workspace_execute_command [harness-builtin] src/mastra/workspace.ts:5 <- Ops',
      'mastra_workspace_write_file [harness-builtin] src/mastra/workspace.ts:4 <- Ops',
    ]);
  });

  it('attaches each tool to the agents whose record holds it', () => {
    const has = graph.edges.filter((e) => e.kind === 'has-tool').map((e) => `${graph.node(e.from)?.name} -> ${graph.node(e.to)?.name}`);
    expect(has.sort()).toEqual([
      'Analyst -> crm-lookup',
      'Analyst -> report-*',
      'Incidents -> logs_*',
      'Incidents -> sentry_*',
      'Ops -> mastra_workspace_delete',
      'Ops -> mastra_workspace_execute_command',
      'Ops -> mastra_workspace_write_file',
      'Ops -> run-command',
      'Ops -> run-diagnostic',
      'Postmortem -> logs/*',
      'Postmortem -> sentry/*',
      'Support -> crm-lookup',
      'Support -> delete-attachment',
      'Support -> mcp.listTools()',
      'Support -> report-*',
    ]);
  });

  it('follows each tool to its operations with the provenance of the decisive argument', () => {
    const reaches = graph.edges
      .filter((e) => e.kind === 'reaches' && e.from.startsWith('tool:'))
      .map((e) => {
        const provenance = e.provenance?.kind === 'constrained' ? `constrained(${e.provenance.by})` : e.provenance?.kind;
        return `${graph.node(e.from)?.name} -> ${graph.node(e.to)?.name} at ${at(e.evidence[e.evidence.length - 1])} [${provenance}] via ${(e.via ?? []).join(' > ')}`;
      });
    expect(reaches.sort()).toEqual([
      'crm-lookup -> net.http at src/mastra/tools/api.ts:10 [constrained(host-allowlist)] via crm-lookup > fetch',
      'delete-attachment -> fs.delete at src/mastra/tools/attachments.ts:14 [constrained(path-confined)] via delete-attachment > unlink',
      'mastra_workspace_delete -> fs.delete at src/mastra/workspace.ts:4 [unknown] via mastra_workspace_delete > Workspace filesystem',
      'mastra_workspace_execute_command -> shell.exec at src/mastra/workspace.ts:5 [model] via mastra_workspace_execute_command > LocalSandbox',
      'mastra_workspace_write_file -> fs.write at src/mastra/workspace.ts:4 [unknown] via mastra_workspace_write_file > Workspace filesystem',
      'report-* -> db.query at src/mastra/tools/reports.ts:18 [unknown] via report-* > db.query',
      // bash -lc <input>: a shell, through a helper in another module.
      'run-command -> shell.exec at src/mastra/lib/run.ts:5 [model] via run-command > runScript() > spawnSync',
      'run-diagnostic -> shell.exec at src/mastra/lib/run.ts:5 [constrained(enum)] via run-diagnostic > runScript() > spawnSync',
    ]);
  });

  it('records the approvals: on a tool, per workspace tool, per MCP server and on a generate() call', () => {
    const gates = graph.edges
      .filter((e) => e.kind === 'gated-by')
      .map((e) => {
        const gate = graph.node(e.to);
        return gate?.kind === 'gate' ? `${graph.node(e.from)?.name} -> ${gate.mechanism} ${gate.strength} ${at(gate.location)}` : '';
      });
    expect(gates.sort()).toEqual([
      'Ops -> requireToolApproval always src/mastra/agents/ops.ts:18',
      'delete-attachment -> requireApproval always src/mastra/tools/attachments.ts:12',
      // `tools.requireApproval: false` for the workspace, `true` for execute_command only.
      'mastra_workspace_delete -> workspace tools.requireApproval auto-approve src/mastra/workspace.ts:7',
      'mastra_workspace_execute_command -> workspace tools.requireApproval always src/mastra/workspace.ts:8',
      'mastra_workspace_write_file -> workspace tools.requireApproval auto-approve src/mastra/workspace.ts:7',
      // `requireToolApproval: true` on the sentry server covers its tools however they are loaded.
      'sentry/* -> requireToolApproval always src/mastra/agents/incidents.ts:6',
      'sentry_* -> requireToolApproval always src/mastra/agents/incidents.ts:6',
    ]);
  });

  it('reads the MCP servers and the credentials they and the sandbox are given', () => {
    expect(graph.nodesOf('mcp-server').map((s) => `${s.name} ${s.transport} ${s.package ?? s.url} ${at(s.location)} <- ${graph.incoming(s.id, 'uses-server').map((e) => graph.node(e.from)?.name).join(', ')}`)).toEqual([
      'logs stdio @modelcontextprotocol/server-filesystem@2025.8.21 src/mastra/agents/incidents.ts:7 <- logs_*, logs/*',
      'sentry http https://mcp.sentry.dev/mcp src/mastra/agents/incidents.ts:6 <- sentry_*, sentry/*',
      'github stdio @modelcontextprotocol/server-github src/mastra/mcp.ts:5 <- mcp.listTools()',
      'linear http https://mcp.linear.app/sse src/mastra/mcp.ts:10 <- mcp.listTools()',
    ]);
    const credentials = graph.edges.filter((e) => e.kind === 'holds' || e.kind === 'inherits-env').map((e) => `${graph.node(e.from)?.name} -${e.kind}-> ${graph.node(e.to)?.name} ${at(e.evidence[0])}`);
    expect(credentials.sort()).toEqual([
      'github -holds-> GITHUB_TOKEN src/mastra/mcp.ts:5',
      'linear -holds-> LINEAR_API_KEY src/mastra/mcp.ts:10',
      // `LocalSandbox({ env: process.env })`: every command the model runs gets every secret.
      'mastra_workspace_execute_command -inherits-env-> the whole environment src/mastra/workspace.ts:5',
    ]);
  });
});
