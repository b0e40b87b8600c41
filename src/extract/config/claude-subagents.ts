/**
 * Claude Code subagents, `.claude/agents/*.md`: YAML front matter with `name`, `tools` (a comma list;
 * absent means every tool of the main agent) and `permissionMode`. Each is an agent the main Claude
 * Code agent delegates to.
 */
import { LineCounter, parseDocument, isMap, isScalar, type Node as YamlNode } from 'yaml';
import type { GraphFragment } from '../../graph/build.js';
import { harnessAgentId } from '../../graph/ids.js';
import type { HarnessSettings, Location } from '../../graph/model.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { harnessName } from './mcp-servers.js';

const FILE = /(?:^|\/)\.claude\/agents\/[^/]+\.md$/;

export const claudeSubagents: ConfigExtractor = {
  id: 'claude-subagents',
  matches: (path) => FILE.test(path),
  extract(file: SourceFile) {
    const fragment: GraphFragment = { nodes: [], edges: [] };
    const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(file.text);
    if (!match) return { fragment, diagnostics: [] };
    const lineCounter = new LineCounter();
    const doc = parseDocument(match[1], { lineCounter, prettyErrors: false });
    if (doc.errors.length > 0) {
      const pos = lineCounter.linePos(doc.errors[0].pos[0]);
      return { fragment, diagnostics: [{ file: file.path, line: pos.line + 1, column: pos.col, code: 'config-error', message: `invalid front matter: ${doc.errors[0].message.split('\n')[0]}` }] };
    }
    if (!isMap(doc.contents)) return { fragment, diagnostics: [] };
    const locate = (node: YamlNode | undefined): Location => {
      const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
      return { file: file.path, line: pos.line + 1, column: pos.col, endLine: pos.line + 1, endColumn: pos.col };
    };
    const name = String(doc.get('name') ?? file.path.split('/').pop()!.replace(/\.md$/, ''));
    const toolsNode = doc.get('tools', true) as YamlNode | undefined;
    const harness: HarnessSettings = { permissions: [], flags: [], sandbox: [], sources: [file.path] };
    const tools = isScalar(toolsNode) ? String(toolsNode.value).split(',').map((t) => t.trim()).filter(Boolean) : [];
    // `tools` lists what the subagent may use at all (availability), not what runs without asking.
    const mode = doc.get('permissionMode', true) as YamlNode | undefined;
    if (isScalar(mode)) harness.flags.push({ name: 'permissionMode', value: String(mode.value), location: locate(mode) });
    const id = `${harnessAgentId('claude-code')}/${name}`;
    fragment.nodes.push(
      { id, kind: 'agent', name: `Claude Code subagent ${name}`, framework: 'claude-code', origin: 'harness', construct: 'subagent', location: { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 }, harness, attrs: { tools: toolsNode ? tools : 'all (inherited)' } },
      { id: harnessAgentId('claude-code'), kind: 'agent', name: harnessName('claude-code'), framework: 'claude-code', origin: 'harness', construct: 'config', harness: { permissions: [], flags: [], sandbox: [], sources: [file.path] } },
    );
    fragment.edges.push({ from: harnessAgentId('claude-code'), to: id, kind: 'delegates', evidence: [locate(undefined)] });
    return { fragment, diagnostics: [] };
  },
};
