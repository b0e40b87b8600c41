/** Small readers over abstract values, shared by recognizers and the linker. */
import type { Location } from '../../graph/model.js';
import type { ObjProp, Val } from './facts.js';

/** CDNs that serve npm packages by URL: `https://esm.sh/<package>@<version>/<path>`. */
const NPM_CDN = /^https?:\/\/(?:esm\.sh|cdn\.skypack\.dev|unpkg\.com|cdn\.jsdelivr\.net\/npm|ga\.jspm\.io\/npm:)\/?(?:v\d+\/)?/;

/**
 * The npm package path an import names, however the runtime spells it: Deno's `npm:` and `jsr:`
 * specifiers and the npm CDNs carry a version after the package name
 * (`npm:@modelcontextprotocol/sdk@1.17.0/server/mcp.js` is `@modelcontextprotocol/sdk/server/mcp.js`).
 * Other specifiers are returned unchanged.
 */
export function packageSpecifier(specifier: string): string {
  const cdn = NPM_CDN.exec(specifier);
  const rest = specifier.startsWith('npm:') || specifier.startsWith('jsr:') ? specifier.slice(4) : cdn ? specifier.slice(cdn[0].length) : undefined;
  if (rest === undefined) return specifier;
  const match = /^(@[^/@]+\/[^/@]+|[^/@]+)(?:@[^/]*)?(\/.*)?$/.exec(rest.replace(/^\//, ''));
  return match ? `${match[1]}${match[2] ?? ''}` : specifier;
}

/** Normalises `node:fs` to `fs`, so sinks and recognizers match either spelling. */
export function normaliseModule(module: string): string {
  return module.startsWith('node:') ? module.slice(5) : module;
}

/**
 * The imported symbol a value stands for: `tool` from `ai`, also through a namespace or default
 * import (`ai.tool`, `agents.Agent`). Undefined when the value is not an import.
 */
export function importOf(val: Val | undefined): { module: string; name: string } | undefined {
  if (!val) return undefined;
  // A guard can narrow a name used as a callee (`const ok = interrupt(q); if (ok !== 'yes') throw`
  // narrows the roots of `ok`); what the function is does not change.
  if (val.k === 'narrowed') return importOf(val.v);
  if (val.k === 'import') return { module: normaliseModule(val.module), name: val.name };
  if (val.k === 'member' && val.obj.k === 'import' && (val.obj.name === '*' || val.obj.name === 'default')) {
    return { module: normaliseModule(val.obj.module), name: val.prop };
  }
  return undefined;
}

/** True when `val` is the export `name` (or one of `names`) of a module matching `module`. */
export function isImportOf(val: Val | undefined, module: RegExp, names: string | string[]): boolean {
  const imp = importOf(val);
  if (!imp || !module.test(imp.module)) return false;
  return Array.isArray(names) ? names.includes(imp.name) : imp.name === names;
}

/** A property of an object literal value (last one wins, as in JavaScript). */
export function prop(val: Val | undefined, key: string): Val | undefined {
  const found = propEntry(val, key);
  return found?.v;
}

/**
 * A property written in the object literal, or else, when the literal spreads other objects in
 * (`tool({ ...readFileDefinition, execute })`), the property as a member of the whole object, for
 * the link to find in the spreads. Undefined when neither can hold it.
 */
export function propOrSpread(val: Val | undefined, key: string): Val | undefined {
  const own = prop(val, key);
  if (own || !val || val.k !== 'obj' || !val.props.some((p) => p.spread)) return own;
  return { k: 'member', obj: val, prop: key };
}

export function propEntry(val: Val | undefined, key: string): ObjProp | undefined {
  if (!val || val.k !== 'obj') return undefined;
  for (let i = val.props.length - 1; i >= 0; i--) {
    const p = val.props[i];
    if (!p.spread && p.key === key) return p;
  }
  return undefined;
}

export function propLoc(val: Val | undefined, key: string, fallback: Location): Location {
  return propEntry(val, key)?.loc ?? fallback;
}

/**
 * The receiver and method of a method call's callee. A member of a parameter is folded into the
 * parameter's path (`server.registerTool` on a `server` parameter), so both shapes are read here.
 */
export function methodOf(callee: Val | undefined): { receiver: Val; method: string } | undefined {
  if (!callee) return undefined;
  if (callee.k === 'member') return { receiver: callee.obj, method: callee.prop };
  if (callee.k === 'param' && callee.path.length > 0) return { receiver: { ...callee, path: callee.path.slice(0, -1) }, method: callee.path[callee.path.length - 1] };
  if (callee.k === 'narrowed') return methodOf(callee.v);
  return undefined;
}

export function stringOf(val: Val | undefined): string | undefined {
  if (!val) return undefined;
  if (val.k === 'lit' && typeof val.v === 'string') return val.v;
  if (val.k === 'tmpl' && val.parts.every((p) => p.k === 'lit')) return val.parts.map((p) => String((p as { v: unknown }).v)).join('');
  return undefined;
}

/**
 * The text of a value whose every part is a constant once resolved (`pulumi-cli-${name}` with
 * `name` an entry's key), through the caller's resolver; undefined when any part is not.
 */
export function constantText(val: Val, resolve: (v: Val) => Val): string | undefined {
  const d = resolve(val);
  if (d.k !== 'tmpl') return stringOf(d);
  const parts: string[] = [];
  for (const part of d.parts) {
    const r = resolve(part);
    if (r.k !== 'lit' || r.v === null) return undefined;
    parts.push(String(r.v));
  }
  return parts.join('');
}

/** A template's text with `*` for what is only known at run time: `status_${service}` → `status_*`. */
export function templateText(val: Val | undefined): string | undefined {
  if (!val) return undefined;
  if (val.k === 'lit' && typeof val.v === 'string') return val.v;
  if (val.k !== 'tmpl') return undefined;
  return val.parts.map((p) => (p.k === 'lit' ? String(p.v ?? '') : '*')).join('');
}

export function boolOf(val: Val | undefined): boolean | undefined {
  return val?.k === 'lit' && typeof val.v === 'boolean' ? val.v : undefined;
}

/** The string items of an array literal, or undefined if any item is not a constant string. */
export function stringsOf(val: Val | undefined): string[] | undefined {
  if (!val || val.k !== 'arr') return undefined;
  const out: string[] = [];
  for (const item of val.items) {
    const s = stringOf(item);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

export const unknownVal = (why: string, loc?: Location): Val => ({ k: 'unknown', why, ...(loc ? { loc } : {}) });

/** Visits every value nested in `val` (not following refs), depth first; what `prune` picks is visited but not entered. */
export function walkVal(val: Val, visit: (v: Val) => void, seen = new Set<Val>(), prune?: (v: Val) => boolean): void {
  // Values can be cyclic after in-place mutations: visit each node once.
  if (seen.has(val)) return;
  seen.add(val);
  visit(val);
  if (prune?.(val)) return;
  switch (val.k) {
    case 'tmpl':
      val.parts.forEach((p) => walkVal(p, visit, seen, prune));
      break;
    case 'member':
      walkVal(val.obj, visit, seen, prune);
      if (val.key) walkVal(val.key, visit, seen, prune);
      break;
    case 'call':
    case 'new':
      walkVal(val.callee, visit, seen, prune);
      val.args.forEach((a) => walkVal(a, visit, seen, prune));
      break;
    case 'arr':
      val.items.forEach((i) => walkVal(i, visit, seen, prune));
      break;
    case 'spread':
      walkVal(val.v, visit, seen, prune);
      break;
    case 'obj':
      val.props.forEach((p) => walkVal(p.v, visit, seen, prune));
      break;
    case 'union':
      val.options.forEach((o) => walkVal(o, visit, seen, prune));
      break;
    case 'narrowed':
      walkVal(val.v, visit, seen, prune);
      break;
    default:
      break;
  }
}

/** A member of a value, simplified where the value is known (object literal, namespace import, env). */
export function memberOf(obj: Val, prop: string, loc?: Location): Val {
  switch (obj.k) {
    case 'obj': {
      // Written in a literal, the last key wins; but properties assigned later (`opts.shell = true`
      // in one branch, `= false` in another) are appended, and bindings are flow-insensitive:
      // every write since the last spread may be the value read.
      const writes: Val[] = [];
      for (let i = obj.props.length - 1; i >= 0; i--) {
        const p = obj.props[i];
        if (!p.spread && p.key === prop) {
          writes.push(p.v);
          continue;
        }
        if (p.spread || p.key === null) break;
      }
      if (writes.length > 0) return union(writes.reverse());
      return { k: 'member', obj, prop };
    }
    case 'param':
      return { ...obj, path: [...obj.path, prop] };
    case 'import':
      return obj.name === '*' ? { ...obj, name: prop } : { k: 'member', obj, prop };
    case 'global':
      if ((obj.name === 'process' || obj.name === 'import.meta') && prop === 'env') return { k: 'env', name: '*', loc: loc ?? unknownLoc };
      if (obj.name === 'Deno' && prop === 'env') return { k: 'env', name: '*', loc: loc ?? unknownLoc };
      return { k: 'member', obj, prop };
    case 'env':
      return obj.name === '*' ? { k: 'env', name: prop, loc: loc ?? obj.loc } : { k: 'member', obj, prop };
    case 'narrowed':
      return { k: 'narrowed', v: memberOf(obj.v, prop, loc), by: obj.by };
    default:
      return { k: 'member', obj, prop };
  }
}

/** Where a value leash made up itself comes from (a synthetic call): nowhere in the code. */
export const unknownLoc: Location = { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 };

export function union(options: Val[]): Val {
  // The same value met twice (through two spreads of one object) is one option.
  const flat = [...new Set(options.flatMap((o) => (o.k === 'union' ? o.options : [o])))];
  return flat.length === 1 ? flat[0] : { k: 'union', options: flat };
}


/**
 * The function at the bottom of middleware wrappers: `withErrorHandling(async (params) => …)`,
 * `wrap('x', monitor(async (req) => …))`. The wrapped function receives the caller's arguments,
 * so it is the implementation; undefined when `val` is not such a call.
 */
export function wrappedFunction(val: Val, depth = 0): Val | undefined {
  if (depth > 6) return undefined;
  if (val.k === 'fn') return depth > 0 ? val : undefined;
  if (val.k !== 'call') return undefined;
  for (const arg of [...val.args].reverse()) {
    const found = arg.k === 'fn' ? arg : wrappedFunction(arg, depth + 1);
    if (found) return found;
  }
  return undefined;
}
