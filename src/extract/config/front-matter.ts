/**
 * The YAML front matter of a Markdown file (`---` … `---`), read as Claude Code reads it: YAML when
 * it parses, and otherwise plain top-level `key: value` lines (real subagent files often carry an
 * unquoted description full of colons, which strict YAML rejects but the harness accepts).
 */
import { isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Location } from '../../graph/model.js';

export interface FrontMatterValue {
  /** The scalar text, or a sequence's items joined by `, `. */
  text: string;
  location: Location;
}

export function readFrontMatter(file: string, text: string): Map<string, FrontMatterValue> | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) return undefined;
  const body = match[1];
  // Line 1 is the opening `---`: the body starts on line 2.
  const at = (line: number, column: number): Location => ({ file, line: line + 1, column, endLine: line + 1, endColumn: column });
  const lineCounter = new LineCounter();
  const doc = parseDocument(body, { lineCounter, prettyErrors: false });
  const values = new Map<string, FrontMatterValue>();
  if (doc.errors.length === 0 && doc.contents && 'items' in doc.contents && !isSeq(doc.contents)) {
    for (const pair of (doc.contents as { items: { key: YamlNode; value: YamlNode | null }[] }).items) {
      if (!isScalar(pair.key) || !pair.value) continue;
      const pos = lineCounter.linePos(pair.value.range?.[0] ?? pair.key.range?.[0] ?? 0);
      const value = isScalar(pair.value) ? String(pair.value.value ?? '') : isSeq(pair.value) ? pair.value.items.map((i) => (isScalar(i) ? String(i.value) : '')).filter(Boolean).join(', ') : '';
      values.set(String(pair.key.value), { text: value, location: at(pos.line, pos.col) });
    }
    return values;
  }
  body.split(/\r?\n/).forEach((line, index) => {
    const kv = /^([A-Za-z][\w-]*):[ \t]*(.*)$/.exec(line);
    if (kv && !values.has(kv[1])) values.set(kv[1], { text: kv[2].trim().replace(/^(["'])(.*)\1$/, '$2'), location: at(index + 1, kv[1].length + 3) });
  });
  return values;
}
