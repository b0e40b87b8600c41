/**
 * Claude Agent SDK: `query({ prompt, options })` runs a Claude Code process, an agent with the
 * harness's built-in tools (Bash, Write, Edit...) narrowed by `allowedTools` / `disallowedTools` /
 * `tools` and `permissionMode`; in-process tools come from `tool()` in `createSdkMcpServer`.
 */
import type { Location } from '../../../graph/model.js';
import type { GateFact, ServerFact, ToolFact, Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { statelessRecognizer } from '../recognizer.js';
import { boolOf, isImportOf, prop, propLoc, stringOf, stringsOf } from '../vals.js';
import { dynamicText, nameHint, packageOf, readTransport } from './common.js';

const SDK = /^@anthropic-ai\/claude-agent-sdk$/;

export const claudeAgentSdk: Recognizer = statelessRecognizer({
  framework: 'claude-agent-sdk',
  modules: SDK,
  call(site, ctx) {
    if (site.kind !== 'call') return undefined;
    if (isImportOf(site.callee, SDK, 'tool')) return defineTool(site, ctx);
    if (isImportOf(site.callee, SDK, 'createSdkMcpServer')) return sdkServer(site, ctx);
    if (isImportOf(site.callee, SDK, 'query')) return query(site, ctx);
    return undefined;
  },
});

/** `tool(name, description, zodRawShape, handler)` */
function defineTool(site: CallSite, ctx: RecognizerContext): Val | undefined {
  const [nameArg, description, shape, handler] = site.args;
  const name = stringOf(nameArg);
  if (!name) return undefined;
  return ctx.addTool(
    {
      framework: 'claude-agent-sdk',
      construct: 'tool',
      kind: 'function',
      name,
      bindingName: site.bindingName,
      description: stringOf(description),
      descriptionVal: dynamicText(description),
      schema: shape,
      impl: handler,
      inputParam: { index: 0, path: [] },
      gates: [],
      loc: site.loc,
    },
    name,
  );
}

function sdkServer(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name')) ?? nameHint(site, 'sdk-mcp');
  return ctx.addServer({ framework: 'claude-agent-sdk', construct: 'createSdkMcpServer', name, transport: 'sdk', tools: prop(options, 'tools'), loc: site.loc }, name);
}

/** Permission rules of `allowedTools` / `disallowedTools`, each at its array element (else at the option). */
function ruleEntries(list: Val | undefined, effect: 'allow' | 'deny', fallback: Location) {
  if (list?.k !== 'arr') return [];
  return list.items.flatMap((item, index) => {
    const rule = stringOf(item);
    return rule ? [{ rule, effect, location: list.locs?.[index] ?? fallback }] : [];
  });
}

/**
 * The built-in tool that hands the model a shell. Claude Code's file tools are scoped to the working
 * directory and are judged through its settings (`no-broad-harness-permissions`), not as code sinks.
 */
const BUILTINS: Record<string, string> = { Bash: 'shell.exec' };

function query(site: CallSite, ctx: RecognizerContext): Val {
  const options = ctx.withSpreadsInlined(prop(site.args[0], 'options'));
  const name = nameHint(site, 'query');
  const loc = site.loc;
  const allowed = stringsOf(prop(options, 'allowedTools')) ?? [];
  const disallowed = stringsOf(prop(options, 'disallowedTools')) ?? [];
  const available = stringsOf(prop(options, 'tools'));
  const mode = stringOf(prop(options, 'permissionMode'));
  const bypass = mode === 'bypassPermissions';
  const gates: GateFact[] = [];
  const canUseTool = prop(options, 'canUseTool');
  if (canUseTool) {
    const fn = ctx.functionOf(canUseTool);
    const allowsAll = fn && fn.returns.length > 0 && fn.returns.every((r) => stringOf(prop(r, 'behavior')) === 'allow');
    gates.push({ mechanism: 'canUseTool', strength: allowsAll ? 'auto-approve' : 'conditional', loc: propLoc(options, 'canUseTool', loc) });
  }
  const hooks = prop(options, 'hooks');
  if (prop(hooks, 'PreToolUse')) gates.push({ mechanism: 'PreToolUse hook', strength: 'conditional', loc: propLoc(options, 'hooks', loc) });
  // A built-in tool is granted without asking when allowed by name (`Bash`, `Bash(*)`) or when
  // permissions are bypassed; a scoped rule (`Bash(npm test:*)`) is a narrow grant.
  const builtins: Val[] = [];
  for (const [tool, op] of Object.entries(BUILTINS)) {
    const removed = disallowed.includes(tool) || (available !== undefined && !available.includes(tool));
    const grantIndex = allowed.findIndex((rule) => rule === tool || rule === `${tool}(*)` || rule === `${tool}(:*)`);
    if (removed || (!bypass && grantIndex < 0)) continue;
    const allowedList = prop(options, 'allowedTools');
    const grantLoc = bypass ? propLoc(options, 'permissionMode', loc) : ((allowedList?.k === 'arr' ? allowedList.locs?.[grantIndex] : undefined) ?? propLoc(options, 'allowedTools', loc));
    const fact: Omit<ToolFact, 'id'> = {
      framework: 'claude-agent-sdk',
      construct: 'Claude Code built-in',
      kind: 'harness-builtin',
      name: tool,
      gates: [],
      builtinOps: [{ op, sink: `Claude Code ${tool}`, loc: grantLoc }],
      loc: grantLoc,
      // The grant itself is the finding (`no-broad-harness-permissions`, `no-disabled-approvals`).
      attrs: { grantedByHarness: true },
    };
    builtins.push(ctx.addTool(fact, `${name}/${tool}`));
  }
  const servers = prop(options, 'mcpServers');
  const serverVals: Val[] = [];
  for (const p of servers?.k === 'obj' ? servers.props : []) {
    if (!p.key || p.spread) continue;
    // An in-process server made here or imported (`mcpServers: { email: customServer }`): the
    // linker follows the binding to the `createSdkMcpServer` call and its tools.
    if (p.v.k === 'server' || p.v.k === 'ref' || p.v.k === 'import') serverVals.push(p.v);
    else {
      const transport = readTransport(p.v);
      const fact: Omit<ServerFact, 'id'> = { framework: 'claude-agent-sdk', construct: 'mcpServers', name: p.key, ...transport, package: packageOf(transport.command, transport.args), loc: p.loc ?? loc };
      serverVals.push(ctx.addServer(fact, p.key));
    }
  }
  // Without `env`, the Claude Code process inherits the whole environment of this one.
  const env = prop(options, 'env');
  return ctx.addAgent(
    {
      framework: 'claude-agent-sdk',
      construct: 'query',
      name,
      tools: { k: 'arr', items: builtins },
      mcpServers: { k: 'arr', items: serverVals },
      handoffs: undefined,
      gates,
      audits: [
        ...(prop(hooks, 'PostToolUse') ? [{ mechanism: 'PostToolUse hook', enabled: true, loc: propLoc(options, 'hooks', loc) }] : []),
        // Claude Code writes every tool call and result to the session transcript
        // (~/.claude/projects) unless `persistSession: false` turns that off.
        ...(boolOf(prop(options, 'persistSession')) === false ? [] : [{ mechanism: 'session transcript', enabled: true, loc }]),
      ],
      credentials: env ? [env] : [],
      loc,
      attrs: {
        permissionMode: mode ?? 'default',
        ...(env ? {} : { inheritsEnvByDefault: true }),
        // The options are Claude Code settings: the harness rules read them like settings files.
        harness: {
          permissions: [...ruleEntries(prop(options, 'allowedTools'), 'allow', propLoc(options, 'allowedTools', loc)), ...ruleEntries(prop(options, 'disallowedTools'), 'deny', propLoc(options, 'disallowedTools', loc))],
          flags: mode ? [{ name: 'permissionMode', value: mode, location: propLoc(options, 'permissionMode', loc) }] : [],
          sandbox: [],
          sources: [loc.file],
        },
      },
    },
    name,
  );
}
