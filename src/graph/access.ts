/**
 * The inventory: per agent, its effective access — the answer to "can you name exactly the
 * operations this agent may invoke and the resources it can read or write?" — computed once from
 * the graph and the findings, rendered by every report (JSON, Markdown, HTML). Pure.
 */
import type { Finding } from '../engine/finding.js';
import type { AccessGraph } from './graph.js';
import type { AgentNode, GraphNode, Location, McpServerNode, Provenance, ToolNode } from './model.js';

export interface AgentAccess {
  id: string;
  name: string;
  framework: string;
  origin: string;
  location: Location | null;
  /** Yes when every operation and resource can be named and nothing below is missing. */
  answer: 'yes' | 'no';
  /** Why the answer is no, one line each. */
  missing: string[];
  tools: { id: string; name: string; via: string }[];
  operations: { operation: string; provenance: Provenance['kind']; tools: string[] }[];
  resources: string[];
  credentials: { reference: string; class: string; via: string }[];
  mcpServers: string[];
  gates: string[];
  audit: 'recorded' | 'partly recorded' | 'not recorded' | 'nothing to record';
  unresolved: string[];
  findings: { ruleId: string; severity: string; message: string; location: Location }[];
}

export interface McpServerEntry {
  id: string;
  name: string;
  location: Location | null;
  transport: string;
  command?: string;
  package?: string;
  url?: string;
  capability: string;
  scope?: string;
  credentials: string[];
  agents: string[];
}

export interface CredentialEntry {
  id: string;
  reference: string;
  class: string;
  source: string;
  location: Location | null;
  heldBy: string[];
}

export interface Inventory {
  agents: AgentAccess[];
  mcpServers: McpServerEntry[];
  credentials: CredentialEntry[];
}

const RANK: Record<Provenance['kind'], number> = { model: 4, unknown: 3, external: 2, constrained: 1, constant: 0 };
const DESTRUCTIVE_OP = /^(?:fs\.delete|db\.(?:drop|delete)|git\.push|git\.discard|cloud\.|repo\.|payment\.|comm\.send|api\.delete|process\.kill)/;
const SIDE_EFFECT = /^(?:shell\.exec|code\.eval|db\.|fs\.(?:write|delete)|api\.delete|process\.(?:spawn|kill)|cloud\.|repo\.|git\.(?:push|discard)|payment\.|comm\.send)/;

export function buildInventory(graph: AccessGraph, findings: Finding[]): Inventory {
  const toolsOf = new Map<string, { tool: ToolNode; via: string }[]>();
  for (const tool of graph.nodesOf('tool')) {
    for (const agent of graph.agentsReaching(tool.id)) {
      const direct = graph.incoming(tool.id, 'has-tool').some((e) => e.from === agent.id);
      (toolsOf.get(agent.id) ?? toolsOf.set(agent.id, []).get(agent.id)!).push({ tool, via: direct ? 'direct' : 'through a handoff or agent-as-tool' });
    }
  }
  const agents = graph.nodesOf('agent').map((agent) => accessOf(graph, agent, toolsOf.get(agent.id) ?? [], findings));
  const mcpServers = graph.nodesOf('mcp-server').map((s) => serverEntry(graph, s));
  const credentials = graph.nodesOf('credential').map((c) => ({
    id: c.id,
    reference: c.reference,
    class: c.class,
    source: c.source,
    location: c.location ?? null,
    heldBy: [...new Set([...graph.incoming(c.id).map((e) => e.from), ...graph.agentsReaching(c.id).map((a) => a.id)])].sort(),
  }));
  return { agents, mcpServers, credentials };
}

function accessOf(graph: AccessGraph, agent: AgentNode, tools: { tool: ToolNode; via: string }[], findings: Finding[]): AgentAccess {
  const operations = new Map<string, { provenance: Provenance['kind']; tools: Set<string> }>();
  const resources = new Set<string>();
  const missing: string[] = [];
  let sideEffects = 0;
  let recorded = 0;
  for (const { tool } of tools) {
    let touches = false;
    for (const edge of graph.outgoing(tool.id, 'reaches')) {
      const op = graph.node(edge.to);
      if (op?.kind !== 'operation') continue;
      const kind = edge.provenance?.kind ?? 'unknown';
      const entry = operations.get(op.op) ?? { provenance: kind, tools: new Set<string>() };
      if (RANK[kind] > RANK[entry.provenance]) entry.provenance = kind;
      entry.tools.add(tool.name);
      operations.set(op.op, entry);
      const text = typeof edge.attrs?.text === 'string' ? edge.attrs.text : undefined;
      if (text && kind === 'constant') resources.add(`${op.op}: ${text.length > 80 ? text.slice(0, 80) + '…' : text}`);
      if (SIDE_EFFECT.test(op.op)) touches = true;
    }
    if (touches) {
      sideEffects++;
      if (tool.record?.status === 'record') recorded++;
    }
    if (tool.unbounded) missing.push(`tool \`${tool.name}\` is every tool of an MCP server, not a fixed list`);
    for (const e of graph.outgoing(tool.id, 'uses-server')) {
      const server = graph.node(e.to);
      if (server?.kind === 'mcp-server') for (const scope of scopesOf(server)) resources.add(scope);
    }
  }
  for (const e of graph.outgoing(agent.id, 'uses-server')) {
    const server = graph.node(e.to);
    if (server?.kind === 'mcp-server') for (const scope of scopesOf(server)) resources.add(scope);
  }
  const audited = graph.outgoing(agent.id, 'audited-by').some((e) => {
    const a = graph.node(e.to);
    return a?.kind === 'audit' && a.enabled;
  });
  const audit = sideEffects === 0 ? 'nothing to record' : audited || recorded === sideEffects ? 'recorded' : recorded > 0 ? 'partly recorded' : 'not recorded';
  const credentials = credentialsOf(graph, agent.id);
  const gates = [...new Set([agent.id, ...tools.map((t) => t.tool.id)].flatMap((id) => graph.outgoing(id, 'gated-by').map((e) => graph.node(e.to)?.name ?? e.to)))].sort();
  const unresolved = (agent.dynamicTools ?? []).map((d) => d.reason);
  // Why the diagnostic question cannot be answered with yes.
  if (unresolved.length) missing.push(`${unresolved.length} part${unresolved.length === 1 ? '' : 's'} of the tool registry could not be resolved`);
  for (const [op, entry] of operations) if (entry.provenance === 'model') missing.push(`\`${op}\` takes its target from the model (${[...entry.tools].slice(0, 3).join(', ')})`);
  if (credentials.some((c) => c.class === 'human')) missing.push(`holds a person's credential (${credentials.filter((c) => c.class === 'human').map((c) => c.reference).join(', ')})`);
  const ungated = [...operations.keys()].filter((op) => DESTRUCTIVE_OP.test(op));
  if (ungated.length && gates.length === 0) missing.push(`destructive operations with no approval gate (${ungated.join(', ')})`);
  if (audit === 'not recorded' || audit === 'partly recorded') missing.push('tool calls with side effects are not recorded');
  if (agent.harness) for (const p of agent.harness.permissions) if (p.effect === 'allow' && /^(?:(?:Bash|Shell|run_shell_command)(?:\(\*?\))?|\*)$/.test(p.rule)) missing.push(`\`${p.rule}\` allows any command`);
  const mine = findings.filter((f) => f.agents.includes(agent.id));
  return {
    id: agent.id,
    name: agent.name,
    framework: agent.framework,
    origin: agent.origin,
    location: agent.location ?? null,
    answer: missing.length === 0 ? 'yes' : 'no',
    missing: [...new Set(missing)],
    tools: tools.map((t) => ({ id: t.tool.id, name: t.tool.name, via: t.via })).sort((a, b) => a.name.localeCompare(b.name)),
    operations: [...operations].map(([operation, e]) => ({ operation, provenance: e.provenance, tools: [...e.tools].sort() })).sort((a, b) => a.operation.localeCompare(b.operation)),
    resources: [...resources].sort(),
    credentials,
    mcpServers: graph.outgoing(agent.id, 'uses-server').map((e) => e.to).sort(),
    gates,
    audit,
    unresolved,
    findings: mine.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, location: f.location })),
  };
}

function scopesOf(server: McpServerNode): string[] {
  const capability = String(server.attrs?.capability ?? 'unknown');
  const args = server.args ?? [];
  if (capability === 'filesystem') {
    const roots = args.slice(args.findIndex((a) => /server-filesystem/.test(a)) + 1).filter((a) => !a.startsWith('-'));
    return [`files under ${roots.length ? roots.join(', ') : '(roots from the client)'} via MCP server ${server.name}`];
  }
  if (server.url) return [`${server.url} via MCP server ${server.name}`];
  return [`${capability === 'unknown' ? 'whatever' : capability} MCP server ${server.name}${server.package ? ` (${server.package})` : ''}`];
}

function serverEntry(graph: AccessGraph, s: McpServerNode): McpServerEntry {
  return {
    id: s.id,
    name: s.name,
    location: s.location ?? null,
    transport: s.transport,
    ...(s.command ? { command: [s.command, ...(s.args ?? [])].join(' ') } : {}),
    ...(s.package ? { package: s.package } : {}),
    ...(s.url ? { url: s.url } : {}),
    capability: String(s.attrs?.capability ?? 'unknown'),
    ...(scopesOf(s)[0] ? { scope: scopesOf(s)[0] } : {}),
    credentials: graph.outgoing(s.id, 'holds').map((e) => (graph.node(e.to) as GraphNode & { reference?: string })?.reference ?? e.to).sort(),
    agents: graph.agentsReaching(s.id).map((a) => a.id),
  };
}

/** Credentials an agent holds itself, through its MCP servers, or through its tools. */
export function credentialsOf(graph: AccessGraph, agentId: string): { reference: string; class: string; via: string }[] {
  const out = new Map<string, { reference: string; class: string; via: string }>();
  const visit = (holderId: string, via: string) => {
    for (const edge of graph.outgoing(holderId)) {
      const node = graph.node(edge.to);
      if ((edge.kind === 'holds' || edge.kind === 'inherits-env') && node?.kind === 'credential') out.set(`${node.reference}|${via}`, { reference: node.reference, class: node.class, via });
    }
  };
  visit(agentId, 'agent');
  for (const node of graph.reach(agentId, ['has-tool', 'uses-server', 'delegates'])) {
    if (node.kind === 'tool' || node.kind === 'mcp-server') visit(node.id, `${node.kind === 'tool' ? 'tool' : 'MCP server'} ${node.name}`);
  }
  return [...out.values()].sort((a, b) => a.reference.localeCompare(b.reference) || a.via.localeCompare(b.via));
}

/** Every part of a tool registry leash could not resolve, by agent, in a stable order: the report's coverage. */
export function unresolvedTools(graph: AccessGraph): { agent: AgentNode; reason: string; location?: Location }[] {
  const out = graph.nodesOf('agent').flatMap((agent) => (agent.dynamicTools ?? []).map((d) => ({ agent, reason: d.reason, ...(d.location ? { location: d.location } : {}) })));
  return out.sort((a, b) => a.agent.id.localeCompare(b.agent.id) || (a.location?.file ?? '').localeCompare(b.location?.file ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0) || a.reason.localeCompare(b.reason));
}
