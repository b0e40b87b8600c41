/**
 * The whole-analysis cache: the graph fragment and diagnostics code analysis produced for an exact
 * set of files. A repeat scan of an unchanged tree (the common pre-push and CI-rerun case) skips
 * reading the facts and linking altogether. Keyed by the analysis version and every file's
 * path and content, so any change anywhere (a source file, a tsconfig, a package.json) misses;
 * then the per-file facts cache still saves the parsing, and a change that leaves every analysed
 * file's facts as they were (a comment added at the end) keeps the result (`AnalysisInputs`). One entry per scanned root, written
 * atomically like the facts pack.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { SdkAliases, SourceFile } from '../extract/types.js';
import type { GraphFragment } from '../graph/build.js';
import type { Diagnostic } from '../graph/model.js';

export interface CachedAnalysis {
  fragment: GraphFragment;
  diagnostics: Diagnostic[];
  parsedFiles: number;
}

/**
 * What a result was made from, for a tree that changed: the facts-cache key of each analysed file,
 * and a hash of every other file. When only analysed files changed and their new facts are the
 * same as their stored facts (a comment, a blank line at the end), the result still holds.
 */
export interface AnalysisInputs {
  analysed: Record<string, string>;
  othersKey: string;
  /**
   * Per analysed file, what the import scan read in it (`scanSignature`) and the SDK names it was
   * handed: while these and every other file stay the same, the same files are chosen.
   */
  selection: Record<string, { scan: string; sdkAliases?: SdkAliases; untypedSdk?: string[] }>;
}

export interface ResultCache {
  /** The result for exactly these files, byte for byte. */
  get(): CachedAnalysis | undefined;
  /** The last result stored for this root, whatever files it was made from, with its inputs. */
  previous(): { result: CachedAnalysis; inputs: AnalysisInputs } | undefined;
  set(result: CachedAnalysis, inputs: AnalysisInputs): void;
}

/** A hash of files' paths and contents, in path order. */
export function filesKey(version: string, files: SourceFile[]): string {
  const hash = createHash('sha256').update(version);
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update('\0').update(file.path).update('\0').update(file.text);
  return hash.digest('base64');
}

export function openResultCache(dir: string, version: string, root: string, files: SourceFile[]): ResultCache {
  const pack = path.join(dir, `result-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.bin`);
  const key = filesKey(version, files);
  let stored: { key?: string; result?: CachedAnalysis; inputs?: AnalysisInputs } | undefined;
  const load = () => {
    if (stored) return stored;
    try {
      stored = (deserialize(readFileSync(pack)) as typeof stored) ?? {};
    } catch {
      stored = {};
    }
    return stored;
  };
  return {
    get() {
      const s = load();
      return s.key === key ? s.result : undefined;
    },
    previous() {
      const s = load();
      return s.result && s.inputs ? { result: s.result, inputs: s.inputs } : undefined;
    },
    set(result, inputs) {
      const temporary = `${pack}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temporary, serialize({ key, result, inputs }));
        renameSync(temporary, pack);
      } catch {
        rmSync(temporary, { force: true });
      }
    },
  };
}
