import type * as TS from 'typescript';
import { loadTypeScript, ts } from './typescript.js';
import type { Diagnostic, Location } from '../../graph/model.js';
import type { SourceFile } from '../types.js';

/** Parses one file with the TypeScript parser only: no program, no type checker, no module resolution. */
export function parseSource(file: SourceFile): { sf: TS.SourceFile; diagnostics: Diagnostic[] } {
  loadTypeScript();
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, scriptKind(file.path));
  // parseDiagnostics is not in the public typings but is how the parser reports syntax errors.
  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const diagnostics = parseDiagnostics.slice(0, 1).map((d): Diagnostic => {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
    return {
      file: file.path,
      line: line + 1,
      column: character + 1,
      code: 'parse-error',
      message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    };
  });
  return { sf, diagnostics };
}

function scriptKind(path: string): TS.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function locationOf(sf: TS.SourceFile, node: TS.Node): Location {
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return { file: sf.fileName, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
