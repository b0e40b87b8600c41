/**
 * Mastra: `createTool({ id, inputSchema, execute, requireApproval })` (1.x `execute(input, ctx)`,
 * 0.x `execute({ context })`), `new Agent({ name, tools, agents })`, `MCPClient` with
 * `listTools()` / `getTools()`, and the workspace sandbox (`LocalSandbox`) that gives the agent a shell.
 */
import type { GateFact, Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { isImportOf, methodOf, prop, propLoc, stringOf } from '../vals.js';
import { approvalGate, contextOf, dynamicText, nameHint, packageOf, readTransport } from './common.js';

const MASTRA = /^@mastra\/core(?:\/[\w/-]+)?$/;

export const mastra: Recognizer = {
  framework: 'mastra',
  modules: /^@mastra\/[\w-]+(?:\/[\w/-]+)?$/,
  call(site, ctx) {
    if (site.kind === 'call' && isImportOf(site.callee, MASTRA, 'createTool')) return defineTool(site, ctx);
    if (site.kind === 'new' && isImportOf(site.callee, MASTRA, 'Agent')) return defineAgent(site, ctx);
    if (site.kind === 'new' && isImportOf(site.callee, /^@mastra\/mcp$/, ['MCPClient', 'MCPConfiguration'])) return mcpClient(site, ctx);
    const call = methodOf(site.callee);
    if (site.kind === 'call' && call && /^(?:listTools|getTools)$/.test(call.method) && call.receiver.k === 'server') {
      return ctx.addTool({ framework: 'mastra', construct: `${site.calleeText}()`, kind: 'mcp', bindingName: site.bindingName, gates: [], loc: site.loc, server: call.receiver, attrs: { source: 'mcp-client' } }, nameHint(site, 'mcp-tools'));
    }
    return undefined;
  },
};

function defineTool(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const execute = prop(options, 'execute');
  const fn = ctx.functionOf(execute);
  // 0.x passes `{ context }` where context is the validated input; 1.x passes the input itself.
  const legacy = fn?.paramKeys?.[0]?.includes('context') ?? false;
  const gates: GateFact[] = [];
  const approval = approvalGate(prop(options, 'requireApproval'), 'requireApproval', propLoc(options, 'requireApproval', site.loc), ctx);
  if (approval) gates.push(approval);
  if (prop(options, 'suspendSchema')) gates.push({ mechanism: 'suspend / resume', strength: 'conditional', loc: propLoc(options, 'suspendSchema', site.loc) });
  const id = stringOf(prop(options, 'id'));
  return ctx.addTool(
    {
      framework: 'mastra',
      construct: 'createTool',
      kind: 'function',
      name: id,
      bindingName: site.bindingName,
      description: stringOf(prop(options, 'description')),
      descriptionVal: dynamicText(prop(options, 'description')),
      schema: prop(options, 'inputSchema') ?? { k: 'lit', v: null },
      schemaLoc: propLoc(options, 'inputSchema', site.loc),
      impl: execute,
      inputParam: { index: 0, path: legacy ? ['context'] : [] },
      gates,
      repeated: site.repeated,
      loc: site.loc,
    },
    id ?? nameHint(site, 'tool'),
  );
}

function defineAgent(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name')) ?? stringOf(prop(options, 'id')) ?? nameHint(site, 'agent');
  const tools = prop(options, 'tools');
  const dynamic = tools && tools.k === 'fn' ? [{ reason: 'tools are computed per request (a function of requestContext)', loc: propLoc(options, 'tools', site.loc) }] : [];
  const workspace = prop(options, 'workspace');
  const workspaceTools = workspace ? workspaceToolsOf(workspace, name, site, ctx) : [];
  return ctx.addAgent(
    {
      framework: 'mastra',
      construct: 'new Agent',
      name,
      tools: workspaceTools.length ? { k: 'arr', items: [...(tools ? [{ k: 'spread', v: tools } as Val] : []), ...workspaceTools] } : tools,
      // The workspace sandbox's `env` is what commands it runs get (`process.env`: everything).
      credentials: sandboxEnv(workspace),
      handoffs: prop(options, 'agents'),
      gates: [],
      audits: [],
      dynamic,
      context: contextOf(options, ['instructions'], site.loc),
      loc: site.loc,
      ...(workspace ? { attrs: { workspace: true } } : {}),
    },
    name,
  );
}

/**
 * `workspace: new Workspace({ filesystem, sandbox: new LocalSandbox(...), tools: { requireApproval } })`
 * gives the agent file tools and, with a sandbox, `mastra_workspace_execute_command`. A `LocalSandbox`
 * runs commands on the host; its `env: process.env` hands over the whole environment.
 */
function workspaceToolsOf(workspace: Val, agentName: string, site: CallSite, ctx: RecognizerContext): Val[] {
  const options = workspace.k === 'new' ? workspace.args[0] : undefined;
  if (!options) return [];
  const approval = prop(prop(options, 'tools'), 'requireApproval');
  const gates: GateFact[] = approval?.k === 'lit' && approval.v === true ? [{ mechanism: 'workspace tools.requireApproval', strength: 'always', loc: propLoc(prop(options, 'tools'), 'requireApproval', site.loc) }] : [];
  const out: Val[] = [];
  const sandbox = prop(options, 'sandbox');
  if (sandbox?.k === 'new') {
    const local = isImportOf(sandbox.callee, MASTRA, 'LocalSandbox');
    const loc = propLoc(options, 'sandbox', site.loc);
    out.push(
      ctx.addTool(
        {
          framework: 'mastra',
          construct: 'Workspace sandbox',
          kind: 'harness-builtin',
          name: 'mastra_workspace_execute_command',
          gates,
          builtinOps: [{ op: 'shell.exec', sink: local ? 'LocalSandbox' : 'workspace sandbox', loc }],
          attrs: { hosted: !local },
          loc,
        },
        `${agentName}/execute_command`,
      ),
    );
  }
  if (prop(options, 'filesystem')) {
    const loc = propLoc(options, 'filesystem', site.loc);
    out.push(
      ctx.addTool(
        { framework: 'mastra', construct: 'Workspace filesystem', kind: 'harness-builtin', name: 'mastra_workspace_delete', gates, builtinOps: [{ op: 'fs.delete', sink: 'Workspace filesystem', loc }], attrs: { hosted: false, implementedBy: 'filesystem' }, loc },
        `${agentName}/workspace_files`,
      ),
    );
  }
  return out;
}

function sandboxEnv(workspace: Val | undefined): Val[] {
  const sandbox = workspace?.k === 'new' ? prop(workspace.args[0], 'sandbox') : undefined;
  const env = sandbox?.k === 'new' ? prop(sandbox.args[0], 'env') : undefined;
  return env ? [env] : [];
}

function mcpClient(site: CallSite, ctx: RecognizerContext): Val {
  const servers = prop(site.args[0], 'servers');
  let first: Val | undefined;
  for (const p of servers?.k === 'obj' ? servers.props : []) {
    if (!p.key || p.spread) continue;
    const transport = readTransport(p.v);
    const server = ctx.addServer({ framework: 'mastra', construct: 'MCPClient', name: p.key, ...transport, package: packageOf(transport.command, transport.args), loc: p.loc ?? site.loc }, p.key);
    first ??= server;
  }
  return first ?? { k: 'unknown', why: 'MCP client without readable servers' };
}
