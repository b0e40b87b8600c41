/**
 * OpenAI Agents SDK: `tool()`, `new Agent({ tools, handoffs, mcpServers })` (also assigned after
 * construction), `agent.asTool()`, `handoff()`, built-in tools (`shellTool`, `computerTool`,
 * `applyPatchTool`, hosted tools, `hostedMcpTool`) and `MCPServerStdio` / `MCPServerStreamableHttp`.
 */
import type { Location } from '../../../graph/model.js';
import type { AgentFact, GateFact, Val } from '../facts.js';
import type { CallSite, Recognizer, StatefulContext } from '../recognizer.js';
import { withState } from '../recognizer.js';
import { isImportOf, prop, propLoc, stringOf, stringsOf, templateText } from '../vals.js';
import { approvalGate, contextOf, nameHint, optionsTool, packageOf, readTransport } from './common.js';

/** The SDK and its sub-packages, including the realtime (voice) agents. */
const SDK = /^@openai\/agents(?:-core|-openai|-realtime|-extensions)?(?:\/(?:realtime|extensions|sandbox|sandbox\/local|experimental\/codex))?$/;

const BUILTINS: Record<string, { op: string; hosted: boolean }> = {
  shellTool: { op: 'shell.exec', hosted: false },
  localShellTool: { op: 'shell.exec', hosted: false },
  computerTool: { op: 'computer.use', hosted: false },
  applyPatchTool: { op: 'fs.write', hosted: false },
  codeInterpreterTool: { op: 'code.eval', hosted: true },
  webSearchTool: { op: 'net.search', hosted: true },
  fileSearchTool: { op: 'net.search', hosted: true },
  imageGenerationTool: { op: 'net.search', hosted: true },
};

/** Built-in tools that act through an object the project supplies, and the methods that do the work. */
const DELEGATES: Record<string, { option: string; methods: string[] }> = {
  shellTool: { option: 'shell', methods: ['run'] },
  applyPatchTool: { option: 'editor', methods: ['createFile', 'updateFile', 'deleteFile'] },
};

/** Agents defined in this file, so that `agent.tools = [...]` after construction can be added. */
type Ctx = StatefulContext<Map<string, AgentFact>>;

export const openaiAgents: Recognizer = {
  framework: 'openai-agents',
  modules: SDK,
  create(base) {
    const ctx = withState(base, new Map<string, AgentFact>());
    return { call: (site) => visitCall(site, ctx), assignment: (target, key, value, loc) => visitAssignment(target, key, value, loc, ctx) };
  },
};

function visitCall(site: CallSite, ctx: Ctx): Val | undefined {
  if (site.kind === 'call' && isImportOf(site.callee, SDK, 'tool')) return defineTool(site, ctx);
  if (isImportOf(site.callee, SDK, ['Agent', 'RealtimeAgent', 'SandboxAgent']) && site.kind === 'new') return defineAgent(site, ctx, `new ${site.calleeText.replace(/^new /, '').split('.').pop()}`);
  if (site.kind === 'call' && site.callee.k === 'member' && site.callee.prop === 'create' && isImportOf(site.callee.obj, SDK, 'Agent')) return defineAgent(site, ctx, 'Agent.create');
  if (site.kind === 'call' && isImportOf(site.callee, SDK, 'handoff')) return site.args[0];
  if (site.kind === 'call' && site.callee.k === 'member' && site.callee.prop === 'asTool') return agentAsTool(site, ctx);
  if (site.kind === 'call' && isImportOf(site.callee, SDK, Object.keys(BUILTINS))) return builtinTool(site, ctx);
  if (site.kind === 'call' && isImportOf(site.callee, SDK, 'hostedMcpTool')) return hostedMcp(site, ctx);
  if (site.kind === 'call' && isImportOf(site.callee, SDK, 'codexTool')) return codexTool(site, ctx);
  if (site.kind === 'new' && isImportOf(site.callee, SDK, ['MCPServerStdio', 'MCPServerStreamableHttp', 'MCPServerSSE'])) return mcpServer(site, ctx);
  return undefined;
}

function visitAssignment(target: Val, key: string, value: Val, loc: Location, ctx: Ctx): boolean {
  if (target.k !== 'agent' || !['tools', 'handoffs', 'mcpServers'].includes(key)) return false;
  const agent = ctx.state.get(target.id);
  if (!agent) return false;
  const field = key as 'tools' | 'handoffs' | 'mcpServers';
  const before = agent[field];
  agent[field] = before ? { k: 'arr', items: [{ k: 'spread', v: before }, { k: 'spread', v: value }] } : value;
  agent.attrs = { ...agent.attrs, assignedAfterConstruction: loc };
  return true;
}

function defineTool(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const execute = prop(options, 'execute');
  // The SDK names an unnamed tool after its execute function (`execute` for an inline arrow);
  // a template name reads as `status_*`.
  const fnName = ctx.functionOf(execute)?.name;
  const name = templateText(prop(options, 'name')) ?? (fnName && fnName !== 'anonymous' && fnName !== 'execute' ? fnName : undefined) ?? site.bindingName ?? (fnName === 'execute' ? 'execute' : undefined);
  const gates: GateFact[] = [];
  const approval = approvalGate(prop(options, 'needsApproval'), 'needsApproval', propLoc(options, 'needsApproval', site.loc), ctx);
  if (approval) gates.push(approval);
  return optionsTool(site, ctx, { framework: 'openai-agents', construct: 'tool', kind: 'function', options, schemaKey: 'parameters', impl: execute, name: name ?? '', gates });
}

function defineAgent(site: CallSite, ctx: Ctx, construct: string): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name')) ?? nameHint(site, 'agent');
  const dynamic: { reason: string; loc: Location }[] = [];
  const tools = prop(options, 'tools');
  if (tools && (tools.k === 'fn' || tools.k === 'param')) dynamic.push({ reason: 'tools are computed at run time', loc: propLoc(options, 'tools', site.loc) });
  const fact: Omit<AgentFact, 'id'> = {
    framework: 'openai-agents',
    construct,
    name,
    tools,
    handoffs: prop(options, 'handoffs'),
    mcpServers: prop(options, 'mcpServers'),
    gates: [],
    // Tracing is on by default in the Agents SDK; `setTracingDisabled(true)` turns it off globally.
    audits: [{ mechanism: 'agents-sdk tracing (default on)', enabled: true, loc: site.loc }],
    dynamic,
    context: contextOf(options, ['instructions', 'handoffDescription'], site.loc),
    loc: site.loc,
  };
  const val = ctx.addAgent(fact, name);
  if (val.k === 'agent') ctx.state.set(val.id, fact as AgentFact);
  return val;
}

function agentAsTool(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const gates: GateFact[] = [];
  const approval = approvalGate(prop(options, 'needsApproval'), 'needsApproval', propLoc(options, 'needsApproval', site.loc), ctx);
  if (approval) gates.push(approval);
  const receiver = site.callee.k === 'member' ? site.callee.obj : undefined;
  const name = stringOf(prop(options, 'toolName')) ?? nameHint(site, 'agent_tool');
  return ctx.addTool(
    {
      framework: 'openai-agents',
      construct: 'asTool',
      kind: 'agent-as-tool',
      name,
      bindingName: site.bindingName,
      description: stringOf(prop(options, 'toolDescription')),
      agent: receiver,
      gates,
      loc: site.loc,
    },
    name,
  );
}

/**
 * `codexTool({ sandboxMode, defaultThreadOptions: { approvalPolicy, networkAccessEnabled } })`: a
 * Codex agent behind a tool. Its options are Codex settings, read by the harness rules like a
 * `config.toml`: approvals never asked, the sandbox widened, network on.
 */
function codexTool(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const thread = prop(options, 'defaultThreadOptions');
  const flags: { name: string; value: string; location: Location }[] = [];
  const sandbox: { setting: string; value: string; location: Location }[] = [];
  for (const [holder, key, name] of [[thread, 'approvalPolicy', 'approvalPolicy'], [options, 'sandboxMode', 'sandbox_mode'], [thread, 'sandboxMode', 'sandbox_mode']] as const) {
    const value = stringOf(prop(holder, key));
    if (value) flags.push({ name, value, location: propLoc(holder, key, site.loc) });
  }
  for (const [key, setting] of [['networkAccessEnabled', 'sandbox_workspace_write.network_access'], ['webSearchEnabled', 'web_search']] as const) {
    const value = prop(thread, key);
    if (value?.k === 'lit' && value.v === true) sandbox.push({ setting, value: 'true', location: propLoc(thread, key, site.loc) });
  }
  const agent = ctx.addAgent(
    {
      framework: 'codex',
      construct: 'codexTool',
      name: 'Codex (codexTool)',
      gates: [],
      audits: [],
      loc: site.loc,
      attrs: { harness: { permissions: [], flags, sandbox, sources: [site.loc.file] } },
    },
    nameHint(site, 'codex'),
  );
  return ctx.addTool(
    {
      framework: 'openai-agents',
      construct: 'codexTool',
      kind: 'agent-as-tool',
      name: stringOf(prop(options, 'name')) ?? 'codex',
      bindingName: site.bindingName,
      agent,
      gates: [],
      loc: site.loc,
    },
    nameHint(site, 'codex'),
  );
}

function builtinTool(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const factory = site.calleeText.split('.').pop() ?? site.calleeText;
  const spec = BUILTINS[factory] ?? { op: 'unknown', hosted: true };
  const gates: GateFact[] = [];
  const approval = approvalGate(prop(options, 'needsApproval'), 'needsApproval', propLoc(options, 'needsApproval', site.loc), ctx);
  if (approval) gates.push(approval);
  const onApproval = prop(options, 'onApproval');
  if (onApproval) {
    const fn = ctx.functionOf(onApproval);
    const always = fn?.returns.length && fn.returns.every((r) => r.k === 'obj' && prop(r, 'approve')?.k === 'lit' && (prop(r, 'approve') as { v: unknown }).v === true);
    if (always) gates.push({ mechanism: 'onApproval', strength: 'auto-approve', loc: propLoc(options, 'onApproval', site.loc) });
  }
  // `shellTool({ shell })` and `applyPatchTool({ editor })` run through an object of the project's
  // own (a class implementing the SDK's Shell / Editor interface): its methods are the sinks.
  const delegateKey = DELEGATES[factory];
  const delegate = delegateKey ? prop(options, delegateKey.option) : undefined;
  const impl: Val | undefined = delegate && delegateKey ? { k: 'union', options: delegateKey.methods.map((m): Val => ({ k: 'member', obj: delegate, prop: m })) } : undefined;
  const environment = stringOf(prop(prop(options, 'environment'), 'type'));
  // `container_auto` / `container_reference` run the shell in a provider container, not on the host.
  const sandboxed = spec.hosted || (environment?.startsWith('container') ?? false);
  return ctx.addTool(
    {
      framework: 'openai-agents',
      construct: factory,
      kind: 'provider',
      name: factory.replace(/Tool$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      bindingName: site.bindingName,
      gates,
      builtinOps: [{ op: spec.op, sink: factory, loc: site.loc }],
      ...(impl ? { impl, inputParam: { index: 0, path: [] } } : {}),
      // applyPatchTool / computerTool act through an object you supply (`editor`, `computer`), which
      // decides the paths and actions: leash cannot tell what it confines.
      attrs: { hosted: sandboxed, ...(factory === 'applyPatchTool' || factory === 'computerTool' ? { implementedBy: factory === 'applyPatchTool' ? 'editor' : 'computer' } : {}) },
      loc: site.loc,
    },
    nameHint(site, factory),
  );
}

function hostedMcp(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const label = stringOf(prop(options, 'serverLabel')) ?? nameHint(site, 'hosted_mcp');
  const server = ctx.addServer(
    {
      framework: 'openai-agents',
      construct: 'hostedMcpTool',
      name: label,
      transport: 'http',
      url: stringOf(prop(options, 'serverUrl')),
      headers: prop(options, 'headers') ?? prop(options, 'authorization'),
      allowedTools: stringsOf(prop(options, 'allowedTools')),
      loc: site.loc,
    },
    label,
  );
  const requireApproval = prop(options, 'requireApproval');
  const gates: GateFact[] = stringOf(requireApproval) === 'always' ? [{ mechanism: 'requireApproval', strength: 'always', loc: propLoc(options, 'requireApproval', site.loc) }] : requireApproval?.k === 'obj' ? [{ mechanism: 'requireApproval', strength: 'conditional', loc: propLoc(options, 'requireApproval', site.loc) }] : [];
  return ctx.addTool({ framework: 'openai-agents', construct: 'hostedMcpTool', kind: 'mcp', name: label, bindingName: site.bindingName, server, gates, loc: site.loc, attrs: { source: 'hosted-mcp' } }, label);
}

function mcpServer(site: CallSite, ctx: Ctx): Val {
  const options = site.args[0];
  const construct = site.calleeText.replace(/^new /, '');
  const transport = construct === 'MCPServerStdio' ? { ...readTransport(options), transport: 'stdio' as const } : { ...readTransport(options), transport: construct === 'MCPServerSSE' ? ('sse' as const) : ('http' as const) };
  const rawFilter = prop(options, 'toolFilter');
  // createMCPToolStaticFilter({ allowedToolNames }) or the options object itself
  const filter = rawFilter?.k === 'call' ? rawFilter.args[0] : rawFilter;
  const allowed = stringsOf(prop(filter, 'allowedToolNames'));
  const name = stringOf(prop(options, 'name')) ?? site.bindingName ?? packageOf(transport.command, transport.args) ?? 'mcp';
  return ctx.addServer(
    { framework: 'openai-agents', construct, name, ...transport, package: packageOf(transport.command, transport.args), ...(allowed ? { allowedTools: allowed } : filter ? { allowedTools: [] } : {}), loc: site.loc },
    name,
  );
}
