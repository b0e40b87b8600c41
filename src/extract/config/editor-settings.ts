/**
 * Agent settings of other harnesses, in JSON: Gemini CLI `.gemini/settings.json` (tools allowed
 * without confirmation, sandbox), VS Code `.vscode/settings.json` (chat tool auto-approval),
 * opencode `opencode.json(c)` (`permission`), Cursor CLI `.cursor/cli.json` (`permissions`).
 * MCP servers in these files are read by `mcp-json`.
 */
import type { GraphFragment } from '../../graph/build.js';
import { harnessAgentId } from '../../graph/ids.js';
import type { HarnessSettings } from '../../graph/model.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { JsonDoc, at, child, entries, items, str } from './json-doc.js';
import { harnessName } from './mcp-servers.js';

const FILES: { pattern: RegExp; harness: string }[] = [
  { pattern: /(?:^|\/)\.gemini\/settings\.json$/, harness: 'gemini-cli' },
  { pattern: /(?:^|\/)\.vscode\/settings\.json$/, harness: 'vscode-copilot' },
  { pattern: /(?:^|\/)opencode\.jsonc?$/, harness: 'opencode' },
  { pattern: /(?:^|\/)\.cursor\/cli\.json$/, harness: 'cursor' },
];

export const editorSettings: ConfigExtractor = {
  id: 'editor-settings',
  matches: (path) => FILES.some((f) => f.pattern.test(path)),
  extract(file: SourceFile) {
    const { harness: harnessKey } = FILES.find((f) => f.pattern.test(file.path))!;
    const fragment: GraphFragment = { nodes: [], edges: [] };
    const { doc, diagnostics } = JsonDoc.parse(file);
    // `.gemini/settings.json` diagnostics are reported by mcp-json, which reads the same file.
    if (!doc) return { fragment, diagnostics: harnessKey === 'gemini-cli' ? [] : diagnostics };
    const harness: HarnessSettings = { permissions: [], flags: [], sandbox: [], sources: [file.path] };
    const rules = (node: ReturnType<typeof child>, effect: 'allow' | 'ask' | 'deny') => {
      for (const item of items(node)) if (str(item)) harness.permissions.push({ rule: geminiRule(str(item)!), effect, location: doc.loc(item) });
    };
    if (harnessKey === 'gemini-cli') {
      rules(at(doc.root, 'tools', 'allowed') ?? child(doc.root, 'autoAccept'), 'allow');
      rules(at(doc.root, 'tools', 'exclude') ?? child(doc.root, 'excludeTools'), 'deny');
      const sandbox = at(doc.root, 'tools', 'sandbox') ?? child(doc.root, 'sandbox');
      if (sandbox?.type === 'boolean' && sandbox.value === false) harness.sandbox.push({ setting: 'sandbox', value: 'false', location: doc.loc(sandbox) });
      const mode = at(doc.root, 'general', 'defaultApprovalMode');
      if (str(mode)) harness.flags.push({ name: 'approval-mode', value: str(mode)!, location: doc.loc(mode) });
    } else if (harnessKey === 'vscode-copilot') {
      for (const key of ['chat.tools.global.autoApprove', 'chat.tools.autoApprove']) {
        const node = child(doc.root, key);
        if (node?.type === 'boolean') harness.flags.push({ name: key, value: String(node.value), location: doc.loc(node) });
      }
      for (const [pattern, node] of entries(child(doc.root, 'chat.tools.terminal.autoApprove'))) {
        // `"/.*/": true` approves every command; a plain key approves commands starting with it.
        const anything = /^\/\^?\.[*+]\$?\/[a-z]*$/.test(pattern);
        if (node.value === true) harness.permissions.push({ rule: anything ? 'Bash' : `Bash(${pattern}:*)`, effect: 'allow', location: doc.loc(node) });
      }
    } else if (harnessKey === 'opencode') {
      const permission = child(doc.root, 'permission');
      if (str(permission)) harness.flags.push({ name: 'permission', value: str(permission)!, location: doc.loc(permission) });
      for (const [tool, node] of entries(permission)) {
        if (str(node) === 'allow') harness.permissions.push({ rule: tool === 'bash' ? 'Bash' : tool === 'edit' ? 'Edit' : tool === 'webfetch' ? 'WebFetch' : tool, effect: 'allow', location: doc.loc(node) });
        for (const [pattern, value] of entries(node)) {
          const effect = str(value);
          if (effect === 'allow' || effect === 'ask' || effect === 'deny') harness.permissions.push({ rule: tool === 'bash' ? `Bash(${pattern})` : `${tool}(${pattern})`, effect, location: doc.loc(value) });
        }
      }
    } else if (harnessKey === 'cursor') {
      for (const effect of ['allow', 'deny'] as const) {
        for (const item of items(at(doc.root, 'permissions', effect))) if (str(item)) harness.permissions.push({ rule: str(item)!.replace(/^Shell\(/, 'Bash('), effect, location: doc.loc(item) });
      }
    }
    if (harness.permissions.length || harness.flags.length || harness.sandbox.length) {
      fragment.nodes.push({ id: harnessAgentId(harnessKey), kind: 'agent', name: harnessName(harnessKey), framework: harnessKey, origin: 'harness', construct: 'config', harness });
    }
    return { fragment, diagnostics };
  },
};

/** Gemini names its shell tool `run_shell_command`; read its rules like Claude Code's `Bash(...)`. */
function geminiRule(rule: string): string {
  const match = /^(?:run_shell_command|ShellTool)(?:\((.*)\))?$/.exec(rule);
  return match ? (match[1] ? `Bash(${match[1]}:*)` : 'Bash') : rule;
}
