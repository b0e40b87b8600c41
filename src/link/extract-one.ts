/**
 * Parsing and extracting one file, the unit of work the scan spreads over threads: the result is
 * plain data (facts and parse diagnostics, or why the file could not be analysed), so it crosses a
 * thread boundary by structured clone and lands in the facts cache unchanged.
 */
import type { CodeFacts } from '../extract/code/facts.js';
import { extractFile } from '../extract/code/extract-file.js';
import { recognizers } from '../extract/code/frameworks/index.js';
import { parseSource } from '../extract/code/parse.js';
import type { SourceFile } from '../extract/types.js';
import type { Diagnostic } from '../graph/model.js';

/** `parseMs` and `extractMs`: time spent on this file by whichever thread did it. */
export type Extracted = ({ ok: true; facts: CodeFacts } | { ok: false; diagnostic: Diagnostic }) & { parseMs: number; extractMs: number };

export function extractOne(file: SourceFile): Extracted {
  const start = performance.now();
  let parseMs = 0;
  try {
    const { sf, diagnostics: parseErrors } = parseSource(file);
    parseMs = performance.now() - start;
    const facts = extractFile(file.path, sf, recognizers, file.sdkAliases, file.untypedSdk);
    if (parseErrors.length) facts.diagnostics = parseErrors;
    return { ok: true, facts, parseMs, extractMs: performance.now() - start - parseMs };
  } catch (error) {
    const deep = error instanceof RangeError && /call stack/i.test(error.message);
    const diagnostic: Diagnostic = { file: file.path, code: deep ? 'too-deep' : 'internal-error', message: deep ? 'skipped: an expression nested too deeply to analyse (the rest of the scan goes on)' : `leash could not analyse this file: ${(error as Error).message}` };
    return { ok: false, diagnostic, parseMs, extractMs: performance.now() - start - parseMs };
  }
}
