/**
 * The TypeScript parser, loaded with `require`: importing the 9 MB CommonJS `typescript.js` from an
 * ES module makes Node scan its whole source for named exports first, which costs about as much
 * again as loading it (≈450 ms per run, measured) — a tax on every pre-commit run.
 * Types come from `import type`, so nothing else changes for the code that uses it.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

export const ts: typeof TS = createRequire(import.meta.url)('typescript');
