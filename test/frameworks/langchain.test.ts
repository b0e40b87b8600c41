import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { scan } from '../../src/engine/pipeline.js';
import type { AccessGraph } from '../../src/graph/graph.js';
import type { Location } from '../../src/graph/model.js';
import { plugins } from '../../src/plugins.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/projects/langchain-devops');
const at = (l: Location | undefined) => (l ? `${l.file}:${l.line}` : '?');

/** Every reach of a tool as `tool -> op at sink [provenance] via path`, sorted. */
function reaches(graph: AccessGraph): string[] {
  return graph.edges
    .filter((e) => e.kind === 'reaches' && e.from.startsWith('tool:'))
    .map((e) => {
      const provenance = e.provenance?.kind === 'constrained' ? `constrained(${e.provenance.by})` : e.provenance?.kind;
      return `${graph.node(e.from)?.name} -> ${graph.node(e.to)?.name} at ${at(e.evidence[e.evidence.length - 1])} [${provenance}] via ${(e.via ?? []).join(' > ')}`;
    })
    .sort();
}

/**
 * A LangChain.js / LangGraph.js project end to end: every agent form (createAgent, createReactAgent,
 * a StateGraph with ToolNode and bindTools, the legacy AgentExecutor), every tool form, gates
 * (human-in-the-loop middleware, interrupt() in a helper, interruptBefore) and MCP tool sources.
 */
describe('LangChain: fixtures/projects/langchain-devops', () => {
  const { graph } = scan({ root: ROOT, config: DEFAULT_CONFIG, plugins });

  it('finds every agent with its construct and where it is made', () => {
    const agents = graph.nodesOf('agent').filter((a) => a.origin === 'code');
    expect(agents.map((a) => `${a.name} (${a.construct}) ${at(a.location)}`)).toEqual([
      'docs (createAgent) src/agents/docs.ts:13',
      // `tools: janitorTools` (a ToolNode made above): one agent, not two.
      'janitor (createReactAgent) src/agents/docs.ts:22',
      'ops (createAgent) src/agents/ops.ts:8',
      'researcher (createReactAgent) src/agents/research.ts:19',
      'model (bindTools) src/graph.ts:8',
      'toolNode (ToolNode) src/graph.ts:7',
      // createToolCallingAgent + AgentExecutor are one agent: the executor runs the agent's tools.
      'triageExecutor (AgentExecutor) src/legacy/triage.ts:17',
    ]);
    expect(agents.every((a) => a.framework === 'langchain')).toBe(true);
  });

  it('finds every tool, named as the model sees it, where it is defined (or instantiated)', () => {
    expect(graph.nodesOf('tool').map((t) => `${t.name} [${t.toolKind}] ${at(t.location)}`)).toEqual([
      // `client.getTools('docs')` loads the tools of one server of the client.
      'docs/* [mcp] src/agents/docs.ts:16',
      'mcpTools [mcp] src/agents/ops.ts:7',
      // A factory's tool is one tool per call, named from the call's arguments.
      'query_deployments [function] src/agents/ops.ts:12',
      'brave-search/* [mcp] src/agents/research.ts:18',
      'fetch_page [function] src/agents/research.ts:9',
      'query_incidents [function] src/legacy/triage.ts:7',
      'cleanup_artifacts [function] src/tools/cleanup.ts:9',
      'deploy [function] src/tools/deploy.ts:5',
      'write_file [function] src/tools/files.ts:6',
      'restart_* [function] src/tools/services.ts:12',
      'run_shell [function] src/tools/shell.ts:5',
    ]);
    const restart = graph.nodesOf('tool').find((t) => t.name === 'restart_*')!;
    expect(restart.attrs?.repeated).toBe(true);
    // DynamicTool takes one string.
    expect(graph.nodesOf('tool').find((t) => t.name === 'deploy')!.schema).toMatchObject({ form: 'string', open: false });
  });

  it('attaches the tools to the agents, through barrels, spreads, factories and MCP clients', () => {
    const has = graph.edges.filter((e) => e.kind === 'has-tool').map((e) => `${graph.node(e.from)?.name} -> ${graph.node(e.to)?.name}`);
    expect(has.sort()).toEqual([
      'docs -> docs/*',
      'janitor -> cleanup_artifacts',
      'model -> deploy',
      'model -> run_shell',
      'ops -> deploy',
      'ops -> mcpTools',
      'ops -> query_deployments',
      'ops -> restart_*',
      'ops -> run_shell',
      'ops -> write_file',
      'researcher -> brave-search/*',
      'researcher -> fetch_page',
      'toolNode -> deploy',
      'toolNode -> run_shell',
      'triageExecutor -> query_incidents',
      'triageExecutor -> run_shell',
    ]);
  });

  it('follows func-first tools, class _call methods (this.save()) and factory tools to their operations', () => {
    expect(reaches(graph)).toEqual([
      // The schema's anchored regex narrows the build number.
      'cleanup_artifacts -> fs.delete at src/tools/cleanup.ts:16 [constrained(pattern)] via cleanup_artifacts > rm',
      'deploy -> process.spawn at src/tools/deploy.ts:10 [constrained(fixed-binary)] via deploy > execFileSync',
      // `git push production ${ref}:main`: a ref of `--receive-pack=<command>` is an option that runs a command.
      'deploy -> shell.exec at src/tools/deploy.ts:10 [model] via deploy > execFileSync',
      'fetch_page -> net.http at src/agents/research.ts:9 [model] via fetch_page > fetch',
      'query_deployments -> db.query at src/tools/query.ts:11 [model] via query_deployments > pool.query',
      'query_incidents -> db.query at src/tools/query.ts:11 [model] via query_incidents > pool.query',
      // The unit comes from the config array the tools are mapped over, not from the model.
      'restart_* -> process.spawn at src/tools/services.ts:12 [unknown] via restart_* > execFileSync',
      'run_shell -> shell.exec at src/lib/shell.ts:8 [model] via run_shell > sh() > execAsync',
      'write_file -> fs.write at src/tools/files.ts:21 [model] via write_file > WriteFileTool.save() > writeFile',
    ]);
  });

  it('records the gates: middleware per tool, interrupt() in a helper, interruptBefore on agents and graphs', () => {
    const gates = graph.edges
      .filter((e) => e.kind === 'gated-by')
      .map((e) => {
        const gate = graph.node(e.to);
        const tools = Array.isArray(e.attrs?.tools) ? ` for ${(e.attrs.tools as string[]).join(',')}` : '';
        return gate?.kind === 'gate' ? `${graph.node(e.from)?.name} -> ${gate.mechanism} ${gate.strength} ${at(gate.location)}${tools}` : '';
      });
    expect(gates.sort()).toEqual([
      // `this.askFirst()` calls interrupt() in the class's own method.
      'cleanup_artifacts -> interrupt() always src/tools/cleanup.ts:21',
      // `confirm()` is declared below the tool and calls interrupt().
      'deploy -> interrupt() always src/tools/deploy.ts:16',
      // compile({ interruptBefore: ['tools'] }) stops before the ToolNode runs the model's calls.
      'model -> interruptBefore always src/graph.ts:26',
      'ops -> humanInTheLoopMiddleware always src/agents/ops.ts:16 for write_file',
      // `run_shell: false` says explicitly that it runs without asking.
      'ops -> humanInTheLoopMiddleware auto-approve src/agents/ops.ts:17 for run_shell',
      'researcher -> interruptBefore always src/agents/research.ts:23',
      'toolNode -> interruptBefore always src/graph.ts:26',
    ]);
  });

  it('reads the MCP servers of MultiServerMCPClient and loadMcpTools, and who uses them', () => {
    const servers = graph.nodesOf('mcp-server').map((s) => `${s.name} ${s.transport} ${s.package ?? s.url} ${at(s.location)} <- ${graph.incoming(s.id, 'uses-server').map((e) => graph.node(e.from)?.name).join(', ')}`);
    expect(servers).toEqual([
      // A bare record of connections; the tickets server's tools are never loaded.
      'docs http https://docs.internal.example.com/mcp src/agents/docs.ts:9 <- docs/*',
      'tickets stdio ./mcp/tickets.js src/agents/docs.ts:10 <- ',
      'brave-search stdio @modelcontextprotocol/server-brave-search src/agents/research.ts:18 <- brave-search/*',
      'docs http https://docs.internal.example.com/mcp src/mcp.ts:11 <- mcpTools',
      'github stdio @modelcontextprotocol/server-github src/mcp.ts:5 <- mcpTools',
    ]);
    const github = graph.nodesOf('mcp-server').find((s) => s.name === 'github')!;
    expect(graph.outgoing(github.id, 'holds').map((e) => graph.node(e.to)?.name)).toEqual(['GITHUB_TOKEN']);
    expect(graph.nodesOf('tool').filter((t) => t.toolKind === 'mcp').every((t) => t.unbounded)).toBe(true);
  });
});
