import { AccessGraph } from './graph.js';
import { grantedTools } from './granted-tools.js';
import type { AccessGraphData, AgentNode, Edge, GraphNode, HarnessSettings } from './model.js';

/** Nodes and edges contributed by one extractor or linker; fragments merge by node id. */
export interface GraphFragment {
  nodes: GraphNode[];
  edges: Edge[];
}

/**
 * Merges fragments into one graph. A node id seen twice is one node: harness agents granted
 * access by several config files become one agent whose settings are the union.
 * Output order is deterministic (sorted by id), whatever the order of the fragments.
 */
export function buildGraph(fragments: GraphFragment[]): AccessGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, Edge>();
  for (const fragment of fragments) {
    for (const node of fragment.nodes) {
      const existing = nodes.get(node.id);
      nodes.set(node.id, existing ? mergeNodes(existing, node) : structuredClone(node));
    }
    for (const edge of fragment.edges) {
      const key = edgeKey(edge);
      const existing = edges.get(key);
      if (!existing || worse(edge, existing)) edges.set(key, structuredClone(edge));
    }
  }
  const granted = grantedTools(nodes, [...edges.values()]);
  for (const node of granted.nodes) nodes.set(node.id, node);
  for (const edge of granted.edges) edges.set(edgeKey(edge), edge);
  const data: AccessGraphData = {
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edges.values()]
      .filter((e) => nodes.has(e.from) && nodes.has(e.to))
      .sort((a, b) => edgeKey(a).localeCompare(edgeKey(b))),
  };
  return new AccessGraph(data);
}

/** Edges are one per (from, to, kind, sink location): two paths to the same sink call are one edge. */
function edgeKey(edge: Edge): string {
  const last = edge.evidence[edge.evidence.length - 1];
  const at = last ? `${last.file}:${last.line}:${last.column}` : '';
  return `${edge.from}\u0000${edge.to}\u0000${edge.kind}\u0000${at}`;
}

const PROVENANCE_RANK = { model: 4, unknown: 3, external: 2, constrained: 1, constant: 0 } as const;

/**
 * Two paths to the same sink call are one edge; keep the one that says the most about risk
 * (model-controlled beats constrained), then the shortest evidence.
 */
function worse(a: Edge, b: Edge): boolean {
  const ra = a.provenance ? PROVENANCE_RANK[a.provenance.kind] : -1;
  const rb = b.provenance ? PROVENANCE_RANK[b.provenance.kind] : -1;
  return ra !== rb ? ra > rb : a.evidence.length < b.evidence.length;
}

function mergeNodes(a: GraphNode, b: GraphNode): GraphNode {
  const merged = { ...b, ...a } as GraphNode;
  if (a.kind === 'agent' && b.kind === 'agent') {
    const agent = merged as AgentNode;
    agent.harness = mergeHarness(a.harness, b.harness);
    agent.dynamicTools = [...(a.dynamicTools ?? []), ...(b.dynamicTools ?? [])];
    if (agent.dynamicTools.length === 0) delete agent.dynamicTools;
    agent.attrs = { ...(b.attrs ?? {}), ...(a.attrs ?? {}) };
    if (!a.location) agent.location = b.location;
  }
  return merged;
}

function mergeHarness(a?: HarnessSettings, b?: HarnessSettings): HarnessSettings | undefined {
  if (!a) return b && structuredClone(b);
  if (!b) return a;
  return {
    permissions: [...a.permissions, ...b.permissions],
    flags: [...a.flags, ...b.flags],
    sandbox: [...a.sandbox, ...b.sandbox],
    sources: [...new Set([...a.sources, ...b.sources])].sort(),
    ci: a.ci ?? b.ci,
  };
}
