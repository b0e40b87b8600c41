/**
 * Canonical names of external callees, matched by the sink catalogue:
 * `module:export`, `()` for a call or construction, `.member` for a member.
 */
import type { Val } from '../extract/code/facts.js';
import type { Program } from './program.js';

/** Modules whose default import is the module namespace (Node built-ins and CommonJS libraries). */
const NAMESPACE_DEFAULT = /^(?:fs|fs\/promises|fs-extra|graceful-fs|child_process|path|vm|http|https|util|os|shelljs|crypto|net|dns|url|stream|zlib|worker_threads|cluster)$/;

export function canonicalName(val: Val, program: Program, depth = 0): string | undefined {
  if (depth > 12) return undefined;
  const resolved = program.deref(val);
  switch (resolved.k) {
    case 'import': {
      if (resolved.file === '<resolved>') return undefined;
      if (resolved.name === '*' || (resolved.name === 'default' && NAMESPACE_DEFAULT.test(resolved.module))) return `${resolved.module}:`;
      return `${resolved.module}:${resolved.name}`;
    }
    case 'global':
      return `global:${resolved.name}`;
    case 'param':
      // An injected client known by its package type: `constructor(private pool: Pool)`.
      return resolved.path.length > 0 ? program.declaredTypes.externalName(resolved) : undefined;
    case 'member': {
      const obj = canonicalName(resolved.obj, program, depth + 1);
      if (!obj) return program.declaredTypes.externalName(resolved);
      return obj.endsWith(':') ? `${obj}${resolved.prop}` : `${obj}.${resolved.prop}`;
    }
    case 'call':
    case 'new': {
      const callee = canonicalName(resolved.callee, program, depth + 1);
      return callee && !callee.endsWith(':') ? `${callee}()` : undefined;
    }
    case 'narrowed':
      return canonicalName(resolved.v, program, depth + 1);
    case 'union': {
      // A lazily built client (`instance ??= new Daytona()`): `null` or the client, so the client.
      // An injected dependency (`deps.readFile` with `deps = { readFile: fs.readFile }` unless a
      // caller passes another): the default, which is what runs unless a test overrides it.
      const named = resolved.options.filter((o) => !(o.k === 'lit' && o.v === null) && o.k !== 'param');
      const names = new Set(named.map((o) => canonicalName(o, program, depth + 1)));
      return names.size === 1 ? [...names][0] : undefined;
    }
    default:
      return undefined;
  }
}
