/**
 * LangChain.js / LangGraph.js: `tool(func, fields)`, `DynamicStructuredTool` / `DynamicTool`,
 * `StructuredTool` / `Tool` subclasses, `createAgent` (with `humanInTheLoopMiddleware`),
 * `createReactAgent`, `ToolNode`, `model.bindTools(tools)`, `interrupt()` inside a tool,
 * `MultiServerMCPClient` and its `getTools()`.
 */
import type { ClassFact, GateFact, ToolFact, Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { isImportOf, methodOf, prop, propLoc, stringOf, stringsOf, templateText } from '../vals.js';
import { contextOf, dynamicText, nameHint, packageOf, readTransport } from './common.js';

const LANGCHAIN = /^(?:@langchain\/[\w-]+(?:\/[\w/-]+)?|langchain(?:\/[\w/-]+)?)$/;
const LANGGRAPH = /^@langchain\/langgraph(?:\/[\w/-]+)?$/;

export const langchain: Recognizer = {
  framework: 'langchain',
  modules: LANGCHAIN,
  call(site, ctx) {
    if (site.kind === 'call' && isImportOf(site.callee, LANGCHAIN, 'tool')) return funcTool(site, ctx);
    if (site.kind === 'new' && isImportOf(site.callee, LANGCHAIN, ['DynamicStructuredTool', 'DynamicTool'])) return fieldsTool(site, ctx);
    if (site.kind === 'call' && isImportOf(site.callee, LANGCHAIN, ['createAgent', 'createReactAgent', 'createToolCallingAgent', 'createOpenAIToolsAgent', 'createDeepAgent'])) return optionsAgent(site, ctx);
    if (site.kind === 'new' && isImportOf(site.callee, LANGGRAPH, 'ToolNode')) return toolNode(site, ctx);
    if (site.kind === 'new' && isImportOf(site.callee, /^@langchain\/mcp-adapters$/, 'MultiServerMCPClient')) return mcpClient(site, ctx);
    const call = methodOf(site.callee);
    if (site.kind === 'call' && call?.method === 'bindTools' && site.args[0]) return bindTools(site, ctx);
    if (site.kind === 'call' && call?.method === 'fromAgentAndTools' && isImportOf(call.receiver, LANGCHAIN, 'AgentExecutor')) return optionsAgent(site, ctx);
    if (site.kind === 'call' && call?.method === 'getTools' && (call.receiver.k === 'server' || isImportOf(call.receiver, /^@langchain\/mcp-adapters$/, 'MultiServerMCPClient'))) return mcpTools(site, ctx, call.receiver);
    return undefined;
  },
  classDeclaration(cls, ctx) {
    if (!isImportOf(cls.extends, LANGCHAIN, ['StructuredTool', 'Tool', 'DynamicStructuredTool'])) return;
    classTool(cls, ctx);
  },
};

/** `tool(async (input) => ..., { name, description, schema })`: the function comes first. */
function funcTool(site: CallSite, ctx: RecognizerContext): Val {
  const [func, fields] = site.args;
  // langchain v1 `tool({ name, schema })` with no function is a headless tool the client executes.
  if (func?.k === 'obj' && !fields) return addTool(site, ctx, undefined, func, 'tool (headless)');
  return addTool(site, ctx, func, fields, 'tool');
}

function fieldsTool(site: CallSite, ctx: RecognizerContext): Val {
  const fields = site.args[0];
  return addTool(site, ctx, prop(fields, 'func'), fields, site.calleeText.replace(/^new /, ''));
}

function addTool(site: CallSite, ctx: RecognizerContext, func: Val | undefined, fields: Val | undefined, construct: string): Val {
  const name = templateText(prop(fields, 'name'));
  const schema = prop(fields, 'schema');
  return ctx.addTool(
    {
      framework: 'langchain',
      construct,
      kind: func ? 'function' : 'client',
      name,
      bindingName: site.bindingName,
      description: stringOf(prop(fields, 'description')),
      descriptionVal: dynamicText(prop(fields, 'description')),
      // DynamicTool takes one free string; a tool without a schema gets `{ input: string }`.
      schema: schema ?? (construct === 'DynamicTool' ? { k: 'call', callee: { k: 'import', module: 'zod', name: 'string', file: ctx.file }, args: [], loc: site.loc } : undefined),
      schemaLoc: propLoc(fields, 'schema', site.loc),
      impl: func,
      inputParam: { index: 0, path: [] },
      gates: interruptGate(func, ctx, site),
      repeated: site.repeated,
      loc: site.loc,
    },
    name ?? nameHint(site, 'tool'),
  );
}

/** `class SearchTool extends StructuredTool { name = 'search'; schema = ...; async _call(input) {...} }` */
function classTool(cls: ClassFact, ctx: RecognizerContext): void {
  const implId = cls.methods._call ?? cls.methods.call ?? cls.methods.invoke;
  const impl: Val | undefined = implId ? { k: 'fn', id: implId } : undefined;
  const name = templateText(cls.props.name) ?? cls.name;
  const fact: Omit<ToolFact, 'id'> = {
    framework: 'langchain',
    construct: `extends ${isImportOf(cls.extends, LANGCHAIN, 'Tool') ? 'Tool' : 'StructuredTool'}`,
    kind: 'function',
    name,
    bindingName: cls.name,
    description: stringOf(cls.props.description),
    schema: cls.props.schema ?? (isImportOf(cls.extends, LANGCHAIN, 'Tool') ? { k: 'call', callee: { k: 'import', module: 'zod', name: 'string', file: ctx.file }, args: [], loc: cls.loc } : undefined),
    schemaLoc: cls.loc,
    impl,
    inputParam: { index: 0, path: [] },
    gates: interruptGate(impl, ctx),
    loc: cls.loc,
    attrs: { classId: cls.id },
  };
  ctx.addTool(fact, cls.name);
}

/** LangGraph `interrupt()` called inside the tool pauses for a human before it goes on. */
function interruptGate(func: Val | undefined, ctx: RecognizerContext, site?: CallSite): GateFact[] {
  const fn = ctx.functionOf(func);
  const call = fn?.calls.find((c) => isImportOf(c.callee, LANGGRAPH, 'interrupt'));
  return call ? [{ mechanism: 'interrupt()', strength: 'always', loc: call.loc ?? site?.loc ?? fn!.loc }] : [];
}

function optionsAgent(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name')) ?? nameHint(site, site.calleeText.split('.').pop() ?? 'agent');
  const gates: GateFact[] = [];
  const middleware = prop(options, 'middleware');
  for (const item of middleware?.k === 'arr' ? middleware.items : []) {
    if (item.k !== 'call' || !isImportOf(item.callee, LANGCHAIN, 'humanInTheLoopMiddleware')) continue;
    const interruptOn = prop(item.args[0], 'interruptOn');
    for (const p of interruptOn?.k === 'obj' ? interruptOn.props : []) {
      if (!p.key) continue;
      const off = p.v.k === 'lit' && p.v.v === false;
      gates.push({ mechanism: 'humanInTheLoopMiddleware', strength: off ? 'auto-approve' : 'always', loc: p.loc ?? item.loc, tools: [p.key] });
    }
  }
  const interruptBefore = stringsOf(prop(options, 'interruptBefore'));
  if (interruptBefore?.includes('tools')) gates.push({ mechanism: 'interruptBefore: tools', strength: 'always', loc: propLoc(options, 'interruptBefore', site.loc) });
  return ctx.addAgent(
    {
      framework: 'langchain',
      construct: site.calleeText.split('.').pop() ?? 'createAgent',
      name,
      tools: prop(options, 'tools'),
      gates,
      audits: [],
      context: contextOf(options, ['systemPrompt', 'prompt', 'messageModifier', 'stateModifier'], site.loc),
      loc: site.loc,
    },
    name,
  );
}

function toolNode(site: CallSite, ctx: RecognizerContext): Val {
  const name = nameHint(site, 'ToolNode');
  return ctx.addAgent({ framework: 'langchain', construct: 'ToolNode', name, tools: site.args[0], gates: [], audits: [], loc: site.loc }, name);
}

function bindTools(site: CallSite, ctx: RecognizerContext): Val {
  const name = nameHint(site, 'bindTools');
  ctx.addAgent({ framework: 'langchain', construct: 'bindTools', name, tools: site.args[0], gates: [], audits: [], loc: site.loc }, name);
  return { k: 'call', callee: site.callee, args: site.args, loc: site.loc };
}

function mcpClient(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const servers = prop(options, 'mcpServers') ?? options;
  let first: Val | undefined;
  for (const p of servers?.k === 'obj' ? servers.props : []) {
    if (!p.key || p.spread) continue;
    const transport = readTransport(p.v);
    const server = ctx.addServer({ framework: 'langchain', construct: 'MultiServerMCPClient', name: p.key, ...transport, package: packageOf(transport.command, transport.args), loc: p.loc ?? site.loc }, p.key);
    first ??= server;
  }
  // The client stands for all its servers: `client.getTools()` returns the tools of every one.
  return first ? { k: 'server', id: (first as { id: string }).id } : { k: 'unknown', why: 'MCP client without readable servers' };
}

function mcpTools(site: CallSite, ctx: RecognizerContext, receiver: Val): Val {
  return ctx.addTool(
    { framework: 'langchain', construct: `${site.calleeText}()`, kind: 'mcp', bindingName: site.bindingName, gates: [], loc: site.loc, server: receiver, attrs: { source: 'mcp-client' } },
    nameHint(site, 'mcp-tools'),
  );
}
