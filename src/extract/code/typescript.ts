/**
 * The TypeScript parser, loaded with `require`, and only when a file must be parsed: importing
 * the 9 MB CommonJS `typescript.js` from an ES module makes Node scan its whole source for named
 * exports first, which costs about as much again as loading it (≈450 ms per run, measured), and
 * a run whose every file comes from the facts cache needs no parser at all.
 * `ts` is a live binding: the code that walks ASTs runs after `loadTypeScript()`.
 * Types come from `import type`, so nothing else changes for the code that uses it.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

export let ts: typeof TS;

export function loadTypeScript(): typeof TS {
  ts ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return ts;
}
