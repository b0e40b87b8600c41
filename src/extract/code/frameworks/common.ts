/** Pieces every framework recognizer needs: approval gates, naming, MCP transports. */
import type { Location } from '../../../graph/model.js';
import type { GateFact, ServerFact, ToolFact, Val } from '../facts.js';
import type { CallSite, RecognizerContext } from '../recognizer.js';
import { importOf, prop, propLoc, stringOf, stringsOf } from '../vals.js';

/**
 * Reads an approval setting (`needsApproval`, `requireApproval`, ...): `true` always asks, a
 * predicate asks conditionally, and `false` or a predicate that can only return false approves
 * everything (a rubber stamp). Undefined when the setting is absent.
 */
export function approvalGate(val: Val | undefined, mechanism: string, loc: Location, ctx: RecognizerContext): GateFact | undefined {
  if (!val) return undefined;
  if (val.k === 'lit') {
    if (val.v === true) return { mechanism, strength: 'always', loc };
    if (val.v === false) return { mechanism, strength: 'auto-approve', loc };
    return undefined;
  }
  const fn = ctx.functionOf(val);
  if (fn) {
    const returns = fn.returns.map((r) => (r.k === 'lit' ? r.v : undefined));
    if (returns.length > 0 && returns.every((r) => r === false)) return { mechanism, strength: 'auto-approve', loc };
    if (returns.length > 0 && returns.every((r) => r === true)) return { mechanism, strength: 'always', loc };
  }
  return { mechanism, strength: 'conditional', loc };
}

/** A text option built at run time (a template, a variable): kept as a value, since it may carry a secret. */
export function dynamicText(val: Val | undefined): Val | undefined {
  return val && stringOf(val) === undefined ? val : undefined;
}

/** The prompt-like options of an agent definition, for secrets that reach the model's context. */
export function contextOf(options: Val | undefined, keys: string[], fallback: Location): { key: string; v: Val; loc: Location }[] {
  return keys.flatMap((key) => {
    const v = prop(options, key);
    return v ? [{ key, v, loc: propLoc(options, key, fallback) }] : [];
  });
}

/** The name a definition is known by: its assignment target, or its place in the enclosing function. */
export function nameHint(site: CallSite, fallback: string): string {
  if (site.bindingName) return site.bindingName;
  return site.enclosingName ? `${site.enclosingName}/${fallback}` : fallback;
}

const RUNNERS = /^(?:npx|bunx|pnpx|uvx|pipx|yarn|pnpm|npm|bun|deno|node|python3?|docker)$/;

/** The package a stdio command runs: `npx -y @modelcontextprotocol/server-github` → that package. */
export function packageOf(command: string | undefined, args: string[] | undefined): string | undefined {
  if (!command) return undefined;
  const words = [command, ...(args ?? [])];
  if (!RUNNERS.test(words[0].split('/').pop() ?? '')) return undefined;
  const rest = words.slice(1).filter((w) => !w.startsWith('-') && w !== 'dlx' && w !== 'exec' && w !== 'run' && w !== 'x' && w !== 'run-script');
  return rest[0];
}

/**
 * Reads a stdio or remote MCP transport description: an options object with `command` / `url`,
 * or a `new StdioClientTransport({...})` / `new StreamableHTTPClientTransport(new URL(...))`.
 */
export function readTransport(val: Val | undefined): Pick<ServerFact, 'transport' | 'command' | 'args' | 'url' | 'env' | 'headers'> {
  if (!val) return { transport: 'unknown' };
  if (val.k === 'new') {
    const ctor = importOf(val.callee)?.name ?? '';
    if (/Stdio/i.test(ctor)) return readTransport(val.args[0]);
    if (/SSE/i.test(ctor)) return { ...remote(val.args[0], val.args[1]), transport: 'sse' };
    if (/HTTP|WebSocket/i.test(ctor)) return remote(val.args[0], val.args[1]);
    return { transport: 'unknown' };
  }
  const command = stringOf(prop(val, 'command'));
  const fullCommand = stringOf(prop(val, 'fullCommand'));
  if (command || fullCommand || prop(val, 'command')) {
    const words = fullCommand?.split(/\s+/);
    return {
      transport: 'stdio',
      command: command ?? words?.[0],
      args: stringsOf(prop(val, 'args')) ?? words?.slice(1),
      env: prop(val, 'env'),
    };
  }
  const url = prop(val, 'url') ?? prop(val, 'serverUrl');
  if (url) {
    const type = stringOf(prop(val, 'type')) ?? stringOf(prop(val, 'transport'));
    return { ...remote(url, val), transport: type === 'sse' ? 'sse' : 'http' };
  }
  const transport = prop(val, 'transport');
  if (transport) return readTransport(transport);
  return { transport: 'unknown' };
}

function remote(urlVal: Val | undefined, options: Val | undefined): Pick<ServerFact, 'transport' | 'url' | 'headers'> {
  let url = urlVal;
  if (url?.k === 'new') url = url.args[0];
  const headers = prop(options, 'headers') ?? prop(prop(options, 'requestInit'), 'headers');
  return { transport: 'http', url: stringOf(url), ...(headers ? { headers } : {}) };
}

/** The path of members below an import: `openai.tools.shell` → root `openai` from `@ai-sdk/openai`, path [tools, shell]. */
export function memberPath(val: Val | undefined): { module: string; root: string; path: string[] } | undefined {
  const path: string[] = [];
  let at = val;
  while (at && at.k === 'member') {
    path.unshift(at.prop);
    at = at.obj;
  }
  if (!at || at.k !== 'import') return undefined;
  if (at.name === '*' || at.name === 'default') {
    const [root, ...rest] = path;
    return root ? { module: at.module, root, path: rest } : undefined;
  }
  return { module: at.module, root: at.name, path };
}

/** MCP tool annotations: hints a client may show, never a gate. */
export const ANNOTATION_KEYS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'];

export function readAnnotations(val: Val | undefined): Record<string, boolean> | undefined {
  if (!val || val.k !== 'obj') return undefined;
  const out: Record<string, boolean> = {};
  for (const p of val.props) if (p.key && ANNOTATION_KEYS.includes(p.key) && p.v.k === 'lit' && typeof p.v.v === 'boolean') out[p.key] = p.v.v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The tool fact of a definition object most SDKs share: `{ name, description, <schema key>,
 * execute }` (or the function beside it). The caller says where the schema and the function are.
 */
export function optionsTool(
  site: CallSite,
  ctx: RecognizerContext,
  spec: { framework: string; construct: string; options: Val | undefined; schemaKey: string; impl: Val | undefined; name?: string; kind?: ToolFact['kind']; gates?: GateFact[] },
): Val {
  const { options } = spec;
  const name = spec.name ?? stringOf(prop(options, 'name'));
  return ctx.addTool(
    {
      framework: spec.framework,
      construct: spec.construct,
      kind: spec.kind ?? (spec.impl ? 'function' : 'client'),
      name: name || undefined,
      bindingName: site.bindingName,
      description: stringOf(prop(options, 'description')),
      descriptionVal: dynamicText(prop(options, 'description')),
      schema: prop(options, spec.schemaKey),
      schemaLoc: propLoc(options, spec.schemaKey, site.loc),
      impl: spec.impl,
      inputParam: { index: 0, path: [] },
      gates: spec.gates ?? [],
      repeated: site.repeated,
      loc: site.loc,
    },
    name || nameHint(site, 'tool'),
  );
}
