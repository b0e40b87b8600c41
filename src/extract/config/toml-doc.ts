/** TOML read for a config extractor: the data, or the diagnostic that says where the text is wrong. */
import { parse, TomlError } from 'smol-toml';
import type { Diagnostic } from '../../graph/model.js';
import type { SourceFile } from '../types.js';

export function parseToml(file: SourceFile): { data: Record<string, unknown> } | { diagnostic: Diagnostic } {
  try {
    return { data: parse(file.text) as Record<string, unknown> };
  } catch (error) {
    const e = error as TomlError;
    return { diagnostic: { file: file.path, line: e.line ?? 1, column: e.column ?? 1, code: 'config-error', message: `invalid TOML: ${String(e.message).split('\n')[0]}` } };
  }
}
