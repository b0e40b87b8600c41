/**
 * Code analysis entry point: choose the files that can matter, parse and extract each one
 * (dropping its AST at once), then link the facts and write the graph fragment.
 */
import type { CodeAnalyzer } from '../engine/pipeline.js';
import type { CodeFacts } from '../extract/code/facts.js';
import { recognizers } from '../extract/code/frameworks/index.js';
import { analysisText, type SourceFile } from '../extract/types.js';
import type { Diagnostic } from '../graph/model.js';
import { ModuleResolver } from './modules.js';
import { classTools } from './class-tools.js';
import { envFileSwitches } from './env-files.js';
import { wrappedServers } from './wrapped-servers.js';
import { Program } from './program.js';
import { relevantFiles } from './relevance.js';
import { Summaries } from './summaries.js';
import { isSecretFallback } from '../extract/credentials.js';
import { openFactsCache } from './facts-cache.js';
import { analysisInputs, keptResult } from './kept-result.js';
import { openResultCache } from './result-cache.js';
import { toGraph } from './to-graph.js';
import { extractOne, type Extracted } from './extract-one.js';
import { documentedPersonalTokens } from './documented-tokens.js';
import { saveTypeScriptCodeCache, useTypeScriptCodeCache } from '../extract/code/typescript.js';

const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export const analyzeCode: CodeAnalyzer = (files: SourceFile[], options = {}) => {
  const results = options.cacheDir ? openResultCache(options.cacheDir, options.version ?? 'dev', options.root ?? '', files) : undefined;
  const before = results?.get();
  if (before) return { ...before, timings: { resultCached: 1 } as Record<string, number> };
  const cache = options.cacheDir ? openFactsCache(options.cacheDir, options.version ?? 'dev', options.root ?? '') : undefined;
  const version = options.version ?? 'dev';
  useTypeScriptCodeCache(options.cacheDir);
  // Extractions made while checking whether the stored result still holds, by facts key.
  const early = new Map<string, Extracted>();
  const kept = results && cache ? keptResult(results, cache, files, version, recognizers, early) : undefined;
  if (kept) {
    results!.set(kept.result, kept.inputs);
    cache!.flush();
    saveTypeScriptCodeCache();
    return { ...kept.result, timings: { factsUnchanged: kept.changed } as Record<string, number> };
  }
  const code = files.filter((f) => CODE_FILE.test(f.path) && !/\.d\.[cm]?ts$/.test(f.path));
  const resolver = new ModuleResolver(
    code.map((f) => f.path),
    files,
    (specifier) => recognizers.some((r) => r.modules.test(specifier)),
  );
  const t0 = performance.now();
  const selected = relevantFiles(code, resolver, recognizers);
  const t1 = performance.now();
  const inputs = cache ? analysisInputs(files, selected, cache, version, recognizers) : undefined;
  const diagnostics: Diagnostic[] = [];
  const facts: CodeFacts[] = [];
  let parseMs = 0;
  let extractMs = 0;
  // Cached facts first; the files left are parsed and extracted. (Two threads were measured: on two
  // cores V8's garbage collector already keeps the second one busy, and a worker cost more wall
  // time and memory than it saved.)
  const cached = selected.map((file, index) => {
    if (options.onProgress && index % 100 === 0) options.onProgress(index, selected.length);
    return cache?.get(file.path, analysisText(file));
  });
  const fresh = selected.filter((_, i) => !cached[i]);
  const extracted = fresh.map((file) => (cache && early.get(cache.keyOf(file.path, analysisText(file)))) || extractOne(file));
  let next = 0;
  for (const [i, file] of selected.entries()) {
    const hit = cached[i];
    if (hit) {
      facts.push(hit);
      diagnostics.push(...(hit.diagnostics ?? []));
      continue;
    }
    const result = extracted[next++];
    parseMs += result.parseMs;
    extractMs += result.extractMs;
    if (!result.ok) {
      diagnostics.push(result.diagnostic);
      continue;
    }
    diagnostics.push(...(result.facts.diagnostics ?? []));
    facts.push(result.facts);
    cache?.set(file.path, analysisText(file), result.facts);
  }
  // Files not worth parsing still get a cheap look for secret defaults (`process.env.JWT_SECRET ||
  // 'secret'`): the app that runs the agents authenticates with them.
  const parsed = new Set(selected.map((f) => f.path));
  for (const file of code) if (!parsed.has(file.path)) {
    const secrets = secretFallbacks(file);
    if (secrets.length > 0) facts.push(secretOnlyFacts(file.path, secrets));
  }
  cache?.flush();
  saveTypeScriptCodeCache();
  const t2 = performance.now();
  const program = new Program(facts, resolver);
  for (const tool of classTools(program)) program.tools.set(tool.id, tool);
  wrappedServers(program);
  const fragment = toGraph(program, new Summaries(program), envFileSwitches(files), diagnostics, documentedPersonalTokens(files));
  const t3 = performance.now();
  const timings = { selectMs: t1 - t0, parseMs, extractMs, linkMs: t3 - t2, cacheHits: cache?.hits ?? 0 };
  if (inputs) results?.set({ fragment, diagnostics, parsedFiles: selected.length }, inputs);
  return { fragment, diagnostics, parsedFiles: selected.length, timings };
};

const ENV_FALLBACK = /process\.env(?:\.([A-Za-z_][\w]*)|\[\s*['"]([\w]+)['"]\s*\])\s*(?:\|\||\?\?)\s*(['"`])([^'"`\n]*)\3/g;

/** `process.env.X || 'literal'` for a secret-named X, found by text alone, with its position. */
function secretFallbacks(file: SourceFile): CodeFacts['secrets'] {
  if (!file.text.includes('process.env')) return [];
  const found: CodeFacts['secrets'] = [];
  for (const m of file.text.matchAll(ENV_FALLBACK)) {
    const name = m[1] ?? m[2];
    if (!isSecretFallback(name, m[4])) continue;
    const offset = (m.index ?? 0) + m[0].lastIndexOf(m[3] + m[4] + m[3]);
    const before = file.text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    found.push({ key: name, loc: { file: file.path, line, column, endLine: line, endColumn: column + m[4].length + 2 }, fn: `${file.path}:<module>`, fallback: true });
  }
  return found;
}

function secretOnlyFacts(path: string, secrets: CodeFacts['secrets']): CodeFacts {
  const loc = secrets[0].loc;
  const topLevel = { id: `${path}:<module>`, name: '<module>', loc, params: [], calls: [], returns: [], envReads: [] };
  return { file: path, imports: [], exports: [], bindings: {}, functions: {}, classes: {}, tools: [], agents: [], servers: [], topLevel, secrets };
}
