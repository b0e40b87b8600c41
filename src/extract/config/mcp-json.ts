/**
 * MCP server configs in JSON: `.mcp.json` (Claude Code), `.cursor/mcp.json`, `.vscode/mcp.json`
 * (`servers`, `inputs`), Claude Desktop, Windsurf, Roo / Kilo / Cline, and the `mcpServers` of
 * `.gemini/settings.json`. Each server is attached to the harness that loads the file.
 */
import type { Node } from 'jsonc-parser';
import type { GraphFragment } from '../../graph/build.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { JsonDoc, child, entries, items, str } from './json-doc.js';
import { serverFragment, type ServerEntry, type ServerValue } from './mcp-servers.js';

const FILES: { pattern: RegExp; harness: string; key: 'mcpServers' | 'servers' }[] = [
  { pattern: /(?:^|\/)\.mcp\.json$/, harness: 'claude-code', key: 'mcpServers' },
  { pattern: /(?:^|\/)\.cursor\/mcp\.json$/, harness: 'cursor', key: 'mcpServers' },
  { pattern: /(?:^|\/)\.vscode\/mcp\.json$/, harness: 'vscode-copilot', key: 'servers' },
  { pattern: /(?:^|\/)claude_desktop_config\.json$/, harness: 'claude-desktop', key: 'mcpServers' },
  { pattern: /(?:^|\/)mcp_config\.json$/, harness: 'windsurf', key: 'mcpServers' },
  { pattern: /(?:^|\/)\.roo\/mcp\.json$/, harness: 'roo-code', key: 'mcpServers' },
  { pattern: /(?:^|\/)\.kilocode\/mcp\.json$/, harness: 'kilo-code', key: 'mcpServers' },
  { pattern: /(?:^|\/)cline_mcp_settings\.json$/, harness: 'cline', key: 'mcpServers' },
  { pattern: /(?:^|\/)\.gemini\/settings\.json$/, harness: 'gemini-cli', key: 'mcpServers' },
];

export const mcpJson: ConfigExtractor = {
  id: 'mcp-json',
  matches: (path) => FILES.some((f) => f.pattern.test(path)),
  extract(file: SourceFile) {
    const format = FILES.find((f) => f.pattern.test(file.path))!;
    const { doc, diagnostics } = JsonDoc.parse(file);
    const fragment: GraphFragment = { nodes: [], edges: [] };
    if (!doc) return { fragment, diagnostics };
    // VS Code uses `servers`, everyone else `mcpServers`; accept either where it is found.
    const servers = child(doc.root, format.key) ?? child(doc.root, format.key === 'servers' ? 'mcpServers' : 'servers');
    if (servers && servers.type !== 'object') {
      diagnostics.push({ file: file.path, ...pos(doc, servers), code: 'config-error', message: `"${format.key}" must be an object of servers` });
      return { fragment, diagnostics };
    }
    for (const [name, node] of entries(servers)) {
      if (node.type !== 'object') {
        diagnostics.push({ file: file.path, ...pos(doc, node), code: 'config-error', message: `server "${name}" must be an object` });
        continue;
      }
      if (child(node, 'disabled')?.value === true || child(node, 'enabled')?.value === false) continue;
      const part = serverFragment(format.harness, file.path, readServer(doc, name, node));
      fragment.nodes.push(...part.nodes);
      fragment.edges.push(...part.edges);
    }
    return { fragment, diagnostics };
  },
};

function pos(doc: JsonDoc, node: Node): { line: number; column: number } {
  const loc = doc.loc(node);
  return { line: loc.line, column: loc.column };
}

export function readServer(doc: JsonDoc, name: string, node: Node): ServerEntry {
  const value = (n: Node | undefined): ServerValue | undefined => (str(n) !== undefined ? { value: str(n)!, loc: doc.loc(n) } : undefined);
  const commandNode = child(node, 'command') ?? child(node, 'cmd');
  // opencode and Zed accept the command as an array: its first word is the command.
  const commandWords = commandNode?.type === 'array' ? items(commandNode) : [];
  const command = commandWords.length ? value(commandWords[0]) : value(commandNode);
  const args = [...commandWords.slice(1), ...items(child(node, 'args'))].flatMap((a) => (str(a) !== undefined ? [{ value: str(a)!, loc: doc.loc(a) }] : []));
  const pairs = (n: Node | undefined) => entries(n).flatMap(([key, v]) => (str(v) !== undefined ? [{ key, value: str(v)!, loc: doc.loc(v) }] : []));
  const allowed = [child(node, 'includeTools'), child(node, 'tools'), child(node, 'alwaysAllow'), child(node, 'autoApprove')].find((n) => n?.type === 'array');
  const trust = child(node, 'trust');
  return {
    name,
    loc: doc.loc(node),
    type: str(child(node, 'type')) ?? str(child(node, 'transport')),
    command,
    args,
    url: value(child(node, 'url')) ?? value(child(node, 'serverUrl')) ?? value(child(node, 'httpUrl')),
    env: [...pairs(child(node, 'env')), ...pairs(child(node, 'environment'))],
    headers: pairs(child(node, 'headers')),
    passThrough: [],
    envFile: value(child(node, 'envFile')),
    ...(allowed && child(node, 'includeTools') === allowed ? { allowedTools: items(allowed).flatMap((i) => (str(i) ? [str(i)!] : [])) } : {}),
    ...(trust?.value === true ? { trusted: { value: 'true', loc: doc.loc(trust) } } : {}),
  };
}
