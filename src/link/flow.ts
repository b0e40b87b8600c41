/**
 * Where a value comes from, as far as a sink is concerned: which function parameters it carries
 * (taints), what narrowed them on the way, whether it is a build-time constant, and which
 * environment variables flow into it.
 */
import { confinesPath, letsAllThroughWhenEmpty } from './path-validators.js';
import { storedIn, toolInputs } from './map-stores.js';
import { isPathOnBase, isUrlClass } from './hosts.js';
import type { ConstraintKind } from '../graph/model.js';
import type { FunctionFact, Val } from '../extract/code/facts.js';
import { matchSink } from '../extract/code/sinks.js';
import { canonicalName } from './canonical.js';
import { substitute, type Program } from './program.js';

export interface Taint {
  /** The function whose parameter this is. */
  fn: string;
  param: number;
  path: string[];
  /** What narrowed this value between the parameter and the sink. */
  by: ConstraintKind[];
}

export interface Flow {
  taints: Taint[];
  constant: boolean;
  /** The text when constant; otherwise the constant parts with `${…}` for holes. */
  text: string;
  env: string[];
  /** Why part of the value could not be followed. */
  unknown: string[];
  /**
   * A name the code just made up (`randomBytes`, `randomUUID`, `Math.random`, `Date.now`,
   * `mkdtemp`): a temp file or folder the tool created itself, not one the model picked.
   */
  fresh?: boolean;
  /**
   * What the value read from the world: a response, rows, a file's content, a command's output.
   * Not the model's (even when the model chose the request), not a constant either.
   */
  external?: string[];
  /**
   * Stored from the model's input by another call (`sessions.set(id, { outputPath: args.path })`
   * in one tool, `sessions.get(id).outputPath` in the next): the tool that stored it.
   */
  storedByModel?: string;
}

/**
 * The text every one of several values starts with, up to the first part not known, then `${…}`:
 * `let url` set to one of two Google Maps URLs still goes to `https://maps.googleapis.com/`.
 */
function sharedStart(texts: string[]): string {
  let start = texts[0] ?? '';
  for (const text of texts.slice(1)) {
    let i = 0;
    while (i < start.length && i < text.length && start[i] === text[i]) i++;
    start = start.slice(0, i);
  }
  const unknownAt = start.indexOf('${');
  return `${unknownAt < 0 ? start : start.slice(0, unknownAt)}\${…}`;
}

/** Methods that return their receiver's text unchanged in what matters (`toString`, `trim`). */
const TEXT_KEEPING = /^(?:toString|valueOf|trim|trimStart|trimEnd|normalize)$/;

/** Calls whose result is a new, unpredictable name. */
const FRESH_NAME = /^(?:crypto:(?:randomBytes|randomUUID|webcrypto\.randomUUID)|global:(?:Math\.random|Date\.now|crypto\.randomUUID|performance\.now)|uuid:v[1-7]|nanoid:nanoid|(?:fs|fs\/promises|fs-extra):mkdtemp(?:Sync)?|fs:promises\.mkdtemp|tmp:.*|tmp-promise:.*)\b/;

const SANITIZERS: { callee: RegExp; by: ConstraintKind }[] = [
  { callee: /^(?:shell-quote:quote|shescape:.*|shell-escape:default|any-shell-escape:default|shlex:quote)$/, by: 'escaped' },
  { callee: /^path:basename$/, by: 'path-confined' },
  { callee: /^global:(?:Number|parseInt|parseFloat|Boolean)$/, by: 'typed' },
];

/** The text of a hash or HMAC: `createHash(…).update(…).digest(encoding)`. */
const HASH_DIGEST = /^(?:node:)?crypto:(?:createHash|createHmac)\(\)(?:\.update\(\))*\.digest$/;

/** Encodings of a digest that hold letters, digits, `-` and `_` only (base64 can hold `/`). */
function isDigestText(encoding: Val | undefined, program: Program): boolean {
  const text = encoding ? program.deref(encoding) : undefined;
  return text?.k === 'lit' && (text.v === 'hex' || text.v === 'base64url');
}

const MAX_DEPTH = 20;

/** A service call that makes a new object (`createProjectBranch`, `branches.create`, `statements.insert`). */
const MAKES_NEW = /[.:](?:create|insert|provision|spawn)\w*(?:\(\))?$/i;

/** The call of a path validator whose result a member reads (`(await validate(p)).resolved`). */
function validatedField(val: Extract<Val, { k: 'member' }>, program: Program): Extract<Val, { k: 'call' }> | undefined {
  let base: Val = val.obj;
  for (let hops = 0; base.k === 'member' && hops < 3; hops++) base = base.obj;
  if (base.k === 'ref') base = program.deref(base);
  if (base.k !== 'call') return undefined;
  const callee = program.deref(base.callee);
  const fn = callee.k === 'fn' ? program.functions.get(callee.id) : undefined;
  return fn && confinesPath(fn, program) ? base : undefined;
}

/** A schema library's checking parse that wraps its result (`{ success, data }`): zod's `safeParse`. */
function isSafeParse(val: Val, program: Program): boolean {
  const call = program.deref(val);
  return call.k === 'call' && /(?:^|\.)(?:safeParse|safeParseAsync|spa)$/.test(calleeTextOf(call.callee));
}

/** Calls that start a process: what they return is the child, whose pid the OS assigns. */
const STARTS_PROCESS = /(?:^|[^a-z])(?:spawn|fork|exec|execa|launch)/i;

/** A process the code started (`spawn(…).pid`, `run.child.pid`), not a pid the model sent (`args.pid`). */
function madeByCall(val: Val, program: Program, depth = 0): boolean {
  let v = program.deref(val);
  for (let hops = 0; v.k === 'member' && hops < 6; hops++) v = program.deref(v.obj);
  if (v.k === 'union' && depth < 2) return v.options.length > 0 && v.options.every((o) => madeByCall(o, program, depth + 1));
  if (v.k !== 'call' && v.k !== 'new') return false;
  return STARTS_PROCESS.test(`${canonicalName(v.callee, program) ?? ''} ${calleeTextOf(v.callee)}`);
}

/** Packages whose objects hand back what they were given (validators, utilities, dates). */
const PASSTHROUGH_PACKAGES = /^(?:zod|zod\/v\d|yup|joi|ajv|valibot|superstruct|class-validator|class-transformer|lodash|lodash-es|ramda|immutable|date-fns|moment|dayjs|luxon|@sinclair\/typebox|effect|io-ts|(?:node:)?(?:fs|fs\/promises|path|stream|events|http|https|http2|url|util|buffer|crypto|os|child_process|net|tls|zlib|readline|worker_threads)):/;

/**
 * A method of an object a package's function or class made: `pkg:factory().member.method`. Not a
 * built-in's (`global:Buffer.from().toString`, `global:Object.keys().join`): those are the
 * language's own transformations of their input, which carry its taint.
 */
const SERVICE_CALL = /^(?!global:)[^:()]+:[^()]*\(\)\.[\w.]+$/;

/** Names of the project's own escaping helpers. */
const ESCAPER = /^(?:escape|quote|shellEscape|shellQuote|shQuote)[A-Z_]?\w*$/;
/** Words of an escaper's name that name a language other than the shell's (`escapeForAppleScript`, `escapeHTML`, `quote_sql_literal`). */
const FOREIGN_LANGUAGE = new Set(['applescript', 'osascript', 'html', 'xml', 'regex', 'regexp', 'json', 'sql', 'markdown', 'md', 'url', 'uri', 'csv', 'yaml', 'xpath', 'ldap', 'css', 'js', 'javascript', 'powershell', 'identifier', 'ident']);

/** Whether an escaper's name names a language other than the shell's: `escapeForAppleScript`, `escapeHTML`, `escape_sql`. */
function escapesForAnotherLanguage(name: string): boolean {
  const words = name.replace(/AppleScript/g, 'Applescript').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[\s_]+/).map((w) => w.toLowerCase());
  return words.some((w) => FOREIGN_LANGUAGE.has(w));
}

/** The flow of `receiver.map(callback)` / `flatMap`, through what the callback returns. */
function mappedFlow(call: Extract<Val, { k: 'call' }>, program: Program, depth: number): Flow | undefined {
  const callee = call.callee;
  // `list.map` is a member; on a parameter the chain is folded into its path (`input.files.map`).
  let receiver: Val;
  let method: string | undefined;
  if (callee.k === 'member') [receiver, method] = [callee.obj, callee.prop];
  else if (callee.k === 'param' && callee.path.length > 0) [receiver, method] = [{ ...callee, path: callee.path.slice(0, -1) }, callee.path[callee.path.length - 1]];
  else return undefined;
  if (method !== 'map' && method !== 'flatMap') return undefined;
  const callback = call.args[0] ? program.deref(call.args[0]) : undefined;
  const fn = callback?.k === 'fn' ? program.functions.get(callback.id) : undefined;
  if (!fn || fn.returns.length === 0) return undefined;
  const item: Val = { k: 'member', obj: receiver, prop: '[]' };
  // The second parameter is the index: a number, whatever the list holds.
  const flows = fn.returns.map((r) => flowOf(substitute(r, fn.id, [item, { k: 'lit', v: 0 }]), program, depth + 1));
  const merged = mergeFlows(flows, ' ');
  // `columns.map(quoteIdent)`: the project's quoting helper, handed over by name, escapes each item.
  const escaper = fn.name.split('.').pop() ?? '';
  const escaped = ESCAPER.test(escaper) ? narrowFlow(merged, [escapesForAnotherLanguage(escaper) ? 'escaped-literal' : 'escaped']) : merged;
  return { ...escaped, text: escaped.constant ? escaped.text : '${…}' };
}

/** Sinks whose result is data read from outside: HTTP, SQL, file reads, command output. */
const RETURNS_DATA = /^(?:net\.http|db\.|fs\.read|fs\.list|shell\.exec|process\.spawn|comm\.read)/;

/** The callee as it would be written (`client.query`, `this.db.exec`), for sinks matched by name. */
function calleeTextOf(val: Val, depth = 0): string {
  if (depth > 6) return '';
  switch (val.k) {
    case 'member':
      return `${calleeTextOf(val.obj, depth + 1)}.${val.prop}`;
    case 'param':
      return [val.name ?? `arg${val.index}`, ...val.path].join('.');
    case 'ref':
    case 'global':
      return val.name;
    case 'import':
      return val.name === '*' || val.name === 'default' ? val.module : val.name;
    case 'this':
      return 'this';
    default:
      return '';
  }
}

export const constantFlow = (text = ''): Flow => ({ taints: [], constant: true, text, env: [], unknown: [] });

export const unknownFlow = (why: string): Flow => ({ taints: [], constant: false, text: '${…}', env: [], unknown: [why] });

/** Texts are for matching commands and URLs; past this length they say nothing more. */
const MAX_TEXT = 400;

export function mergeFlows(flows: Flow[], joiner = ''): Flow {
  if (flows.length === 1) return flows[0];
  const text = flows.map((f) => f.text).join(joiner);
  return {
    taints: uniqueTaints(flows.flatMap((f) => f.taints)),
    constant: flows.every((f) => f.constant),
    text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text,
    env: [...new Set(flows.flatMap((f) => f.env))],
    unknown: [...new Set(flows.flatMap((f) => f.unknown))].slice(0, 8),
    ...(flows.some((f) => f.fresh) ? { fresh: true } : {}),
    ...(flows.some((f) => f.external?.length) ? { external: [...new Set(flows.flatMap((f) => f.external ?? []))].slice(0, 4) } : {}),
    ...(flows.some((f) => f.storedByModel) ? { storedByModel: flows.find((f) => f.storedByModel)!.storedByModel } : {}),
  };
}

/**
 * A flow's constancy after its parameters were replaced by a caller's arguments: it is constant
 * exactly when nothing non-constant is left (no parameter, environment, world data or unknown).
 */
export function settleFlow(flow: Flow): Flow {
  const constant = flow.taints.length === 0 && flow.unknown.length === 0 && flow.env.length === 0 && !flow.external?.length;
  return constant === flow.constant ? flow : { ...flow, constant };
}

export function narrowFlow(flow: Flow, by: ConstraintKind[]): Flow {
  if (by.length === 0 || flow.taints.length === 0) return flow;
  return { ...flow, taints: uniqueTaints(flow.taints.map((t) => ({ ...t, by: [...new Set([...t.by, ...by])] }))) };
}

/** The same parameter reached twice is one taint; without this, loops multiply them. */
function uniqueTaints(taints: Taint[]): Taint[] {
  if (taints.length < 2) return taints;
  const seen = new Map<string, Taint>();
  const params = new Set<string>();
  for (const t of taints) {
    const param = `${t.fn}\u0000${t.param}`;
    const key = `${param}\u0000${t.path.join('.')}\u0000${t.by.join(',')}`;
    // Which parameters reach the value is what matters, not every route: a value built from
    // hundreds of fields of one input (a big options object) keeps a bounded sample of them, but
    // every parameter keeps at least one (the tool's input among a caller's many options).
    if (seen.has(key) || (seen.size >= MAX_TAINTS && params.has(param))) continue;
    seen.set(key, t);
    params.add(param);
  }
  return seen.size === taints.length ? taints : [...seen.values()];
}

/**
 * The maps whose stored values are being traced back to a tool right now: a map met again on the
 * way (a value stored in it that is read from it) is not traced twice, or the trace never ends.
 */
const tracing = new Set<Val[]>();

function traceStore(stored: Val[], taints: Taint[], program: Program): string | undefined {
  if (tracing.has(stored)) return undefined;
  tracing.add(stored);
  try {
    return modelInputBehind(taints, program);
  } finally {
    tracing.delete(stored);
  }
}

/**
 * The tool whose input a value stored by other code came from: each taint's function is followed
 * to its callers' arguments, a few calls up, until a tool's implementation and its input parameter.
 */
function modelInputBehind(taints: Taint[], program: Program, depth = 0, seen = new Set<string>()): string | undefined {
  if (depth > 3) return undefined;
  const inputs = toolInputs(program);
  for (const taint of taints.slice(0, 16)) {
    const tool = inputs.get(taint.fn);
    if (tool && tool.index === taint.param) return tool.name;
    const key = `${taint.fn}:${taint.param}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const site of program.callSitesOf(taint.fn).slice(0, 16)) {
      const arg = site.args[taint.param];
      if (!arg) continue;
      const found = modelInputBehind(flowOf(taint.path.reduce<Val>((v, p) => program.member(v, p), arg), program).taints, program, depth + 1, seen);
      if (found) return found;
    }
  }
  return undefined;
}

/** Bounds that keep flows small on large code; both only ever drop routes of a parameter already kept. */
const MAX_TAINTS = 64;
export const MAX_TAINT_PATH = 12;

/**
 * The flow of a value inside the function that holds it. Values share sub-values (a variable
 * assigned in a loop refers to its previous value), so results are memoised per value object:
 * without it, such a DAG is walked exponentially.
 */
export function flowOf(val: Val, program: Program, depth = 0): Flow {
  const cache = flowCaches.get(program) ?? new WeakMap<Val, Flow>();
  flowCaches.set(program, cache);
  const cached = cache.get(val);
  if (cached) return cached;
  if (depth > MAX_DEPTH) return { ...constantFlow('${…}'), constant: false, unknown: ['too deep'] };
  const flow = computeFlow(val, program, depth);
  cache.set(val, flow);
  return flow;
}

const flowCaches = new WeakMap<Program, WeakMap<Val, Flow>>();

function computeFlow(val: Val, program: Program, depth: number): Flow {
  switch (val.k) {
    case 'lit':
      return constantFlow(val.v === null ? '' : String(val.v));
    case 'tmpl':
      return mergeFlows(val.parts.map((p) => flowOf(p, program, depth + 1)));
    case 'param': {
      // Checked in its own function before use (`validateMode(args.mode);` then the read).
      const by = program.assertionsIn(val.fn).filter((c) => c.index === val.index && c.path.length <= val.path.length && c.path.every((p, i) => val.path[i] === p)).flatMap((c) => c.by);
      return { taints: [{ fn: val.fn, param: val.index, path: val.path, by: [...new Set(by)] }], constant: false, text: '${…}', env: [], unknown: [] };
    }
    case 'env':
      return { taints: [], constant: false, text: '${…}', env: [val.name], unknown: [] };
    case 'narrowed':
      return narrowFlow(flowOf(val.v, program, depth + 1), val.by);
    case 'unknown':
      return { taints: [], constant: false, text: '${…}', env: [], unknown: [val.why] };
    case 'ref':
    case 'import': {
      const next = program.deref(val);
      // A class or a function used as a value is code, not data.
      if (next === val && val.k === 'ref') return constantFlow();
      // A value exported by a package (its configuration, a shared object) is not the model's,
      // but leash cannot read it: unknown, never constant.
      if (next.k === 'import') return unknownFlow(`a value from ${next.module}`);
      return flowOf(next, program, depth + 1);
    }
    case 'member': {
      // `const { resolved } = await assertSandboxPath({ filePath })`: a field of what the
      // project's path validator returns is the confined path, like its whole result.
      const checked = validatedField(val, program);
      if (checked) return narrowFlow(mergeFlows(checked.args.map((a) => flowOf(a, program, depth + 1)), ' '), ['path-confined']);
      const next = program.deref(val);
      if (next.k !== 'member') return flowOf(next, program, depth + 1);
      // A spawned child's `pid` is assigned by the operating system, whatever command the model
      // wrote; a `pid` the model sends (`args.pid`) is the model's.
      if (next.prop === 'pid' && madeByCall(next.obj, program)) return { taints: [], constant: false, text: '${…}', env: [], unknown: [], external: ['process id'] };
      const inner = flowOf(next.obj, program, depth + 1);
      // `Schema.safeParse(args).data` is `args` itself, checked: its fields are the input's fields.
      if (next.prop === 'data' && isSafeParse(next.obj, program)) return inner;
      return { ...inner, text: inner.constant ? '' : '${…}', taints: inner.taints.map((t) => ({ ...t, path: [...t.path, next.prop] })) };
    }
    case 'call':
    case 'new': {
      // `validateLocalPath(p)`, `resolveSafePath(root, p)`: the project's own validator returns a
      // confined path — unless it lets everything through when its allow list is empty.
      const callee = val.k === 'call' ? program.deref(val.callee) : undefined;
      const validator = callee?.k === 'fn' ? program.functions.get(callee.id) : undefined;
      const allowsAll = validator ? letsAllThroughWhenEmpty(validator, program) : false;
      if (validator && confinesPath(validator, program)) {
        return narrowFlow(mergeFlows(val.args.map((a) => flowOf(a, program, depth + 1)), ' '), ['path-confined']);
      }
      // The project's own quoting helper (`escapeAppleScriptString(p)`, `shellQuote(arg)`): what
      // it returns is the argument, escaped for the language it names. Escaped for another
      // language than the shell's, it is still raw text to a shell line that embeds it.
      const escaper = validator?.name.split('.').pop() ?? '';
      if (validator && ESCAPER.test(escaper)) {
        const by = escapesForAnotherLanguage(escaper) ? 'escaped-literal' : 'escaped';
        return narrowFlow(mergeFlows(val.args.map((a) => flowOf(a, program, depth + 1)), ' '), [by]);
      }
      // `list.map((item, i) => …)` is what the callback returns, with the item for its first
      // parameter: `schemas.map((_, i) => `$${i + 1}`)` carries none of the schemas.
      const mapped = val.k === 'call' ? mappedFlow(val, program, depth) : undefined;
      if (mapped) return mapped;
      // A check that returns early, unchecked, when its allow list is empty passes its input
      // through in the default configuration: whatever it narrows later does not hold then.
      if (allowsAll) return mergeFlows(val.args.map((a) => flowOf(a, program, depth + 1)), ' ');
      const next = val.k === 'call' ? program.deref(val) : val;
      if (next.k !== 'call' && next.k !== 'new') return flowOf(next, program, depth + 1);
      const name = canonicalName(next.callee, program);
      // What a request, a query, a file read or a command returns comes from the world, not from
      // the arguments that asked for it: `(await client.query(sql)).rows` is the database's data.
      const sink = next.k === 'call' ? matchSink(name, calleeTextOf(next.callee)) : undefined;
      if (sink && RETURNS_DATA.test(sink.op)) return { taints: [], constant: false, text: '${…}', env: [], unknown: [], external: [sink.id] };
      // A method known by its receiver's declared type returns what that method returns.
      const typed = next.k === 'call' ? program.declaredTypes.methodTargets(next.callee) : undefined;
      if (typed && typed.targets.length > 0) {
        return mergeFlows(typed.targets.map((id) => flowOf({ k: 'call', callee: { k: 'fn', id }, args: next.args, loc: next.loc }, program, depth + 1)));
      }
      // A method of a service client the code was handed (`neonClient: Api`, `octokit: Octokit`)
      // answers with the service's data: the branch id a create call returns is the service's,
      // not the model's, whatever name the model asked for.
      // The same for a client a package made (`createClient(url).from('t').insert(…)`,
      // `new Octokit().rest.issues.get(…)`): a method of a package's object is a service's answer.
      const client = program.declaredTypes.externalName(next.callee) ?? (name && SERVICE_CALL.test(name) ? name : undefined);
      // What a create call answers names the object just made: the code's own, like a random name.
      if (client && !PASSTHROUGH_PACKAGES.test(client)) return { taints: [], constant: false, text: '${…}', env: [], unknown: [], external: [client], ...(MAKES_NEW.test(client) ? { fresh: true } : {}) };
      // `registry.get(id)` on the project's own Map: one of the values the code stored, whatever
      // key the model asked for. Each keeps the taints of the function that stored it.
      const stored = next.k === 'call' && next.callee.k === 'member' && next.callee.prop === 'get' ? storedIn(program, next.callee.obj) : undefined;
      if (stored) {
        if (stored.length === 0) return unknownFlow('a map nothing is stored in');
        const merged = mergeFlows(stored.map((v) => flowOf(v, program, depth + 1)));
        const storer = traceStore(stored, merged.taints, program);
        return storer ? { ...merged, constant: false, storedByModel: storer } : merged;
      }
      // `new URL(`/api/orgs/${org}/search`, apiUrl)`: a path resolved against a base keeps the
      // base's origin. The text reads base first, so the host is judged by the base.
      if (next.k === 'new' && isUrlClass(name) && next.args.length === 2) {
        const [path, base] = next.args.map((a) => flowOf(a, program, depth + 1));
        if (isPathOnBase(path.text)) return mergeFlows([base, path], '');
      }
      const args = mergeFlows(next.args.map((a) => flowOf(a, program, depth + 1)), ' ');
      // `Object.keys(tools)` is the names of the object's fields, none of their values: a secret
      // held in a field (a context object carrying an API key) is not in its keys. Whoever chose
      // the keys still did, so parameters stay.
      if (name === 'global:Object.keys') return { ...args, env: [], text: args.constant ? args.text : '${…}' };
      // A method of a module (`path.join`, `os.tmpdir`) carries no data from the module itself.
      // On a parameter the member chain is folded into its path (`input.sql.split(';')` has callee
      // `input.sql.split`): the receiver is the parameter without the method.
      const receiver =
        next.callee.k === 'member' && program.deref(next.callee.obj).k !== 'import'
          ? flowOf(next.callee.obj, program, depth + 1)
          : next.callee.k === 'param' && next.callee.path.length > 0
            ? flowOf({ ...next.callee, path: next.callee.path.slice(0, -1) }, program, depth + 1)
            : constantFlow();
      // `url.toString()`, `cmd.trim()`: the same text, still readable (a URL's host stays judged).
      if (next.callee.k === 'member' && next.args.length === 0 && TEXT_KEEPING.test(next.callee.prop) && !receiver.constant) return receiver;
      const merged = mergeFlows([receiver, args], ' ');
      const sanitizer = name ? SANITIZERS.find((s) => s.callee.test(name)) : undefined;
      const result = { ...merged, text: merged.constant ? merged.text : '${…}', ...(name && FRESH_NAME.test(name.replace(/\(\)$/, '')) ? { fresh: true } : {}) };
      if (sanitizer) return narrowFlow(result, [sanitizer.by]);
      // A digest written as hex or base64url (`createHash('sha256').update(id).digest('hex')`) is
      // letters and digits whatever went in: no separator, no `..`, no quote.
      if (name && HASH_DIGEST.test(name) && next.k === 'call' && isDigestText(next.args[0], program)) return narrowFlow(result, ['pattern']);
      // `name.replace(/[^\w-]+/g, '_')`: with every path separator replaced, what is left is one file name.
      const method = next.callee.k === 'member' ? next.callee.prop : next.callee.k === 'param' ? next.callee.path[next.callee.path.length - 1] : undefined;
      if ((method === 'replace' || method === 'replaceAll') && next.k === 'call' && stripsPathSeparators(next.args, program)) return narrowFlow(result, ['path-confined']);
      return result;
    }
    case 'arr':
      return mergeFlows(val.items.map((i) => flowOf(i, program, depth + 1)), ' ');
    case 'spread':
      return flowOf(val.v, program, depth + 1);
    case 'obj':
      return mergeFlows(val.props.map((p) => flowOf(p.v, program, depth + 1)), ' ');
    case 'union': {
      const flows = val.options.map((o) => flowOf(o, program, depth + 1));
      const merged = mergeFlows(flows);
      // Fresh only when every value it may be is fresh.
      if (!flows.every((f) => f.fresh)) delete merged.fresh;
      return { ...merged, text: flows.every((f) => f.constant) ? flows[0]?.text ?? '' : sharedStart(flows.map((f) => f.text)) };
    }
    default:
      // Functions, tools, agents, schemas, classes: references, not data.
      return constantFlow();
  }
}

/**
 * A replacement that takes every `/` and `\\` out of a string (a global regular expression that
 * matches both, replaced by text with neither): the result can name a file, never a path.
 */
function stripsPathSeparators(args: Val[], program: Program): boolean {
  const pattern = args[0] ? program.deref(args[0]) : undefined;
  const replacement = args[1] ? program.deref(args[1]) : undefined;
  if (pattern?.k !== 'lit' || typeof pattern.v !== 'string' || replacement?.k !== 'lit' || typeof replacement.v !== 'string') return false;
  if (/[/\\]/.test(replacement.v)) return false;
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(pattern.v);
  if (!literal || !literal[2].includes('g')) return false;
  try {
    // Tried on two one-character strings only: no input here can make it backtrack for long.
    const regex = new RegExp(literal[1], literal[2].replace(/[^gimsuy]/g, ''));
    return ['/', '\\'].every((separator) => {
      regex.lastIndex = 0;
      return regex.test(separator);
    });
  } catch {
    return false;
  }
}
