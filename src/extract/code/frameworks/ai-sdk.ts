/**
 * Vercel AI SDK (v4–v7): `tool` / `dynamicTool`, `generateText` / `streamText` with `tools`,
 * `ToolLoopAgent` / `Experimental_Agent`, provider tools (`openai.tools.shell`,
 * `anthropic.tools.bash_20250124`...), MCP clients (`createMCPClient` + `.tools()`).
 */
import type { AuditFact, GateFact, ToolFact, Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { statelessRecognizer } from '../recognizer.js';
import { isImportOf, prop, propLoc, propOrSpread, stringOf, stringsOf } from '../vals.js';
import { approvalGate, contextOf, dynamicText, memberPath, nameHint, packageOf, readTransport } from './common.js';

const AI = /^(?:ai|@ai-sdk\/provider-utils)$/;
const MCP = /^(?:ai|@ai-sdk\/mcp|ai\/mcp-stdio|@ai-sdk\/mcp\/mcp-stdio)$/;
const PROVIDERS = /^@ai-sdk\/(?:openai|anthropic|google|google-vertex|azure|amazon-bedrock|xai|groq|mistral)$/;

/** Provider tool constructors by risk; the key is matched against the tool's factory name. */
const PROVIDER_TOOLS: { name: RegExp; op: string; hosted: boolean }[] = [
  { name: /^(?:shell|localShell|bash_\d+)$/, op: 'shell.exec', hosted: false },
  { name: /^(?:textEditor_\d+|applyPatch|memory_\d+)$/, op: 'fs.write', hosted: false },
  { name: /^(?:computer(?:_\d+|Toolset_\d+)?)$/, op: 'computer.use', hosted: false },
  { name: /^(?:codeInterpreter|codeExecution(?:_\d+)?)$/, op: 'code.eval', hosted: true },
  { name: /^(?:webFetch_\d+|urlContext)$/, op: 'net.http', hosted: true },
  { name: /^(?:webSearch\w*|googleSearch|fileSearch|imageGeneration|toolSearch\w*|enterpriseWebSearch|googleMaps|vertexRagStore)$/, op: 'net.search', hosted: true },
  { name: /^mcp$/, op: 'mcp.remote', hosted: true },
];

/** Variable names that say nothing about the agent (`const result = await generateText(...)`). */
const GENERIC_BINDINGS = /^(?:result|res|response|resp|output|out|stream|completion|answer|reply|data|r)$/;

const AUDIT_OPTIONS = ['onStepFinish', 'onStepEnd', 'experimental_onToolCallStart', 'experimental_onToolCallFinish', 'onToolExecutionStart', 'onToolExecutionEnd', 'onFinish', 'onEnd'];

export const aiSdk: Recognizer = statelessRecognizer({
  framework: 'ai-sdk',
  modules: /^(?:ai(?:\/[\w/-]+)?|@ai-sdk\/[\w/-]+)$/,
  call(site, ctx) {
    if (site.kind === 'call' && isImportOf(site.callee, AI, ['tool', 'dynamicTool'])) return defineTool(site, ctx);
    if (site.kind === 'call' && isImportOf(site.callee, /^ai$/, ['generateText', 'streamText', 'generateObject', 'streamObject'])) return callSiteAgent(site, ctx);
    if (site.kind === 'new' && isImportOf(site.callee, /^ai$/, ['ToolLoopAgent', 'Experimental_Agent', 'Agent'])) return classAgent(site, ctx);
    if (site.kind === 'call' && isImportOf(site.callee, MCP, ['createMCPClient', 'experimental_createMCPClient'])) return mcpClient(site, ctx);
    if (site.kind === 'call') return providerTool(site, ctx) ?? mcpTools(site, ctx);
    return undefined;
  },
});

function defineTool(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const execute = prop(options, 'execute');
  const gates: GateFact[] = [];
  const approval = approvalGate(prop(options, 'needsApproval'), 'needsApproval', propLoc(options, 'needsApproval', site.loc), ctx);
  if (approval) gates.push(approval);
  const tool: Omit<ToolFact, 'id'> = {
    framework: 'ai-sdk',
    construct: isImportOf(site.callee, AI, 'dynamicTool') ? 'dynamicTool' : 'tool',
    kind: execute ? 'function' : 'client',
    bindingName: site.bindingName,
    description: stringOf(prop(options, 'description')),
    descriptionVal: dynamicText(prop(options, 'description')),
    // The definition may be spread in from elsewhere: `tool({ ...readFileSchema, execute })`.
    schema: prop(options, 'inputSchema') ?? prop(options, 'parameters') ?? propOrSpread(options, 'inputSchema'),
    schemaLoc: propLoc(options, prop(options, 'inputSchema') ? 'inputSchema' : 'parameters', site.loc),
    impl: execute,
    inputParam: { index: 0, path: [] },
    gates,
    repeated: site.repeated,
    loc: site.loc,
  };
  // A tool without `execute` is answered by the client: the loop stops for a human or the UI.
  if (!execute) tool.gates.push({ mechanism: 'client-side tool (no execute)', strength: 'always', loc: site.loc });
  return ctx.addTool(tool, nameHint(site, 'tool'));
}

/**
 * `tools: { weather: { description, inputSchema, execute } }`: a plain object is a tool too. Each
 * such entry becomes a tool fact; the registry then holds tools like any other.
 */
function inlineTools(tools: Val | undefined, site: CallSite, ctx: RecognizerContext): Val | undefined {
  if (!tools || tools.k !== 'obj') return tools;
  const props = tools.props.map((p) => {
    const v = p.v;
    const isTool = !p.spread && p.key && v.k === 'obj' && (prop(v, 'execute') || prop(v, 'inputSchema') || prop(v, 'parameters'));
    if (!isTool) return p;
    const gates: GateFact[] = [];
    const approval = approvalGate(prop(v, 'needsApproval'), 'needsApproval', propLoc(v, 'needsApproval', p.loc ?? site.loc), ctx);
    if (approval) gates.push(approval);
    const execute = prop(v, 'execute');
    if (!execute) gates.push({ mechanism: 'client-side tool (no execute)', strength: 'always', loc: p.loc ?? site.loc });
    const tool = ctx.addTool(
      {
        framework: 'ai-sdk',
        construct: 'object literal',
        kind: execute ? 'function' : 'client',
        bindingName: p.key!,
        description: stringOf(prop(v, 'description')),
        schema: prop(v, 'inputSchema') ?? prop(v, 'parameters'),
        schemaLoc: propLoc(v, prop(v, 'inputSchema') ? 'inputSchema' : 'parameters', p.loc ?? site.loc),
        impl: execute,
        inputParam: { index: 0, path: [] },
        gates,
        loc: p.loc ?? site.loc,
      },
      p.key!,
    );
    return { ...p, v: tool };
  });
  return { k: 'obj', props };
}

function callSiteAgent(site: CallSite, ctx: RecognizerContext): Val | undefined {
  const options = site.args[0];
  const tools = inlineTools(prop(options, 'tools'), site, ctx);
  if (!tools) return undefined;
  const enclosing = site.enclosingName && site.enclosingName !== 'anonymous' ? site.enclosingName : undefined;
  const binding = site.bindingName && !GENERIC_BINDINGS.test(site.bindingName) ? site.bindingName : undefined;
  const name = enclosing ?? binding ?? `${ctx.file.split('/').pop()?.replace(/\.[cm]?[jt]sx?$/, '')} ${calleeName(site)}`;
  return ctx.addAgent(
    {
      framework: 'ai-sdk',
      construct: calleeName(site),
      name,
      tools,
      gates: callGates(options, site, ctx),
      audits: audits(options, site),
      dynamic: prop(options, 'prepareStep') ? [{ reason: 'prepareStep can change the tools of each step at run time', loc: propLoc(options, 'prepareStep', site.loc) }] : [],
      context: contextOf(options, ['system', 'instructions', 'prompt', 'messages'], site.loc),
      loc: site.loc,
      attrs: { ...sandboxAttrs(options).attrs, ...activeTools(options).attrs },
    },
    `${name}.${calleeName(site)}`,
  );
}

function classAgent(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'id')) ?? stringOf(prop(options, 'name')) ?? nameHint(site, 'agent');
  return ctx.addAgent(
    {
      framework: 'ai-sdk',
      construct: calleeName(site),
      name,
      tools: inlineTools(prop(options, 'tools'), site, ctx),
      gates: callGates(options, site, ctx),
      audits: audits(options, site),
      dynamic: prop(options, 'prepareStep') ? [{ reason: 'prepareStep can change the tools of each step at run time', loc: propLoc(options, 'prepareStep', site.loc) }] : [],
      context: contextOf(options, ['system', 'instructions'], site.loc),
      loc: site.loc,
      attrs: { ...sandboxAttrs(options).attrs, ...activeTools(options).attrs },
    },
    name,
  );
}

/** v7 `toolApproval`: a status per tool (`'user-approval'` asks, `'approved'` does not) or one function. */
function callGates(options: Val | undefined, site: CallSite, ctx: RecognizerContext): GateFact[] {
  const approval = prop(options, 'toolApproval');
  if (!approval) return [];
  const loc = propLoc(options, 'toolApproval', site.loc);
  if (approval.k === 'obj') {
    return approval.props.flatMap((p): GateFact[] => {
      if (!p.key) return [];
      const status = stringOf(p.v);
      if (status === 'user-approval') return [{ mechanism: 'toolApproval', strength: 'always', loc: p.loc ?? loc, tools: [p.key] }];
      if (status === 'approved') return [{ mechanism: 'toolApproval', strength: 'auto-approve', loc: p.loc ?? loc, tools: [p.key] }];
      if (status) return [];
      return [{ mechanism: 'toolApproval', strength: 'conditional', loc: p.loc ?? loc, tools: [p.key] }];
    });
  }
  const fn = ctx.functionOf(approval);
  const statuses = fn?.returns.map((r) => stringOf(r)) ?? [];
  if (statuses.length > 0 && statuses.every((s) => s === 'approved')) return [{ mechanism: 'toolApproval', strength: 'auto-approve', loc }];
  return [{ mechanism: 'toolApproval', strength: 'conditional', loc }];
}

/** `activeTools: ['a', 'b']` limits which tools of the registry the model may call. */
function activeTools(options: Val | undefined): { attrs?: Record<string, unknown> } {
  const active = stringsOf(prop(options, 'activeTools') ?? prop(options, 'experimental_activeTools'));
  return active ? { attrs: { activeTools: active } } : {};
}

function audits(options: Val | undefined, site: CallSite): AuditFact[] {
  const found: AuditFact[] = [];
  for (const key of ['experimental_telemetry', 'telemetry']) {
    const telemetry = prop(options, key);
    if (!telemetry) continue;
    const enabled = prop(telemetry, 'isEnabled');
    found.push({ mechanism: key, enabled: !(enabled?.k === 'lit' && enabled.v === false) && (key === 'telemetry' || enabled?.k === 'lit'), loc: propLoc(options, key, site.loc) });
  }
  for (const key of AUDIT_OPTIONS) if (prop(options, key)) found.push({ mechanism: key, enabled: true, loc: propLoc(options, key, site.loc) });
  return found;
}

function providerTool(site: CallSite, ctx: RecognizerContext): Val | undefined {
  const path = memberPath(site.callee);
  if (!path || !PROVIDERS.test(path.module) || path.path[0] !== 'tools' || path.path.length !== 2) return undefined;
  const factory = path.path[1];
  const spec = PROVIDER_TOOLS.find((s) => s.name.test(factory));
  const options = site.args[0];
  const execute = prop(options, 'execute');
  // `environment: { type: 'containerAuto' | 'containerReference' }`: the provider runs it in its container.
  const environment = stringOf(prop(prop(options, 'environment'), 'type'));
  const inContainer = environment?.startsWith('container') ?? false;
  const gates: GateFact[] = [];
  const approval = approvalGate(prop(options, 'needsApproval'), 'needsApproval', propLoc(options, 'needsApproval', site.loc), ctx);
  if (approval) gates.push(approval);
  const requireApproval = stringOf(prop(options, 'requireApproval'));
  if (requireApproval === 'always') gates.push({ mechanism: 'requireApproval', strength: 'always', loc: propLoc(options, 'requireApproval', site.loc) });
  return ctx.addTool(
    {
      framework: 'ai-sdk',
      construct: `${path.root}.tools.${factory}`,
      kind: 'provider',
      bindingName: site.bindingName,
      impl: execute,
      inputParam: { index: 0, path: [] },
      gates,
      // A local provider tool whose `execute` we cannot follow still hands the model its capability.
      builtinOps: spec && (spec.hosted || inContainer || !execute) ? [{ op: spec.op, sink: `${path.root}.tools.${factory}`, loc: site.loc }] : [],
      attrs: { hosted: (spec?.hosted ?? false) || inContainer, providerTool: factory },
      loc: site.loc,
    },
    nameHint(site, factory),
  );
}

function mcpClient(site: CallSite, ctx: RecognizerContext): Val {
  const transport = readTransport(prop(site.args[0], 'transport'));
  const name = site.bindingName ?? packageOf(transport.command, transport.args) ?? 'mcp';
  return ctx.addServer(
    { framework: 'ai-sdk', construct: 'createMCPClient', name, ...transport, package: packageOf(transport.command, transport.args), loc: site.loc },
    name,
  );
}

/** `await client.tools()` returns every tool of the server unless `schemas` lists the allowed ones. */
function mcpTools(site: CallSite, ctx: RecognizerContext): Val | undefined {
  const callee = site.callee;
  if (callee.k !== 'member' || callee.prop !== 'tools') return undefined;
  const server = callee.obj;
  if (server.k !== 'server' && server.k !== 'ref') return undefined;
  if (server.k === 'ref' && !/mcp|client/i.test(server.name)) return undefined;
  const schemas = prop(site.args[0], 'schemas');
  const allowed = schemas?.k === 'obj' ? schemas.props.flatMap((p) => (p.key ? [p.key] : [])) : undefined;
  return ctx.addTool(
    {
      framework: 'ai-sdk',
      construct: `${site.calleeText}()`,
      kind: 'mcp',
      bindingName: site.bindingName,
      gates: [],
      loc: site.loc,
      server,
      attrs: { source: 'mcp-client', ...(allowed ? { allowedTools: allowed } : {}) },
    },
    nameHint(site, 'mcp-tools'),
  );
}

/**
 * v7 `experimental_sandbox` runs provider tools (bash, text editor) in a sandbox session. A session
 * whose constructor says it is local runs on the host; anything else is taken as isolated.
 */
function sandboxAttrs(options: Val | undefined): { attrs?: Record<string, unknown> } {
  const sandbox = prop(options, 'experimental_sandbox') ?? prop(options, 'sandbox');
  if (!sandbox) return {};
  const ctor = sandbox.k === 'new' ? (sandbox.callee.k === 'import' ? sandbox.callee.name : sandbox.callee.k === 'ref' ? sandbox.callee.name : '') : '';
  return { attrs: { sandbox: /local/i.test(ctor) ? 'local' : 'isolated' } };
}

function calleeName(site: CallSite): string {
  return site.calleeText.replace(/^new /, '').split('.').pop() ?? site.calleeText;
}
