/**
 * LangChain.js / LangGraph.js: `tool(func, fields)`, `DynamicStructuredTool` / `DynamicTool`,
 * `StructuredTool` / `Tool` subclasses, `createAgent` (with `humanInTheLoopMiddleware`),
 * `createReactAgent`, `ToolNode` (also as a `StateGraph` node compiled with `interruptBefore`),
 * `model.bindTools(tools)`, the legacy `AgentExecutor`, `interrupt()` inside a tool,
 * `MultiServerMCPClient` with `getTools()`, and `loadMcpTools(name, client)`.
 */
import type * as TS from 'typescript';
import { ts } from '../typescript.js';
import type { Location } from '../../../graph/model.js';
import type { AgentFact, ClassFact, GateFact, ToolFact, Val } from '../facts.js';
import type { CallSite, Recognizer, StatefulContext } from '../recognizer.js';
import { withState } from '../recognizer.js';
import { isImportOf, methodOf, prop, propLoc, stringOf, stringsOf, templateText } from '../vals.js';
import { contextOf, dynamicText, nameHint, packageOf, readTransport } from './common.js';

const LANGCHAIN = /^(?:@langchain\/[\w-]+(?:\/[\w/-]+)?|langchain(?:\/[\w/-]+)?)$/;
const LANGGRAPH = /^@langchain\/langgraph(?:\/[\w/-]+)?$/;
const MCP_ADAPTERS = /^@langchain\/mcp-adapters(?:\/[\w/-]+)?$/;
const MCP_SDK_CLIENT = /^@modelcontextprotocol\/(?:sdk\/client(?:\/index)?(?:\.js)?|client)$/;
/** Agent constructors that take one options object with `tools`. */
const OPTION_AGENTS = ['createAgent', 'createReactAgent', 'createToolCallingAgent', 'createOpenAIToolsAgent', 'createOpenAIFunctionsAgent', 'createStructuredChatAgent', 'createXmlAgent'];
/** What a DynamicTool / `Tool` subclass takes: one free string. */
const STRING_INPUT: Val = { k: 'schema', schema: { form: 'string', open: false, properties: { input: { type: 'string' } } } };

/** What one file has made so far, so that later calls can amend it (facts are stored by reference). */
interface FileState {
  agents: Map<string, AgentFact>;
  /** `StateGraph.addNode(name, toolNode)`: node name → ToolNode agent id. */
  graphNodes: Map<string, string>;
  /** MCP server fact id → its name, for `getTools('github')` filters. */
  servers: Map<string, string>;
  /** An MCP SDK client → the transport it was connected with (`client.connect(transport)`). */
  connected: WeakMap<Val, Val>;
  /** Functions of this file that call LangGraph `interrupt()`, with the first such call. */
  interrupters: Map<string, Location>;
  /** Tools whose implementation may yet turn out to call `interrupt()` (its helpers are visited later). */
  pending: { start: string; methods?: Record<string, string>; gates: GateFact[] }[];
}

type Ctx = StatefulContext<FileState>;

export const langchain: Recognizer = {
  framework: 'langchain',
  modules: LANGCHAIN,
  create(base) {
    const ctx = withState(base, { agents: new Map(), graphNodes: new Map(), servers: new Map(), connected: new WeakMap(), interrupters: new Map(), pending: [] });
    return { call: (site) => visitCall(site, ctx), classDeclaration: (cls) => visitClass(cls, ctx) };
  },
};

function visitCall(site: CallSite, ctx: Ctx): Val | undefined {
  const { callee, kind } = site;
  if (kind === 'call' && isImportOf(callee, LANGGRAPH, 'interrupt')) return noteInterrupt(site, ctx);
  if (kind === 'call' && isImportOf(callee, LANGCHAIN, 'tool')) return funcTool(site, ctx);
  if (kind === 'new' && isImportOf(callee, LANGCHAIN, ['DynamicStructuredTool', 'DynamicTool'])) return fieldsTool(site, ctx);
  if (kind === 'call' && isImportOf(callee, LANGCHAIN, OPTION_AGENTS)) return optionsAgent(site, ctx, prop(site.args[0], 'tools'));
  if (kind === 'call' && isImportOf(callee, LANGCHAIN, 'initializeAgentExecutorWithOptions')) return optionsAgent(site, ctx, site.args[0], site.args[2]);
  if (kind === 'new' && isImportOf(callee, LANGCHAIN, 'AgentExecutor')) return executor(site, ctx);
  if (kind === 'new' && isImportOf(callee, LANGGRAPH, 'ToolNode')) return toolNode(site, ctx);
  if (kind === 'new' && isImportOf(callee, MCP_ADAPTERS, 'MultiServerMCPClient')) return mcpClient(site, ctx);
  if (kind === 'call' && isImportOf(callee, MCP_ADAPTERS, 'loadMcpTools')) return loadMcpTools(site, ctx);
  const call = methodOf(callee);
  if (kind !== 'call' || !call) return undefined;
  if (call.method === 'bindTools' && site.args[0]) return bindTools(site, ctx);
  if (call.method === 'fromAgentAndTools' && isImportOf(call.receiver, LANGCHAIN, 'AgentExecutor')) return executor(site, ctx);
  if (call.method === 'getTools') return mcpTools(site, ctx, call.receiver);
  if (call.method === 'addNode') return noteGraphNode(site, ctx);
  if (call.method === 'compile') return compileGates(site, ctx);
  if (call.method === 'connect' && call.receiver.k === 'new' && isImportOf(call.receiver.callee, MCP_SDK_CLIENT, 'Client') && site.args[0]) {
    ctx.state.connected.set(call.receiver, site.args[0]);
  }
  return undefined;
}

function visitClass(cls: ClassFact, ctx: Ctx): void {
  if (!isImportOf(cls.extends, LANGCHAIN, ['StructuredTool', 'Tool', 'DynamicStructuredTool'])) return;
  classTool(cls, ctx);
}

// ---------------------------------------------------------------- tools

/** `tool(async (input) => ..., { name, description, schema })`: the function comes first. */
function funcTool(site: CallSite, ctx: Ctx): Val {
  const [func, fields] = site.args;
  // langchain v1 `tool({ name, schema })` with no function is a headless tool the client executes.
  if (func?.k === 'obj' && !fields) return addTool(site, ctx, undefined, func, 'tool (headless)');
  return addTool(site, ctx, func, fields, 'tool');
}

function fieldsTool(site: CallSite, ctx: Ctx): Val {
  const fields = site.args[0];
  return addTool(site, ctx, prop(fields, 'func'), fields, site.calleeText.replace(/^new /, '').split('.').pop() ?? 'DynamicStructuredTool');
}

function addTool(site: CallSite, ctx: Ctx, func: Val | undefined, fields: Val | undefined, construct: string): Val {
  const name = templateText(prop(fields, 'name'));
  const schema = prop(fields, 'schema');
  // `tool()` without a schema, and `DynamicTool`, give the model one string (`tool()` checks `!fields.schema`).
  const stringInput = construct === 'DynamicTool' || (construct === 'tool' && !schema && fields?.k === 'obj');
  const gates: GateFact[] = [];
  watchInterrupt(func, gates, ctx);
  return ctx.addTool(
    {
      framework: 'langchain',
      construct,
      kind: func ? 'function' : 'client',
      name,
      nameVal: dynamicText(prop(fields, 'name')),
      bindingName: site.bindingName,
      description: stringOf(prop(fields, 'description')),
      descriptionVal: dynamicText(prop(fields, 'description')),
      schema: schema ?? (stringInput ? STRING_INPUT : undefined),
      schemaLoc: propLoc(fields, 'schema', site.loc),
      impl: func,
      inputParam: { index: 0, path: [] },
      gates,
      repeated: site.repeated,
      loc: site.loc,
    },
    name ?? nameHint(site, 'tool'),
  );
}

/** `class SearchTool extends StructuredTool { name = 'search'; schema = ...; async _call(input) {...} }` */
function classTool(cls: ClassFact, ctx: Ctx): void {
  const implId = cls.methods._call ?? cls.methods.call ?? cls.methods.invoke;
  const impl: Val | undefined = implId ? { k: 'fn', id: implId } : undefined;
  const name = templateText(cls.props.name) ?? cls.name;
  const stringInput = isImportOf(cls.extends, LANGCHAIN, 'Tool');
  const gates: GateFact[] = [];
  watchInterrupt(impl, gates, ctx, cls.methods);
  const fact: Omit<ToolFact, 'id'> = {
    framework: 'langchain',
    construct: `extends ${stringInput ? 'Tool' : 'StructuredTool'}`,
    kind: 'function',
    name,
    bindingName: cls.name,
    description: stringOf(cls.props.description),
    schema: cls.props.schema ?? (stringInput ? STRING_INPUT : undefined),
    schemaLoc: cls.loc,
    impl,
    inputParam: { index: 0, path: [] },
    gates,
    loc: cls.loc,
    attrs: { classId: cls.id },
  };
  ctx.addTool(fact, cls.name);
}

// ---------------------------------------------------------------- interrupt() inside a tool

/**
 * LangGraph `interrupt()` pauses the run for a human before the tool goes on. It counts when the
 * tool's implementation calls it, directly or through functions of the same file (`this.confirm()`
 * in a tool class, a helper declared below). Helpers declared with `function` are visited after
 * the tool is made, so the tool stays watched until the file is done: each `interrupt()` seen later
 * re-checks the watched tools. The gates array is the tool fact's own, so a late gate still counts.
 */
function watchInterrupt(impl: Val | undefined, gates: GateFact[], ctx: Ctx, methods?: Record<string, string>): void {
  if (impl?.k !== 'fn') return;
  const st = ctx.state;
  const watched = { start: impl.id, methods, gates };
  if (!checkInterrupt(watched, ctx)) st.pending.push(watched);
}

function checkInterrupt(watched: FileState['pending'][number], ctx: Ctx): boolean {
  const loc = interruptReached(watched.start, ctx, watched.methods);
  if (!loc) return false;
  watched.gates.push({ mechanism: 'interrupt()', strength: 'always', loc });
  return true;
}

/** The first `interrupt()` reachable from a function through calls and callbacks of this file. */
function interruptReached(start: string, ctx: Ctx, methods?: Record<string, string>): Location | undefined {
  const st = ctx.state;
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const known = st.interrupters.get(id);
    if (known) return known;
    const fn = ctx.functionOf({ k: 'fn', id });
    for (const call of fn?.calls ?? []) {
      if (isImportOf(call.callee, LANGGRAPH, 'interrupt')) return call.loc;
      const callee = call.callee;
      if (callee.k === 'fn') queue.push(callee.id);
      else if (callee.k === 'member' && callee.obj.k === 'this' && methods?.[callee.prop]) queue.push(methods[callee.prop]);
      for (const arg of call.args) if (arg.k === 'fn') queue.push(arg.id);
    }
  }
  return undefined;
}

/** Records the function that calls `interrupt()` and re-checks the tools still watched. */
function noteInterrupt(site: CallSite, ctx: Ctx): undefined {
  const st = ctx.state;
  const owner = enclosingFunction(site.node);
  if (!owner) return undefined;
  const id = ctx.functionValOf(owner);
  if (id.k !== 'fn' || st.interrupters.has(id.id)) return undefined;
  st.interrupters.set(id.id, site.loc);
  st.pending = st.pending.filter((watched) => !checkInterrupt(watched, ctx));
  return undefined;
}

function enclosingFunction(node: TS.Node): TS.FunctionLikeDeclaration | undefined {
  for (let at: TS.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isFunctionDeclaration(at) || ts.isFunctionExpression(at) || ts.isArrowFunction(at) || ts.isMethodDeclaration(at) || ts.isConstructorDeclaration(at) || ts.isGetAccessorDeclaration(at)) return at;
  }
  return undefined;
}

// ---------------------------------------------------------------- agents

/**
 * `createAgent({ tools, middleware })`, `createReactAgent({ llm, tools, interruptBefore })`, the
 * legacy `createToolCallingAgent({ llm, tools })` and `initializeAgentExecutorWithOptions(tools, llm)`.
 */
function optionsAgent(site: CallSite, ctx: Ctx, tools: Val | undefined, options: Val | undefined = site.args[0]): Val {
  const st = ctx.state;
  const construct = site.calleeText.split('.').pop() ?? 'createAgent';
  const name = stringOf(prop(options, 'name')) ?? nameHint(site, construct);
  const gates = [...hitlGates(prop(options, 'middleware')), ...interruptBefore(options, site.loc)];
  const context = contextOf(options, ['systemPrompt', 'prompt', 'messageModifier', 'stateModifier'], site.loc);
  // `createReactAgent({ tools: toolNode })`: the ToolNode made above is this agent's tool runner.
  const wrapped = tools?.k === 'agent' ? st.agents.get(tools.id) : undefined;
  if (wrapped?.construct === 'ToolNode' && tools?.k === 'agent') {
    Object.assign(wrapped, { name, construct, loc: site.loc, context });
    wrapped.gates.push(...gates);
    return tools;
  }
  const fact: Omit<AgentFact, 'id'> = { framework: 'langchain', construct, name, tools, gates, audits: [], context, loc: site.loc };
  return remember(ctx, fact, name);
}

/** `new AgentExecutor({ agent, tools })`, `AgentExecutor.fromAgentAndTools(...)`: runs an agent made above. */
function executor(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const inner = prop(options, 'agent');
  const fact = inner?.k === 'agent' ? ctx.state.agents.get(inner.id) : undefined;
  if (!fact || inner?.k !== 'agent') return optionsAgent(site, ctx, prop(options, 'tools'));
  // The executor runs the tools it is given; the agent's own list only describes them to the model.
  // It is what the project runs and exports, so its name is the agent's.
  fact.tools = prop(options, 'tools') ?? fact.tools;
  fact.construct = 'AgentExecutor';
  fact.name = stringOf(prop(options, 'name')) ?? site.bindingName ?? fact.name;
  fact.loc = site.loc;
  return inner;
}

/**
 * `humanInTheLoopMiddleware({ interruptOn: { tool: true | { allowedDecisions } | false } })`:
 * a gate per listed tool; `false` says explicitly that the tool runs without asking.
 */
function hitlGates(middleware: Val | undefined): GateFact[] {
  const gates: GateFact[] = [];
  const items = middleware?.k === 'arr' ? middleware.items.flatMap((i) => (i.k === 'spread' && i.v.k === 'arr' ? i.v.items : [i])) : [];
  for (const item of items) {
    if (item.k !== 'call' || !isImportOf(item.callee, LANGCHAIN, 'humanInTheLoopMiddleware')) continue;
    const interruptOn = prop(item.args[0], 'interruptOn');
    for (const p of interruptOn?.k === 'obj' ? interruptOn.props : []) {
      if (!p.key || p.spread) continue;
      const off = p.v.k === 'lit' && p.v.v === false;
      gates.push({ mechanism: 'humanInTheLoopMiddleware', strength: off ? 'auto-approve' : 'always', loc: p.loc ?? item.loc, tools: [p.key] });
    }
  }
  return gates;
}

/** `interruptBefore: ['tools']` (or `'*'`) stops the graph before its tools node runs. */
function interruptBefore(options: Val | undefined, fallback: Location, toolNodes: string[] = ['tools']): GateFact[] {
  const value = prop(options, 'interruptBefore');
  const names = stringOf(value) === '*' ? ['*'] : stringsOf(value);
  if (!names?.some((n) => n === '*' || toolNodes.includes(n))) return [];
  return [{ mechanism: 'interruptBefore', strength: 'always', loc: propLoc(options, 'interruptBefore', fallback) }];
}

/** `new ToolNode(tools)`: the graph node that runs the tools the model asked for. */
function toolNode(site: CallSite, ctx: Ctx): Val {
  // `createReactAgent({ tools: new ToolNode(tools) })`: only a wrapper of that agent's tools.
  if (isToolsOfAgentCall(site.node)) return site.args[0] ?? { k: 'unknown', why: 'ToolNode without tools', loc: site.loc };
  const name = nameHint(site, 'ToolNode');
  return remember(ctx, { framework: 'langchain', construct: 'ToolNode', name, tools: site.args[0], gates: [], audits: [], loc: site.loc }, name);
}

/** True for the `tools:` value of a `createReactAgent({...})` / `createAgent({...})` call. */
function isToolsOfAgentCall(node: TS.Node): boolean {
  const property = node.parent;
  if (!property || !ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name) || property.name.text !== 'tools') return false;
  const call = property.parent.parent;
  return !!call && ts.isCallExpression(call) && /(?:^|\.)create(?:React)?Agent$/.test(call.expression.getText());
}

/** `model.bindTools(tools)`: a model call that can ask for these tools (the caller runs them). */
function bindTools(site: CallSite, ctx: Ctx): Val {
  const name = nameHint(site, 'bindTools');
  remember(ctx, { framework: 'langchain', construct: 'bindTools', name, tools: site.args[0], gates: [], audits: [], loc: site.loc }, name);
  return { k: 'call', callee: site.callee, args: site.args, loc: site.loc };
}

function remember(ctx: Ctx, fact: Omit<AgentFact, 'id'>, name: string): Val {
  const val = ctx.addAgent(fact, name);
  if (val.k === 'agent') ctx.state.agents.set(val.id, fact as AgentFact);
  return val;
}

/** `graph.addNode('tools', toolNode)`: remembers which node name runs the tools. */
function noteGraphNode(site: CallSite, ctx: Ctx): undefined {
  const [nameArg, node] = site.args;
  const name = stringOf(nameArg);
  const st = ctx.state;
  if (name && node?.k === 'agent' && st.agents.get(node.id)?.construct === 'ToolNode') st.graphNodes.set(name, node.id);
  return undefined;
}

/**
 * `graph.compile({ interruptBefore: ['tools'] })`: the graph stops before its ToolNode runs, so
 * every tool call of the ToolNode — and of the model calls of this file whose tool calls it runs —
 * waits for a human.
 */
function compileGates(site: CallSite, ctx: Ctx): undefined {
  const st = ctx.state;
  const gates = interruptBefore(site.args[0], site.loc, [...st.graphNodes.keys()]);
  if (gates.length === 0) return undefined;
  const names = stringOf(prop(site.args[0], 'interruptBefore')) === '*' ? [...st.graphNodes.keys()] : stringsOf(prop(site.args[0], 'interruptBefore')) ?? [];
  for (const name of names) st.agents.get(st.graphNodes.get(name) ?? '')?.gates.push(...gates);
  for (const agent of st.agents.values()) if (agent.construct === 'bindTools') agent.gates.push(...gates);
  return undefined;
}

// ---------------------------------------------------------------- MCP

/**
 * `new MultiServerMCPClient({ mcpServers: { name: connection } })` or a bare record of
 * connections: one server per entry. The client stands for the list of its servers.
 */
function mcpClient(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const servers = prop(options, 'mcpServers') ?? options;
  const items: Val[] = [];
  for (const p of servers?.k === 'obj' ? servers.props : []) {
    if (!p.key || p.spread || p.v.k === 'lit' || p.v.k === 'fn') continue;
    items.push(addServer(ctx, p.key, readTransport(p.v), 'MultiServerMCPClient', p.loc ?? site.loc));
  }
  return items.length > 0 ? { k: 'arr', items } : { k: 'unknown', why: 'MCP client without readable servers', loc: site.loc };
}

function addServer(ctx: Ctx, name: string, transport: ReturnType<typeof readTransport>, construct: string, loc: Location): Val {
  const server = ctx.addServer({ framework: 'langchain', construct, name, ...transport, package: packageOf(transport.command, transport.args), loc }, name);
  if (server.k === 'server') ctx.state.servers.set(server.id, name);
  return server;
}

/**
 * `await client.getTools()` (or `getTools('github')`): every tool of those servers, unknown until
 * run time. A client imported from another module is resolved when linking.
 */
function mcpTools(site: CallSite, ctx: Ctx, receiver: Val): Val | undefined {
  const st = ctx.state;
  const servers = receiver.k === 'arr' && receiver.items.length > 0 && receiver.items.every((i) => i.k === 'server' && st.servers.has(i.id)) ? (receiver.items as Extract<Val, { k: 'server' }>[]) : undefined;
  if (servers) {
    const wanted = site.args.length === 1 && site.args[0].k === 'arr' ? stringsOf(site.args[0]) : site.args.map(stringOf).every((s) => s !== undefined) && site.args.length > 0 ? (site.args.map(stringOf) as string[]) : undefined;
    const chosen = servers.filter((s) => !wanted || wanted.includes(st.servers.get(s.id)!));
    return { k: 'arr', items: chosen.map((s) => toolSource(site, ctx, s, st.servers.get(s.id)!)) };
  }
  if ((receiver.k === 'ref' || receiver.k === 'import') && /mcp|client/i.test(receiver.name)) return toolSource(site, ctx, receiver);
  return undefined;
}

/** `loadMcpTools('math', client)` on an MCP SDK client connected above with a transport. */
function loadMcpTools(site: CallSite, ctx: Ctx): Val {
  const [nameArg, client] = site.args;
  const name = stringOf(nameArg) ?? nameHint(site, 'mcp');
  const transport = client ? ctx.state.connected.get(client) : undefined;
  const server = addServer(ctx, name, readTransport(transport), 'loadMcpTools', site.loc);
  return toolSource(site, ctx, server, name);
}

function toolSource(site: CallSite, ctx: Ctx, server: Val, serverName?: string): Val {
  return ctx.addTool(
    {
      framework: 'langchain',
      construct: `${site.calleeText}()`,
      kind: 'mcp',
      ...(serverName ? { name: `${serverName}/*` } : {}),
      // From a client imported from another module: `mcp.getTools()` names the source.
      bindingName: site.bindingName ?? `${site.calleeText}()`,
      gates: [],
      loc: site.loc,
      server,
      attrs: { source: 'mcp-client', ...(serverName ? { server: serverName } : {}) },
    },
    serverName ? `${serverName}/*` : nameHint(site, 'mcp-tools'),
  );
}
