/**
 * Claude Code settings: `.claude/settings.json` and `.claude/settings.local.json` — permission
 * rules, default mode, MCP server approval, sandbox, hooks and env. Everything lands on one
 * harness agent, "Claude Code in this repository", together with `.mcp.json` and scripts.
 */
import type { GraphFragment } from '../../graph/build.js';
import { auditId, envCredentialId, gateId, harnessAgentId, literalCredentialId } from '../../graph/ids.js';
import type { AgentNode, HarnessSettings } from '../../graph/model.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { JsonDoc, at, child, entries, items, str } from './json-doc.js';
import { harnessName } from './mcp-servers.js';
import { classifyReference, looksLikeSecret, secretReferences } from '../credentials.js';

const FILE = /(?:^|\/)\.claude\/settings(?:\.local)?\.json$/;
const HARNESS = 'claude-code';

export const claudeSettings: ConfigExtractor = {
  id: 'claude-settings',
  matches: (path) => FILE.test(path),
  extract(file: SourceFile) {
    const { doc, diagnostics } = JsonDoc.parse(file);
    const fragment: GraphFragment = { nodes: [], edges: [] };
    if (!doc) return { fragment, diagnostics };
    const agentId = harnessAgentId(HARNESS);
    const harness: HarnessSettings = { permissions: [], flags: [], sandbox: [], sources: [file.path] };
    const permissions = child(doc.root, 'permissions');
    for (const effect of ['allow', 'ask', 'deny'] as const) {
      const list = child(permissions, effect);
      if (list && list.type !== 'array') {
        diagnostics.push({ file: file.path, line: doc.loc(list).line, column: doc.loc(list).column, code: 'config-error', message: `permissions.${effect} must be an array of rules` });
        continue;
      }
      for (const rule of items(list)) if (str(rule) !== undefined) harness.permissions.push({ rule: str(rule)!, effect, location: doc.loc(rule) });
    }
    const flag = (name: string, node: ReturnType<typeof child>) => {
      if (node && (node.type === 'string' || node.type === 'boolean')) harness.flags.push({ name, value: String(node.value), location: doc.loc(node) });
    };
    flag('defaultMode', child(permissions, 'defaultMode'));
    flag('enableAllProjectMcpServers', child(doc.root, 'enableAllProjectMcpServers'));
    flag('skipDangerousModePermissionPrompt', child(doc.root, 'skipDangerousModePermissionPrompt'));
    flag('disableAllHooks', child(doc.root, 'disableAllHooks'));
    for (const dir of items(child(permissions, 'additionalDirectories'))) if (str(dir)) harness.sandbox.push({ setting: 'additionalDirectories', value: str(dir)!, location: doc.loc(dir) });
    const sandbox = child(doc.root, 'sandbox');
    for (const key of ['enabled', 'autoAllowBashIfSandboxed', 'allowUnsandboxedCommands']) {
      const node = child(sandbox, key);
      if (node?.type === 'boolean') harness.sandbox.push({ setting: `sandbox.${key}`, value: String(node.value), location: doc.loc(node) });
    }
    for (const domain of items(at(sandbox, 'network', 'allowedDomains'))) if (str(domain)) harness.sandbox.push({ setting: 'sandbox.network.allowedDomains', value: str(domain)!, location: doc.loc(domain) });
    for (const path of items(at(sandbox, 'filesystem', 'allowWrite'))) if (str(path)) harness.sandbox.push({ setting: 'sandbox.filesystem.allowWrite', value: str(path)!, location: doc.loc(path) });

    const agent: AgentNode = { id: agentId, kind: 'agent', name: harnessName(HARNESS), framework: HARNESS, origin: 'harness', construct: 'config', location: doc.loc(doc.root), harness };
    fragment.nodes.push(agent);

    // Hooks: PreToolUse can block a call (a gate); PostToolUse sees every call (an audit).
    const hooks = child(doc.root, 'hooks');
    for (const [event, node] of entries(hooks)) {
      if (event === 'PreToolUse' || event === 'PermissionRequest') {
        const id = gateId(agentId, `hook:${event}`);
        fragment.nodes.push({ id, kind: 'gate', name: `${event} hook`, mechanism: `${event} hook`, strength: 'conditional', location: doc.loc(node) });
        fragment.edges.push({ from: agentId, to: id, kind: 'gated-by', evidence: [doc.loc(node)] });
      } else if (/^Post/.test(event)) {
        const id = auditId(agentId, `hook:${event}`);
        fragment.nodes.push({ id, kind: 'audit', name: `${event} hook`, mechanism: `${event} hook`, enabled: child(doc.root, 'disableAllHooks')?.value !== true, location: doc.loc(node) });
        fragment.edges.push({ from: agentId, to: id, kind: 'audited-by', evidence: [doc.loc(node)] });
      }
    }

    // `env` is injected into every session and tool process.
    for (const [key, node] of entries(child(doc.root, 'env'))) {
      const text = str(node);
      if (text === undefined) continue;
      for (const ref of secretReferences(text)) {
        const id = envCredentialId(ref.name);
        const c = classifyReference(ref.name);
        fragment.nodes.push({ id, kind: 'credential', name: ref.name, source: 'env', reference: ref.name, class: c.class, classReason: c.reason, location: doc.loc(node) });
        fragment.edges.push({ from: agentId, to: id, kind: 'holds', evidence: [doc.loc(node)], attrs: { key } });
      }
      if (secretReferences(text).length === 0 && looksLikeSecret(key, text)) {
        const id = literalCredentialId(file.path, `env.${key}`);
        fragment.nodes.push({ id, kind: 'credential', name: key, source: 'literal', reference: `env.${key}`, class: classifyReference(key, text).class, classReason: 'a secret written in the settings file', location: doc.loc(node) });
        fragment.edges.push({ from: agentId, to: id, kind: 'holds', evidence: [doc.loc(node)], attrs: { key, literal: true } });
      }
    }
    return { fragment, diagnostics };
  },
};
