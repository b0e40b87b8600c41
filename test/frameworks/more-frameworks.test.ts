import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { scan } from '../../src/engine/pipeline.js';
import type { Location } from '../../src/graph/model.js';
import { plugins } from '../../src/plugins.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const at = (l: Location | undefined) => (l ? `${l.file}:${l.line}` : '?');

/** Every tool of a fixture as `name file:line <- agents`, and the agents with their frameworks. */
function inventory(fixture: string) {
  const { graph } = scan({ root: path.join(FIXTURES, fixture), config: DEFAULT_CONFIG, plugins });
  return {
    graph,
    agents: graph.nodesOf('agent').map((a) => `${a.name} (${a.framework}) ${at(a.location)}`),
    tools: graph.nodesOf('tool').map((t) => `${t.name} ${at(t.location)} <- ${graph.agentsReaching(t.id).map((a) => a.name).join(', ')}`).sort(),
  };
}

/**
 * Server and agent frameworks beyond the seven first recognised, each read from its real `.d.ts`:
 * the tools must be found and attached to their server or agent (a good fixture that found
 * nothing would pass its rule silently, so the inventory is checked here).
 */
describe('more frameworks', () => {
  it('fastmcp: addTool and addTools on a FastMCP server', () => {
    expect(inventory('no-free-form-shell/bad/fastmcp-server').tools).toEqual(['run_command src/server.ts:11 <- ops', 'uptime src/server.ts:21 <- ops']);
    const good = inventory('no-free-form-shell/good/fastmcp-enum-commands');
    expect(good.agents).toEqual(['service-status (mcp) src/index.ts:7']);
    expect(good.tools).toEqual(['service_status src/index.ts:12 <- service-status']);
  });

  it('fastmcp: tools registered by functions looked up in a table (`registrars[category](server)`)', () => {
    const { tools } = inventory('require-approval-for-destructive/bad/api-client-module');
    expect(tools).toEqual([
      'delete_droplet src/tools/droplets.ts:17 <- droplet-ops',
      'describe_volumes src/tools/volumes.ts:6 <- droplet-ops',
      'list_droplets src/tools/droplets.ts:10 <- droplet-ops',
      'power_on_droplet src/tools/droplets.ts:33 <- droplet-ops',
      'rebuild_droplet src/tools/droplets.ts:25 <- droplet-ops',
    ]);
  });

  it('tools registered in a loop over definition objects, each dispatched through a handler map', () => {
    const { tools, graph } = inventory('no-raw-sql/bad/definition-loop-handler-map');
    expect(tools).toEqual(['account_balance src/tools/definitions.ts:11 <- ledger', 'close_account src/tools/definitions.ts:17 <- ledger', 'run_sql src/tools/definitions.ts:5 <- ledger']);
    // `LEDGER_HANDLERS[tool.name]` resolves per definition: only `run_sql` reaches the raw query.
    const reaching = graph.nodesOf('tool').filter((t) => graph.edges.some((e) => e.from === t.id && e.kind === 'reaches' && e.provenance?.kind === 'model'));
    expect(reaching.map((t) => t.name)).toEqual(['run_sql']);
    expect(graph.nodesOf('tool').find((t) => t.name === 'close_account')?.description).toBe('Close an account');
  });

  it('tool classes found by shape: a name passed to super() through a project base, or a static toolName', () => {
    expect(inventory('require-approval-for-destructive/bad/class-tools-request-helper').tools).toEqual(['delete_event src/tools/calendar.ts:30 <- assistant', 'list_events src/tools/calendar.ts:20 <- assistant']);
    // Registered by their base class's `register(server)`: each belongs to that server, and the
    // base's own `registerTool` call is no tool of its own.
    expect(inventory('no-raw-sql/bad/tool-classes-static-name').tools).toEqual(['monthly_revenue src/tools/report-tools.ts:17 <- reports', 'run_report_query src/tools/report-tools.ts:7 <- reports']);
  });

  it('an MCP server built from the SDK class a workspace package re-exports', () => {
    const { agents, tools } = inventory('no-free-form-shell/bad/workspace-reexported-server');
    expect(agents).toEqual(['acme-ops (mcp) packages/server/src/index.ts:6']);
    expect(tools).toEqual(['run packages/server/src/index.ts:8 <- acme-ops']);
  });

  it('mcp-framework: MCPTool classes belong to the MCPServer whose folder holds them', () => {
    const { agents, tools, graph } = inventory('no-raw-sql/bad/mcp-framework-tool-class');
    expect(agents).toEqual(['server (mcp) src/index.ts:4']);
    expect(tools).toEqual(['customer_orders src/tools/TableRowsTool.ts:7 <- server', 'run_query src/tools/RunQueryTool.ts:9 <- server']);
    // The `{ field: { type: z.string() } }` schema form is read as typed fields.
    const runQuery = graph.nodesOf('tool').find((t) => t.name === 'run_query')!;
    expect(runQuery.schema?.properties).toMatchObject({ sql: { type: 'string' } });
  });

  it("Cloudflare McpAgent: the server field's tools, and this.env secrets held by the server", () => {
    const { agents, tools, graph } = inventory('no-arbitrary-http/bad/cloudflare-mcp-agent');
    expect(agents).toEqual(['crm (mcp) src/index.ts:11']);
    expect(tools).toEqual(['fetch_attachment src/index.ts:21 <- crm', 'get_contact src/index.ts:14 <- crm']);
    expect(graph.nodesOf('credential').map((c) => c.name)).toContain('CRM_API_TOKEN');
  });

  it('mcp-handler: tools registered on the server the route adapter hands its initialiser', () => {
    const { agents, tools } = inventory('no-arbitrary-http/good/mcp-handler-fixed-api');
    expect(agents).toEqual(['weather (mcp) app/api/mcp/route.ts:6']);
    expect(tools).toEqual(['forecast app/api/mcp/route.ts:8 <- weather']);
  });

  it('Genkit: defineTool, and generate({ tools }) as the agent', () => {
    const { agents, tools } = inventory('no-code-eval/bad/genkit-calculator');
    expect(agents).toEqual(['mathFlow (genkit) src/index.ts:27']);
    expect(tools).toEqual(['calculate src/index.ts:6 <- mathFlow', 'round_to src/index.ts:16 <- mathFlow']);
  });

  it('VoltAgent: createTool and new Agent({ tools })', () => {
    const { agents, tools } = inventory('require-fs-confinement/bad/voltagent-file-tools');
    expect(agents).toEqual(['docs-writer (voltagent) src/index.ts:29']);
    expect(tools).toEqual(['save_draft src/index.ts:9 <- docs-writer', 'save_page src/index.ts:19 <- docs-writer']);
  });

  it('LlamaIndex.TS: tool() in both overloads, and agent({ tools })', () => {
    const { agents, tools } = inventory('no-free-form-shell/bad/llamaindex-agent');
    expect(agents).toEqual(['devbox (llamaindex) src/agent.ts:20']);
    expect(tools).toEqual(['disk_usage src/agent.ts:14 <- devbox', 'shell src/agent.ts:7 <- devbox']);
  });
});
