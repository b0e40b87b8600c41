/**
 * Mastra (0.x and 1.x): `createTool({ id, inputSchema, execute, requireApproval })` (1.x
 * `execute(input, ctx)`, 0.x `execute({ context })`), `new Agent({ name, tools, agents, workspace })`,
 * `requireToolApproval` / `toolsets` given to `agent.generate()` / `stream()`, `MCPClient` with
 * `listTools()` / `getTools()` / `listToolsets()`, and the workspace (`new Workspace({ sandbox,
 * filesystem })`) whose built-in tools run commands and write files.
 */
import type { Location } from '../../../graph/model.js';
import type { AgentFact, AuditFact, FunctionFact, GateFact, Val } from '../facts.js';
import type { CallSite, Recognizer, StatefulContext } from '../recognizer.js';
import { withState } from '../recognizer.js';
import { boolOf, isImportOf, methodOf, prop, propLoc, stringOf, templateText, walkVal } from '../vals.js';
import { ANNOTATION_KEYS, approvalGate, contextOf, dynamicText, nameHint, packageOf, readTransport } from './common.js';

const MASTRA = /^@mastra\/core(?:\/[\w/-]+)?$/;
const MASTRA_MCP = /^@mastra\/mcp$/;
const RUN_METHODS = /^(?:generate|stream|generateLegacy|streamLegacy|generateVNext|streamVNext|network)$/;

/** What one file has made so far, so that later calls can amend it (facts are stored by reference). */
interface FileState {
  agents: Map<string, AgentFact>;
  /** MCP server fact id → its name and whether its tools need approval (`requireToolApproval`). */
  servers: Map<string, { name: string; approval?: GateFact }>;
}

type Ctx = StatefulContext<FileState>;

export const mastra: Recognizer = {
  framework: 'mastra',
  modules: /^@mastra\/[\w-]+(?:\/[\w/-]+)?$/,
  create(base) {
    const ctx = withState(base, { agents: new Map(), servers: new Map() });
    return { call: (site) => visitCall(site, ctx) };
  },
};

function visitCall(site: CallSite, ctx: Ctx): Val | undefined {
  if (site.kind === 'call' && isImportOf(site.callee, MASTRA, 'createTool')) return defineTool(site, ctx);
  if (site.kind === 'new' && isImportOf(site.callee, MASTRA, 'Agent')) return defineAgent(site, ctx);
  if (site.kind === 'new' && isImportOf(site.callee, MASTRA, 'Workspace')) return workspace(site, ctx);
  if (site.kind === 'new' && isImportOf(site.callee, MASTRA, 'Mastra')) return mastraInstance(site, ctx);
  if (site.kind === 'new' && isImportOf(site.callee, MASTRA_MCP, ['MCPClient', 'MCPConfiguration'])) return mcpClient(site, ctx);
  const call = methodOf(site.callee);
  if (site.kind !== 'call' || !call) return undefined;
  if (/^(?:listTools|getTools)$/.test(call.method)) return mcpTools(site, ctx, call.receiver, false);
  if (/^(?:listToolsets|getToolsets)$/.test(call.method)) return mcpTools(site, ctx, call.receiver, true);
  if (RUN_METHODS.test(call.method) && call.receiver.k === 'agent') runOptions(site, ctx, call.receiver.id);
  return undefined;
}

/**
 * `new Mastra({ agents, observability })`: the instance that runs the agents. Its observability
 * (or 0.x `telemetry`) traces every agent it registers, tool calls included.
 */
function mastraInstance(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const audits: AuditFact[] = [];
  for (const key of ['observability', 'telemetry']) {
    const setting = prop(options, key);
    if (!setting) continue;
    const enabled = prop(setting, 'enabled');
    audits.push({ mechanism: `Mastra ${key}`, enabled: !(enabled?.k === 'lit' && enabled.v === false), loc: propLoc(options, key, site.loc) });
  }
  return ctx.addAgent({ framework: 'mastra', construct: 'Mastra', name: 'mastra', handoffs: prop(options, 'agents'), gates: [], audits, loc: site.loc, attrs: { instance: true } }, 'mastra');
}

// ---------------------------------------------------------------- tools

function defineTool(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const execute = prop(options, 'execute');
  const schema = prop(options, 'inputSchema');
  const gates: GateFact[] = [];
  const approval = approvalGate(prop(options, 'requireApproval'), 'requireApproval', propLoc(options, 'requireApproval', site.loc), ctx);
  if (approval) gates.push(approval);
  if (prop(options, 'suspendSchema')) gates.push({ mechanism: 'suspend / resume', strength: 'conditional', loc: propLoc(options, 'suspendSchema', site.loc) });
  // `report-${name}` in a loop reads as `report-*`; a factory's `id: config.id` is filled per call.
  const id = templateText(prop(options, 'id'));
  const annotations = annotationsOf(prop(prop(options, 'mcp'), 'annotations'));
  return ctx.addTool(
    {
      framework: 'mastra',
      construct: 'createTool',
      kind: execute ? 'function' : 'client',
      name: id,
      nameVal: dynamicText(prop(options, 'id')),
      bindingName: site.bindingName,
      description: stringOf(prop(options, 'description')),
      descriptionVal: dynamicText(prop(options, 'description')),
      schema: schema ?? { k: 'lit', v: null },
      schemaLoc: propLoc(options, 'inputSchema', site.loc),
      impl: execute,
      inputParam: { index: 0, path: isLegacyExecute(ctx.functionOf(execute), schema) ? ['context'] : [] },
      gates,
      ...(annotations ? { annotations } : {}),
      repeated: site.repeated,
      loc: site.loc,
    },
    id ?? nameHint(site, 'tool'),
  );
}

/**
 * 0.x calls `execute({ context, runtimeContext, mastra })` where `context` is the validated input;
 * 1.x calls `execute(input, ctx)`. 0.x code destructures `context` from the first parameter or reads
 * `args.context.x`; 1.x code reads `context` only when the schema itself has such a field.
 */
function isLegacyExecute(fn: FunctionFact | undefined, schema: Val | undefined): boolean {
  if (!fn) return false;
  if (fn.paramKeys?.[0]?.includes('context')) return true;
  const shape = schema?.k === 'call' ? schema.args[0] : undefined;
  if (prop(shape, 'context')) return false;
  let reads = false;
  const visit = (v: Val) => (reads ||= v.k === 'param' && v.fn === fn.id && v.index === 0 && v.path[0] === 'context');
  for (const call of fn.calls) for (const arg of [call.callee, ...call.args]) walkVal(arg, visit);
  for (const returned of fn.returns) walkVal(returned, visit);
  return reads;
}

/** `mcp: { annotations: { readOnlyHint: true } }`: what the tool claims about itself when served over MCP. */
function annotationsOf(val: Val | undefined): Record<string, boolean> | undefined {
  if (val?.k !== 'obj') return undefined;
  const out: Record<string, boolean> = {};
  for (const key of ANNOTATION_KEYS) {
    const b = boolOf(prop(val, key));
    if (b !== undefined) out[key] = b;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

// ---------------------------------------------------------------- agents

function defineAgent(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name')) ?? stringOf(prop(options, 'id')) ?? nameHint(site, 'agent');
  const tools = prop(options, 'tools');
  const dynamic = tools?.k === 'fn' ? [{ reason: 'tools are computed per request (a function of requestContext)', loc: propLoc(options, 'tools', site.loc) }] : [];
  // The workspace's built-in tools (see `workspace` below), also when it is made in another module.
  const space = prop(options, 'workspace');
  const spaceTools: Val | undefined = space ? { k: 'member', obj: space, prop: 'tools' } : undefined;
  const fact: Omit<AgentFact, 'id'> = {
    framework: 'mastra',
    construct: 'new Agent',
    name,
    tools: spaceTools ? { k: 'arr', items: [...(tools ? [{ k: 'spread', v: tools } as Val] : []), { k: 'spread', v: spaceTools }] } : tools,
    handoffs: prop(options, 'agents'),
    gates: [],
    audits: [],
    dynamic,
    context: contextOf(options, ['instructions'], site.loc),
    loc: site.loc,
    ...(space ? { attrs: { workspace: true } } : {}),
  };
  const val = ctx.addAgent(fact, name);
  if (val.k === 'agent') ctx.state.agents.set(val.id, fact as AgentFact);
  return val;
}

/**
 * `agent.generate(messages, { requireToolApproval, toolsets })`: approval of every tool call for
 * this run, and tools added for it (`toolsets: await mcp.listToolsets()`).
 */
function runOptions(site: CallSite, ctx: Ctx, agentId: string): void {
  const agent = ctx.state.agents.get(agentId);
  const options = site.args[1];
  if (!agent || options?.k !== 'obj') return;
  const approval = approvalGate(prop(options, 'requireToolApproval'), 'requireToolApproval', propLoc(options, 'requireToolApproval', site.loc), ctx);
  if (approval) agent.gates.push(approval);
  const toolsets = prop(options, 'toolsets');
  if (toolsets) agent.tools = { k: 'arr', items: [...(agent.tools ? [{ k: 'spread', v: agent.tools } as Val] : []), { k: 'spread', v: toolsets }] };
}

// ---------------------------------------------------------------- workspace

/**
 * `new Workspace({ filesystem, sandbox, tools })` gives an agent built-in tools: with a sandbox,
 * `mastra_workspace_execute_command` (a `LocalSandbox` runs it on the host, with the `env` it is
 * given); with a filesystem, file writes and deletes (unless `readOnly`). `tools.requireApproval`
 * (or per tool, `tools.mastra_workspace_execute_command.requireApproval`) asks a human first; it is
 * off by default. The value stands for `{ tools }`, so an agent in another module still finds them.
 */
function workspace(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const config = prop(options, 'tools');
  if (boolOf(prop(config, 'enabled')) === false) return { k: 'obj', props: [{ key: 'tools', v: { k: 'arr', items: [] } }] };
  const base = nameHint(site, 'workspace');
  const items: Val[] = [];
  const add = (name: string, op: string, sink: string, loc: Location, attrs: Record<string, unknown>, env?: { v: Val; loc: Location }) => {
    const own = prop(config, name);
    if (boolOf(prop(own, 'enabled')) === false) return;
    const gate = approvalGate(prop(own, 'requireApproval'), 'workspace tools.requireApproval', propLoc(own, 'requireApproval', loc), ctx) ?? approvalGate(prop(config, 'requireApproval'), 'workspace tools.requireApproval', propLoc(config, 'requireApproval', loc), ctx);
    items.push(
      ctx.addTool(
        { framework: 'mastra', construct: `Workspace ${sink}`, kind: 'harness-builtin', name, gates: gate ? [gate] : [], builtinOps: [{ op, sink, loc }], attrs, loc, ...(env ? { env } : {}) },
        `${base}/${name.replace(/^mastra_workspace_/, '')}`,
      ),
    );
  };
  const sandbox = prop(options, 'sandbox');
  if (sandbox) {
    const local = sandbox.k === 'new' && isImportOf(sandbox.callee, MASTRA, 'LocalSandbox');
    const sandboxOptions = sandbox.k === 'new' ? sandbox.args[0] : undefined;
    const env = prop(sandboxOptions, 'env');
    // Only a LocalSandbox runs on this machine; E2B, Daytona, Modal... run in a remote sandbox.
    add('mastra_workspace_execute_command', 'shell.exec', local ? 'LocalSandbox' : 'workspace sandbox', propLoc(options, 'sandbox', site.loc), { hosted: !local }, env ? { v: env, loc: propLoc(sandboxOptions, 'env', site.loc) } : undefined);
  }
  const filesystem = prop(options, 'filesystem');
  const readOnly = filesystem?.k === 'new' && boolOf(prop(filesystem.args[0], 'readOnly')) === true;
  if (filesystem && !readOnly) {
    const loc = propLoc(options, 'filesystem', site.loc);
    // The filesystem object decides which paths the tools reach (LocalFilesystem: under basePath).
    add('mastra_workspace_write_file', 'fs.write', 'Workspace filesystem', loc, { hosted: false, implementedBy: 'filesystem' });
    add('mastra_workspace_delete', 'fs.delete', 'Workspace filesystem', loc, { hosted: false, implementedBy: 'filesystem' });
  }
  return { k: 'obj', props: [{ key: 'tools', v: { k: 'arr', items } }] };
}

// ---------------------------------------------------------------- MCP

/** `new MCPClient({ servers: { name: { command, args, env } | { url } } })`: one server per entry. */
function mcpClient(site: CallSite, ctx: Ctx): Val {
  const servers = prop(site.args[0], 'servers');
  const items: Val[] = [];
  for (const p of servers?.k === 'obj' ? servers.props : []) {
    if (!p.key || p.spread) continue;
    const transport = readTransport(p.v);
    const loc = p.loc ?? site.loc;
    const server = ctx.addServer({ framework: 'mastra', construct: 'MCPClient', name: p.key, ...transport, package: packageOf(transport.command, transport.args), loc }, p.key);
    if (server.k !== 'server') continue;
    const approval = approvalGate(prop(p.v, 'requireToolApproval'), 'requireToolApproval', propLoc(p.v, 'requireToolApproval', loc), ctx);
    ctx.state.servers.set(server.id, { name: p.key, ...(approval ? { approval } : {}) });
    items.push(server);
  }
  return items.length > 0 ? { k: 'arr', items } : { k: 'unknown', why: 'MCP client without readable servers', loc: site.loc };
}

/**
 * `await mcp.listTools()` (0.x `getTools()`): every tool of every server, named `server_tool`;
 * `listToolsets()` groups them by server. Unknown until run time: one tool source per server.
 */
function mcpTools(site: CallSite, ctx: Ctx, receiver: Val, grouped: boolean): Val | undefined {
  const st = ctx.state;
  const servers = receiver.k === 'arr' && receiver.items.length > 0 && receiver.items.every((i) => i.k === 'server' && st.servers.has(i.id)) ? (receiver.items as Extract<Val, { k: 'server' }>[]) : undefined;
  if (servers) {
    return {
      k: 'obj',
      props: servers.map((s) => {
        const { name, approval } = st.servers.get(s.id)!;
        return { key: grouped ? name : null, v: toolSource(site, ctx, s, name, grouped, approval), ...(grouped ? {} : { spread: true }) };
      }),
    };
  }
  if ((receiver.k === 'ref' || receiver.k === 'import') && /mcp|client/i.test(receiver.name)) return toolSource(site, ctx, receiver);
  return undefined;
}

/** `listTools()` names each tool `server_tool`; a toolset keeps the server's own tool names. */
function toolSource(site: CallSite, ctx: Ctx, server: Val, serverName?: string, grouped = false, approval?: GateFact): Val {
  const name = serverName ? (grouped ? `${serverName}/*` : `${serverName}_*`) : undefined;
  return ctx.addTool(
    {
      framework: 'mastra',
      construct: `${site.calleeText}()`,
      kind: 'mcp',
      ...(name ? { name } : {}),
      // From a client imported from another module: `mcp.listTools()` names the source.
      bindingName: site.bindingName ?? `${site.calleeText}()`,
      gates: approval ? [approval] : [],
      loc: site.loc,
      server,
      attrs: { source: 'mcp-client', ...(serverName ? { server: serverName } : {}) },
    },
    name ?? nameHint(site, 'mcp-tools'),
  );
}
