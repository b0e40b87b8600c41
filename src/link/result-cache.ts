/**
 * The whole-analysis cache: the graph fragment and diagnostics code analysis produced for an exact
 * set of files. A repeat scan of an unchanged tree (the common pre-push and CI-rerun case) skips
 * reading the facts and linking altogether. Keyed by the analysis version and every file's
 * path and content, so any change anywhere (a source file, a tsconfig, a package.json) misses;
 * then the per-file facts cache still saves the parsing. One entry per scanned root, written
 * atomically like the facts pack.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { SourceFile } from '../extract/types.js';
import type { GraphFragment } from '../graph/build.js';
import type { Diagnostic } from '../graph/model.js';

export interface CachedAnalysis {
  fragment: GraphFragment;
  diagnostics: Diagnostic[];
  parsedFiles: number;
}

export interface ResultCache {
  get(): CachedAnalysis | undefined;
  set(result: CachedAnalysis): void;
}

export function openResultCache(dir: string, version: string, root: string, files: SourceFile[]): ResultCache {
  const pack = path.join(dir, `result-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.bin`);
  const hash = createHash('sha256').update(version);
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update('\0').update(file.path).update('\0').update(file.text);
  const key = hash.digest('base64');
  return {
    get() {
      try {
        const stored = deserialize(readFileSync(pack)) as { key?: string; result?: CachedAnalysis };
        return stored?.key === key ? stored.result : undefined;
      } catch {
        return undefined;
      }
    },
    set(result) {
      const temporary = `${pack}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temporary, serialize({ key, result }));
        renameSync(temporary, pack);
      } catch {
        rmSync(temporary, { force: true });
      }
    },
  };
}
