/**
 * Keeping the whole analysis across a change that says nothing new: when only analysed files
 * changed and each one's facts are what the facts cache holds for its previous content (a comment
 * or blank lines added at the end, a file saved unchanged), the link would produce the same graph,
 * so the stored result is returned instead of linking again.
 *
 * The check runs before the files are chosen (a pre-commit run should not scan every file's
 * imports to learn that nothing moved): the files analysed last time are chosen again when every
 * other file is byte for byte the same and each changed file's import scan reads the same.
 */
import { isDeepStrictEqual } from 'node:util';
import { deserialize } from 'node:v8';
import type { Recognizer } from '../extract/code/recognizer.js';
import { analysisText, type SourceFile } from '../extract/types.js';
import { extractOne, type Extracted } from './extract-one.js';
import type { FactsCache } from './facts-cache.js';
import { scanSignature } from './relevance.js';
import { filesKey, type AnalysisInputs, type CachedAnalysis, type ResultCache } from './result-cache.js';

/** Changed files whose facts are compared with the stored ones before the stored result is given up. */
const MAX_RECHECKED = 32;

export function analysisInputs(files: SourceFile[], selected: SourceFile[], cache: FactsCache, version: string, recognizers: Recognizer[]): AnalysisInputs {
  // By path: the selected files may be copies carrying what their imports say (`sdkAliases`).
  const analysed = new Set(selected.map((f) => f.path));
  return {
    analysed: Object.fromEntries(selected.map((f) => [f.path, cache.keyOf(f.path, analysisText(f))])),
    othersKey: filesKey(version, files.filter((f) => !analysed.has(f.path))),
    selection: Object.fromEntries(
      selected.map((f) => [f.path, { scan: scanSignature(f, recognizers), ...(f.sdkAliases ? { sdkAliases: f.sdkAliases } : {}), ...(f.untypedSdk ? { untypedSdk: f.untypedSdk } : {}) }]),
    ),
  };
}

/**
 * The stored result, when the tree changed only in analysed files whose import scan and facts stay
 * exactly as stored (a comment or blank lines added at the end, a save without a change): the same
 * files would be chosen and the link would produce the same graph, so neither runs. Files
 * extracted on the way are left in `early` (by facts key) for the full analysis when the result
 * does not hold.
 */
export function keptResult(
  results: ResultCache,
  cache: FactsCache,
  files: SourceFile[],
  version: string,
  recognizers: Recognizer[],
  early: Map<string, Extracted>,
): { result: CachedAnalysis; changed: number; inputs: AnalysisInputs } | undefined {
  const previous = results.previous();
  const before = previous?.inputs;
  if (!previous || !before?.selection) return undefined;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const paths = Object.keys(before.analysed).sort();
  if (paths.some((p) => !byPath.has(p) || !before.selection[p])) return undefined;
  const analysedPaths = new Set(paths);
  const othersKey = filesKey(version, files.filter((f) => !analysedPaths.has(f.path)));
  if (othersKey !== before.othersKey) return undefined;
  // The files chosen last time, carrying what their imports said then (the same, as checked below).
  const selected = paths.map((p) => {
    const { sdkAliases, untypedSdk } = before.selection[p];
    return { ...byPath.get(p)!, ...(sdkAliases ? { sdkAliases } : {}), ...(untypedSdk ? { untypedSdk } : {}) };
  });
  const keys = new Map(selected.map((f) => [f.path, cache.keyOf(f.path, analysisText(f))]));
  const changed = selected.filter((f) => before.analysed[f.path] !== keys.get(f.path));
  if (changed.length > MAX_RECHECKED) return undefined;
  for (const file of changed) {
    if (scanSignature(file, recognizers) !== before.selection[file.path].scan) return undefined;
    const stored = cache.raw(before.analysed[file.path]);
    if (!stored) return undefined;
    const result = extractOne(file);
    early.set(keys.get(file.path)!, result);
    // Compared as values: the serialised bytes of the same facts differ with the sharing and string
    // encodings left by whatever the process extracted before them.
    if (!result.ok || !isDeepStrictEqual(result.facts, deserialize(stored))) return undefined;
  }
  // The other files' facts stay in the pack as they are; the changed files' are stored anew.
  for (const file of selected) if (!changed.includes(file)) cache.keep(keys.get(file.path)!);
  for (const file of changed) {
    const result = early.get(keys.get(file.path)!)!;
    if (result.ok) cache.set(file.path, analysisText(file), result.facts);
  }
  const inputs: AnalysisInputs = { analysed: Object.fromEntries(keys), othersKey, selection: before.selection };
  return { result: previous.result, changed: changed.length, inputs };
}
