/**
 * The JSON report: a contract read by other tools and by our own tests. One object, stable key
 * order, POSIX relative paths, 1-based lines, sorted arrays, no timestamps.
 */
import type { ScanResult } from '../engine/pipeline.js';
import type { Location, Provenance } from '../graph/model.js';
import { buildInventory, credentialsOf, unresolvedTools, type Inventory } from '../graph/access.js';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  agents: {
    id: string;
    name: string;
    framework: string;
    origin: string;
    location: Location | null;
    /** What leash could not resolve about this agent's registry: never a silent miss. */
    unresolved: { reason: string; location: Location | null }[];
    /** Harness agents: the effective permission rules (deny wins), flags and sandbox settings. */
    permissions?: { allow: string[]; ask: string[]; deny: string[] };
    settings?: { name: string; value: string; location: Location }[];
    /** MCP servers the agent uses, and the credentials it holds directly or through them. */
    mcpServers: string[];
    credentials: { reference: string; class: string; via: string }[];
  }[];
  tools: {
    id: string;
    name: string;
    framework: string;
    kind: string;
    location: Location | null;
    agents: string[];
    operations: string[];
    reaches: { operation: string; sink: string; provenance: Provenance; location: Location | null }[];
  }[];
  /** Every MCP server and every credential, referenced by id from agents and tools. */
  mcpServers: Inventory['mcpServers'];
  credentials: Inventory['credentials'];
  /** Per agent, its effective access and whether its operations and resources can be named. */
  access: Inventory['agents'];
  findings: ScanResult['findings'];
  diagnostics: ScanResult['diagnostics'];
  stats: ScanResult['stats'];
  /** What the scan understood: every part of a tool registry it could not resolve, by agent. Empty when it understood all of it. */
  coverage: { unresolved: { agent: string; reason: string; location: Location | null }[] };
}

export function toJsonReport(result: ScanResult, tool: { name: string; version: string }): JsonReport {
  const { graph } = result;
  const inventory = buildInventory(graph, result.findings);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool,
    agents: graph.nodesOf('agent').map((a) => ({
      id: a.id,
      name: a.name,
      framework: a.framework,
      origin: a.origin,
      location: a.location ?? null,
      unresolved: (a.dynamicTools ?? []).map((d) => ({ reason: d.reason, location: d.location ?? null })),
      ...(a.harness ? { permissions: effectivePermissions(a.harness.permissions.map((p) => ({ rule: p.rule, effect: p.effect }))), settings: [...a.harness.flags, ...a.harness.sandbox.map((s) => ({ name: s.setting, value: s.value, location: s.location }))] } : {}),
      mcpServers: graph.outgoing(a.id, 'uses-server').map((e) => e.to).sort(),
      credentials: credentialsOf(graph, a.id),
    })),
    tools: graph.nodesOf('tool').map((t) => {
      const reaches = graph.outgoing(t.id, 'reaches').map((e) => ({
        operation: graph.node(e.to)?.name ?? e.to,
        sink: String(e.attrs?.sink ?? ''),
        provenance: e.provenance ?? { kind: 'unknown' as const, reason: 'not recorded' },
        location: e.evidence[e.evidence.length - 1] ?? null,
      }));
      return {
        id: t.id,
        name: t.name,
        framework: t.framework,
        kind: t.toolKind,
        location: t.location ?? null,
        agents: graph.agentsReaching(t.id).map((a) => a.id),
        operations: [...new Set(reaches.map((r) => r.operation))].sort(),
        reaches,
      };
    }),
    mcpServers: inventory.mcpServers,
    credentials: inventory.credentials,
    access: inventory.agents,
    findings: result.findings,
    diagnostics: result.diagnostics,
    stats: result.stats,
    coverage: { unresolved: unresolvedTools(graph).map((u) => ({ agent: u.agent.id, reason: u.reason, location: u.location ?? null })) },
  };
}

/** Allow, ask and deny rules after merging every file: a rule denied anywhere is not allowed. */
function effectivePermissions(rules: { rule: string; effect: 'allow' | 'ask' | 'deny' }[]): { allow: string[]; ask: string[]; deny: string[] } {
  const of = (effect: string) => [...new Set(rules.filter((r) => r.effect === effect).map((r) => r.rule))].sort();
  const deny = of('deny');
  return { allow: of('allow').filter((r) => !deny.includes(r)), ask: of('ask').filter((r) => !deny.includes(r)), deny };
}

export function renderJson(result: ScanResult, tool: { name: string; version: string }): string {
  return JSON.stringify(toJsonReport(result, tool), null, 2) + '\n';
}
