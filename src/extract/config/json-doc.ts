/**
 * A JSON / JSONC document with positions: every value read from a harness config keeps the file,
 * line and column of the key that grants it, and malformed input becomes a diagnostic.
 */
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic, Location } from '../../graph/model.js';
import type { SourceFile } from '../types.js';

export class JsonDoc {
  private readonly lineStarts: number[] = [0];

  private constructor(
    readonly file: string,
    private readonly text: string,
    readonly root: Node | undefined,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** Parses JSONC (comments and trailing commas allowed); errors become one diagnostic with its position. */
  static parse(file: SourceFile): { doc?: JsonDoc; diagnostics: Diagnostic[] } {
    if (file.text.trim() === '') return { diagnostics: [{ file: file.path, line: 1, column: 1, code: 'config-error', message: 'empty file: expected a JSON object' }] };
    const errors: ParseError[] = [];
    const root = parseTree(file.text, errors, { allowTrailingComma: true, disallowComments: false });
    const doc = new JsonDoc(file.path, file.text, root);
    if (errors.length > 0) {
      const first = errors[0];
      const loc = doc.locAt(first.offset, first.length);
      return { diagnostics: [{ file: file.path, line: loc.line, column: loc.column, code: 'config-error', message: `invalid JSON: ${printParseErrorCode(first.error)}` }] };
    }
    if (!root || root.type !== 'object') return { diagnostics: [{ file: file.path, line: 1, column: 1, code: 'config-error', message: 'expected a JSON object at the top level' }] };
    return { doc, diagnostics: [] };
  }

  locAt(offset: number, length = 0): Location {
    const start = this.position(offset);
    const end = this.position(offset + length);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /** The location of a property: its key, so that findings point at the setting's name. */
  loc(node: Node | undefined): Location {
    if (!node) return this.locAt(0);
    const target = node.parent?.type === 'property' ? node.parent : node;
    return this.locAt(target.offset, target.length);
  }

  private position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }
}

/** The value node of a property of an object node. */
export function child(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

/** Follows a path of keys. */
export function at(node: Node | undefined, ...keys: string[]): Node | undefined {
  return keys.reduce<Node | undefined>((n, k) => child(n, k), node);
}

/** `[key, valueNode]` pairs of an object node. */
export function entries(node: Node | undefined): [string, Node][] {
  if (!node || node.type !== 'object') return [];
  return (node.children ?? []).flatMap((p) => (p.children?.[0] && p.children[1] ? [[String(p.children[0].value), p.children[1]] as [string, Node]] : []));
}

export function items(node: Node | undefined): Node[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

export function str(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export function value(node: Node | undefined): unknown {
  return node ? getNodeValue(node) : undefined;
}
