/**
 * MCP servers as harness configs declare them (whatever the format): the server node, how its
 * package is pinned, what a well-known server grants, and the credentials handed to it.
 */
import type { GraphFragment } from '../../graph/build.js';
import { envCredentialId, harnessAgentId, inputCredentialId, literalCredentialId, mcpServerId, operationId } from '../../graph/ids.js';
import type { CredentialNode, Edge, GraphNode, Location, McpServerNode } from '../../graph/model.js';
import { capabilitySwitch } from './capability-switches.js';
import { knownServer } from './mcp-catalogue.js';
import { classifyReference, looksLikeSecret, secretReferences } from '../credentials.js';

export interface ServerValue {
  value: string;
  loc: Location;
}

/** One MCP server entry, read from any config format. */
export interface ServerEntry {
  name: string;
  /** The location of the server's key. */
  loc: Location;
  type?: string;
  command?: ServerValue;
  args: ServerValue[];
  url?: ServerValue;
  env: (ServerValue & { key: string })[];
  headers: (ServerValue & { key: string })[];
  /** Names of host variables passed through (Codex `env_vars`, `bearer_token_env_var`). */
  passThrough: (ServerValue & { key: string })[];
  envFile?: ServerValue;
  /** Tools the config narrows the server to (`includeTools`, `enabled_tools`, `tools`). */
  allowedTools?: string[];
  /** Set when the config trusts the server's tools without confirmation (Gemini `trust`). */
  trusted?: ServerValue;
}

const RUNNERS = /^(?:npx|bunx|pnpx|uvx|pipx|yarn|pnpm|bun|deno|docker)$/;

/** The package a stdio command runs and whether its version is pinned. */
export function packageSpec(command: string | undefined, args: string[]): { runner: string; pkg: string; index: number; pinned: boolean } | undefined {
  if (!command) return undefined;
  const runner = command.split(/[\\/]/).pop() ?? command;
  if (!RUNNERS.test(runner)) return undefined;
  const skip = new Set(['dlx', 'exec', 'x', 'run', '--rm', '-i', '-t', '-y', '--yes', '-q', '--quiet']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (skip.has(arg)) continue;
    if (arg === '--from' || arg === '--package' || arg === '-p' || arg === '-e' || arg === '--env') {
      if (arg === '--from' || arg === '--package' || arg === '-p') return { runner, pkg: args[i + 1] ?? '', index: i + 1, pinned: isPinned(runner, args[i + 1] ?? '') };
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return { runner, pkg: arg, index: i, pinned: isPinned(runner, arg) };
  }
  return undefined;
}

function isPinned(runner: string, spec: string): boolean {
  if (runner === 'docker') return /@sha256:|:[\w.-]+$/.test(spec) && !/:latest$/.test(spec);
  if (runner === 'uvx' || runner === 'pipx') return /(?:==|@)\d/.test(spec);
  if (/^(?:\.|\/|~)/.test(spec)) return true; // a local path
  const at = spec.lastIndexOf('@');
  if (at <= 0) return false;
  const version = spec.slice(at + 1);
  return version !== 'latest' && version !== 'next' && /\d/.test(version);
}

/** Builds the graph fragment of one server entry, attached to the harness agent that loads it. */
export function serverFragment(harness: string, file: string, entry: ServerEntry): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: Edge[] = [];
  const agentId = harnessAgentId(harness);
  const id = mcpServerId(file, entry.name);
  const args = entry.args.map((a) => a.value);
  const spec = packageSpec(entry.command?.value, args);
  const url = entry.url?.value;
  const transport: McpServerNode['transport'] = url ? (entry.type === 'sse' ? 'sse' : 'http') : entry.command ? 'stdio' : 'unknown';
  const known = knownServer(spec?.pkg ?? '', args, url);
  const pinLoc = spec ? (entry.args[spec.index]?.loc ?? entry.command?.loc) : entry.url?.loc;
  // Capability switches in the env it is given: the config unlocks what the server keeps off.
  const switches = entry.env.flatMap((e) => {
    const what = capabilitySwitch(e.key, e.value);
    return what ? [{ key: e.key, value: e.value, what, location: e.loc }] : [];
  });
  const server: McpServerNode = {
    id,
    kind: 'mcp-server',
    name: entry.name,
    transport,
    location: entry.loc,
    ...(entry.command ? { command: entry.command.value } : {}),
    ...(args.length ? { args } : {}),
    ...(url ? { url } : {}),
    ...(spec ? { package: spec.pkg } : {}),
    ...(entry.allowedTools ? { allowedTools: entry.allowedTools } : {}),
    attrs: {
      harness,
      ...(spec ? { runner: spec.runner, pinned: spec.pinned } : {}),
      ...(pinLoc ? { pinLocation: pinLoc } : {}),
      ...(url ? { insecureUrl: /^http:\/\//i.test(url) && !/^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(?::|\/|$)/i.test(url), urlLocation: entry.url!.loc } : {}),
      capability: known ? known.id : 'unknown',
      ...(entry.trusted ? { trusted: true, trustLocation: entry.trusted.loc } : {}),
      ...(switches.length ? { switches } : {}),
    },
  };
  nodes.push(server, { id: agentId, kind: 'agent', name: harnessName(harness), framework: harness, origin: 'harness', construct: 'config', harness: { permissions: [], flags: [], sandbox: [], sources: [file] } });
  edges.push({ from: agentId, to: id, kind: 'uses-server', evidence: [entry.loc] });

  for (const grant of known?.grants(args) ?? []) {
    nodes.push({ id: operationId(grant.op), kind: 'operation', name: grant.op, op: grant.op, destructive: /delete|drop|send|merge/.test(grant.op) });
    edges.push({ from: id, to: operationId(grant.op), kind: 'reaches', evidence: [pinLoc ?? entry.loc], provenance: { kind: 'model' }, via: [entry.name], attrs: { sink: known!.id, ...(grant.scope ? { scope: grant.scope } : {}) } });
  }

  for (const item of [...entry.env, ...entry.headers]) addCredential(nodes, edges, id, file, item, known?.tokenVars);
  for (const item of entry.passThrough) {
    const credId = envCredentialId(item.value);
    nodes.push(credentialNode(credId, item.value, 'env', item.loc, known?.tokenVars));
    edges.push({ from: id, to: credId, kind: 'holds', evidence: [item.loc], attrs: { key: item.key } });
  }
  if (entry.envFile) {
    const credId = `cred:file:${entry.envFile.value}`;
    nodes.push({ id: credId, kind: 'credential', name: entry.envFile.value, source: 'file', reference: entry.envFile.value, class: 'unknown', classReason: 'an env file handed to the server', location: entry.envFile.loc });
    edges.push({ from: id, to: credId, kind: 'holds', evidence: [entry.envFile.loc] });
  }
  return { nodes, edges };
}

function addCredential(nodes: GraphNode[], edges: Edge[], serverId: string, file: string, item: ServerValue & { key: string }, tokenVars?: string[]): void {
  const refs = secretReferences(item.value);
  for (const ref of refs) {
    const credId = ref.kind === 'input' ? inputCredentialId(file, ref.name) : envCredentialId(ref.name);
    const node = credentialNode(credId, ref.name, ref.kind === 'input' ? 'input' : 'env', item.loc, tokenVars);
    // The key the server reads it under says what it is: `GITHUB_PERSONAL_ACCESS_TOKEN: ${TOKEN}`.
    const byKey = classifyReference(item.key, undefined, tokenVars);
    if ((node.class === 'unknown' && byKey.class !== 'unknown') || byKey.class === 'human') Object.assign(node, { class: byKey.class, classReason: byKey.reason });
    nodes.push(node);
    edges.push({ from: serverId, to: credId, kind: 'holds', evidence: [item.loc], attrs: { key: item.key } });
  }
  if (refs.length === 0 && looksLikeSecret(item.key, item.value)) {
    const credId = literalCredentialId(file, item.key);
    nodes.push({ id: credId, kind: 'credential', name: item.key, source: 'literal', reference: item.key, class: classifyReference(item.key, item.value).class, classReason: 'a secret written in the config file', location: item.loc });
    edges.push({ from: serverId, to: credId, kind: 'holds', evidence: [item.loc], attrs: { key: item.key, literal: true } });
  }
}

function credentialNode(id: string, name: string, source: CredentialNode['source'], loc: Location, tokenVars?: string[]): CredentialNode {
  const classified = classifyReference(name, undefined, tokenVars);
  return { id, kind: 'credential', name, source, reference: name, class: classified.class, classReason: classified.reason, location: loc };
}

const HARNESS_NAMES: Record<string, string> = {
  'claude-code': 'Claude Code in this repository',
  cursor: 'Cursor in this repository',
  'vscode-copilot': 'VS Code agent mode in this repository',
  'gemini-cli': 'Gemini CLI in this repository',
  windsurf: 'Windsurf',
  'claude-desktop': 'Claude Desktop',
  codex: 'Codex in this repository',
  opencode: 'opencode in this repository',
  'roo-code': 'Roo Code in this repository',
  cline: 'Cline',
  'kilo-code': 'Kilo Code in this repository',
  'copilot-cli': 'Copilot CLI',
};

export function harnessName(harness: string): string {
  return HARNESS_NAMES[harness] ?? harness;
}
