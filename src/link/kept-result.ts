/**
 * Keeping the whole analysis across a change that says nothing new: when only analysed files
 * changed and each one's facts are what the facts cache holds for its previous content (a comment
 * or blank lines added at the end, a file saved unchanged), the link would produce the same graph,
 * so the stored result is returned instead of linking again.
 */
import { deserialize } from 'node:v8';
import type { SourceFile } from '../extract/types.js';
import { extractOne, type Extracted } from './extract-one.js';
import type { FactsCache } from './facts-cache.js';
import { filesKey, type AnalysisInputs, type CachedAnalysis, type ResultCache } from './result-cache.js';

/** Changed files whose facts are compared with the stored ones before the stored result is given up. */
const MAX_RECHECKED = 32;

export function analysisInputs(files: SourceFile[], selected: SourceFile[], cache: FactsCache, version: string): AnalysisInputs {
  const analysed = new Set(selected);
  return {
    analysed: Object.fromEntries(selected.map((f) => [f.path, cache.keyOf(f.path, f.text)])),
    othersKey: filesKey(version, files.filter((f) => !analysed.has(f))),
  };
}

/**
 * The stored result, when the tree changed only in analysed files whose facts stay exactly as
 * stored (a comment or blank lines added at the end, a save without a change): the link would
 * produce the same graph, so it is not run. Files extracted on the way are left in `early` for
 * the full analysis when the result does not hold.
 */
export function keptResult(results: ResultCache, cache: FactsCache, inputs: AnalysisInputs, selected: SourceFile[], early: Map<SourceFile, Extracted>): { result: CachedAnalysis; changed: number } | undefined {
  const previous = results.previous();
  if (!previous || previous.inputs.othersKey !== inputs.othersKey) return undefined;
  const before = previous.inputs.analysed;
  if (Object.keys(before).length !== selected.length || selected.some((f) => !(f.path in before))) return undefined;
  const changed = selected.filter((f) => before[f.path] !== inputs.analysed[f.path]);
  if (changed.length > MAX_RECHECKED) return undefined;
  for (const file of changed) {
    const stored = cache.raw(before[file.path]);
    if (!stored) return undefined;
    const result = extractOne(file);
    early.set(file, result);
    if (!result.ok || !sameValue(result.facts, deserialize(stored))) return undefined;
  }
  // The other files' facts stay in the pack as they are; the changed files' are stored anew.
  for (const file of selected) if (!changed.includes(file)) cache.keep(inputs.analysed[file.path]);
  for (const file of changed) {
    const result = early.get(file)!;
    if (result.ok) cache.set(file.path, file.text, result.facts);
  }
  return { result: previous.result, changed: changed.length };
}

/**
 * Structural equality of two fact trees (plain objects, arrays, primitives; shared and cyclic
 * parts compared once). Serialised bytes are no test: the same facts come out with other sharing
 * or string encodings depending on what was extracted before them in the process.
 */
function sameValue(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key, i) => key === keysB[i] && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], seen));
}
