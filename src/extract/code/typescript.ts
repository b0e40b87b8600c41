/**
 * The TypeScript parser, loaded with `require`, and only when a file must be parsed: importing
 * the 9 MB CommonJS `typescript.js` from an ES module makes Node scan its whole source for named
 * exports first, which costs about as much again as loading it (≈450 ms per run, measured), and
 * a run whose every file comes from the facts cache needs no parser at all.
 * `ts` is a live binding: the code that walks ASTs runs after `loadTypeScript()`.
 * Types come from `import type`, so nothing else changes for the code that uses it.
 *
 * With a cache directory, the compiled code is cached too (V8's code cache, as Node 22's
 * `module.enableCompileCache` does for every module): compiling `typescript.js` is most of the
 * time a pre-commit run that parses one file spends on parsing (≈450 ms without the code cache,
 * ≈280 ms with it, measured on Node 20). V8 checks the cached data and rejects what does not
 * match its version and flags; a rejected or missing cache only costs the compile.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import type * as TS from 'typescript';

export let ts: typeof TS;

let codeCacheDir: string | undefined;
/** The compiled script, while its code cache is still to be written. */
let unsaved: { script: Script; file: string } | undefined;

/** Where the compiled parser is cached (the facts cache's directory); unset, nothing is cached. */
export function useTypeScriptCodeCache(dir: string | undefined): void {
  codeCacheDir = dir;
}

export function loadTypeScript(): typeof TS {
  ts ??= codeCacheDir ? loadWithCodeCache(codeCacheDir) : (createRequire(import.meta.url)('typescript') as typeof TS);
  return ts;
}

/**
 * Writes the code cache when this run compiled the parser afresh. Called once parsing is done,
 * so that the functions compiled while parsing are in it too.
 */
export function saveTypeScriptCodeCache(): void {
  if (!unsaved) return;
  const pending = unsaved;
  unsaved = undefined;
  saveCodeCache(pending);
}

function loadWithCodeCache(dir: string): typeof TS {
  const require = createRequire(import.meta.url);
  const source = require.resolve('typescript');
  const version = (require('typescript/package.json') as { version: string }).version;
  const loaded = requireWithCodeCache(source, path.join(dir, `typescript-${version}-${process.version}-${process.arch}.v8cache`));
  if (loaded.unsaved) unsaved = loaded.unsaved;
  return loaded.exports as typeof TS;
}

/**
 * Runs a CommonJS file as `require` would (its own `require`, `module` and `exports`), compiled
 * with the code cache in `cacheFile` when there is a usable one. `unsaved` is set when the cache
 * was missing or rejected: `saveCodeCache` writes it once the code has run for a while.
 */
export function requireWithCodeCache(file: string, cacheFile: string): { exports: unknown; unsaved?: { script: Script; file: string } } {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: { exports: unknown }, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, ...(!cachedData || script.cachedDataRejected ? { unsaved: { script, file: cacheFile } } : {}) };
}

/** Writes a script's code cache atomically; a read-only or full disk costs speed, never the scan. */
export function saveCodeCache({ script, file }: { script: Script; file: string }): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}
