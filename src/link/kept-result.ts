/**
 * Keeping the whole analysis across a change that says nothing new: when only analysed files
 * changed and each one's facts are what the facts cache holds for its previous content (a comment
 * or blank lines added at the end, a file saved unchanged), the link would produce the same graph,
 * so the stored result is returned instead of linking again.
 */
import { isDeepStrictEqual } from 'node:util';
import { deserialize } from 'node:v8';
import { analysisText, type SourceFile } from '../extract/types.js';
import { extractOne, type Extracted } from './extract-one.js';
import type { FactsCache } from './facts-cache.js';
import { filesKey, type AnalysisInputs, type CachedAnalysis, type ResultCache } from './result-cache.js';

/** Changed files whose facts are compared with the stored ones before the stored result is given up. */
const MAX_RECHECKED = 32;

export function analysisInputs(files: SourceFile[], selected: SourceFile[], cache: FactsCache, version: string): AnalysisInputs {
  // By path: the selected files may be copies carrying what their imports say (`sdkAliases`).
  const analysed = new Set(selected.map((f) => f.path));
  return {
    analysed: Object.fromEntries(selected.map((f) => [f.path, cache.keyOf(f.path, analysisText(f))])),
    othersKey: filesKey(version, files.filter((f) => !analysed.has(f.path))),
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
    // Compared as values: the serialised bytes of the same facts differ with the sharing and string
    // encodings left by whatever the process extracted before them.
    if (!result.ok || !isDeepStrictEqual(result.facts, deserialize(stored))) return undefined;
  }
  // The other files' facts stay in the pack as they are; the changed files' are stored anew.
  for (const file of selected) if (!changed.includes(file)) cache.keep(inputs.analysed[file.path]);
  for (const file of changed) {
    const result = early.get(file)!;
    if (result.ok) cache.set(file.path, analysisText(file), result.facts);
  }
  return { result: previous.result, changed: changed.length };
}
