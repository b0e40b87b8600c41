/**
 * The JSON report: a contract read by other tools and by our own tests. One object, stable key
 * order, POSIX relative paths, 1-based lines, sorted arrays, no timestamps.
 */
import type { ScanResult } from '../engine/pipeline.js';
import type { Location, Provenance } from '../graph/model.js';

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
  findings: ScanResult['findings'];
  diagnostics: ScanResult['diagnostics'];
  stats: ScanResult['stats'];
}

export function toJsonReport(result: ScanResult, tool: { name: string; version: string }): JsonReport {
  const { graph } = result;
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
    findings: result.findings,
    diagnostics: result.diagnostics,
    stats: result.stats,
  };
}

export function renderJson(result: ScanResult, tool: { name: string; version: string }): string {
  return JSON.stringify(toJsonReport(result, tool), null, 2) + '\n';
}
