/**
 * Scripts that launch coding agents with approvals off: `package.json` scripts, shell scripts and
 * Makefiles. The flags land on the harness agent of the CLI they start ("Claude Code in this
 * repository"), the same node as the repository's settings files.
 */
import type { GraphFragment } from '../../graph/build.js';
import type { Location } from '../../graph/model.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { cliFlags, harnessOf } from './agent-cli.js';
import { JsonDoc, child, entries, str } from './json-doc.js';
import { harnessName } from './mcp-servers.js';
import { harnessAgentId } from '../../graph/ids.js';

export const agentScripts: ConfigExtractor = {
  id: 'agent-scripts',
  matches: (path) => /(?:^|\/)(?:package\.json|Makefile|[\w.-]+\.(?:sh|bash))$/.test(path) && !/(?:^|\/)node_modules\//.test(path),
  extract(file: SourceFile) {
    const fragment: GraphFragment = { nodes: [], edges: [] };
    if (file.path.endsWith('package.json')) {
      const { doc } = JsonDoc.parse(file);
      // A malformed package.json is not ours to report: npm will.
      if (!doc) return { fragment, diagnostics: [] };
      for (const [, node] of entries(child(doc.root, 'scripts'))) {
        const text = str(node);
        if (text === undefined) continue;
        const start = doc.locAt(node.offset, node.length);
        addFlags(fragment, file.path, text, (offset, length) => ({ file: file.path, line: start.line, column: start.column + 1 + offset, endLine: start.line, endColumn: start.column + 1 + offset + length }));
      }
      return { fragment, diagnostics: [] };
    }
    const lineStarts = [0];
    for (let i = 0; i < file.text.length; i++) if (file.text[i] === '\n') lineStarts.push(i + 1);
    addFlags(fragment, file.path, file.text, (offset, length) => {
      let line = 0;
      while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
      const column = offset - lineStarts[line] + 1;
      return { file: file.path, line: line + 1, column, endLine: line + 1, endColumn: column + length };
    });
    return { fragment, diagnostics: [] };
  },
};

function addFlags(fragment: GraphFragment, file: string, text: string, locate: (offset: number, length: number) => Location): void {
  let offset = 0;
  for (const line of text.split('\n')) {
    const harness = harnessOf(line);
    if (harness) {
      const base = offset;
      const flags = cliFlags(line, (o, l) => locate(base + o, l));
      if (flags.length > 0) {
        fragment.nodes.push({
          id: harnessAgentId(harness),
          kind: 'agent',
          name: harnessName(harness),
          framework: harness,
          origin: 'harness',
          construct: 'config',
          harness: { permissions: [], flags, sandbox: [], sources: [file] },
        });
      }
    }
    offset += line.length + 1;
  }
}
