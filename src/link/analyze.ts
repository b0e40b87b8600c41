/**
 * Code analysis entry point: choose the files that can matter, parse and extract each one
 * (dropping its AST at once), then link the facts and write the graph fragment.
 */
import type { CodeAnalyzer } from '../engine/pipeline.js';
import type { CodeFacts } from '../extract/code/facts.js';
import { extractFile } from '../extract/code/extract-file.js';
import { recognizers } from '../extract/code/frameworks/index.js';
import { parseSource } from '../extract/code/parse.js';
import type { SourceFile } from '../extract/types.js';
import type { Diagnostic } from '../graph/model.js';
import { ModuleResolver } from './modules.js';
import { Program } from './program.js';
import { relevantFiles } from './relevance.js';
import { Summaries } from './summaries.js';
import { toGraph } from './to-graph.js';

const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export const analyzeCode: CodeAnalyzer = (files: SourceFile[]) => {
  const code = files.filter((f) => CODE_FILE.test(f.path) && !/\.d\.[cm]?ts$/.test(f.path));
  const resolver = new ModuleResolver(
    code.map((f) => f.path),
    files,
    (specifier) => recognizers.some((r) => r.modules.test(specifier)),
  );
  const t0 = performance.now();
  const selected = relevantFiles(code, resolver, recognizers);
  const t1 = performance.now();
  const diagnostics: Diagnostic[] = [];
  const facts: CodeFacts[] = [];
  let parseMs = 0;
  for (const file of selected) {
    try {
      const start = performance.now();
      const { sf, diagnostics: parseErrors } = parseSource(file);
      parseMs += performance.now() - start;
      diagnostics.push(...parseErrors);
      facts.push(extractFile(file.path, sf, recognizers));
    } catch (error) {
      diagnostics.push({ file: file.path, code: 'internal-error', message: `leash could not analyse this file: ${(error as Error).message}` });
    }
  }
  const t2 = performance.now();
  const program = new Program(facts, resolver);
  const fragment = toGraph(program, new Summaries(program));
  const t3 = performance.now();
  const timings = { selectMs: t1 - t0, parseMs, extractMs: t2 - t1 - parseMs, linkMs: t3 - t2 };
  return { fragment, diagnostics, parsedFiles: selected.length, timings };
};
