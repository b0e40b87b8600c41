import type { AccessGraphData, AgentNode, Edge, EdgeKind, GraphNode, NodeKind } from './model.js';

type NodeOfKind<K extends NodeKind> = Extract<GraphNode, { kind: K }>;

/**
 * A read-only view over the access graph with the queries rules need.
 * Built once by `buildGraph`; rules and reporters never mutate it.
 */
export class AccessGraph {
  private readonly byId = new Map<string, GraphNode>();
  private readonly out = new Map<string, Edge[]>();
  private readonly in = new Map<string, Edge[]>();

  constructor(readonly data: AccessGraphData) {
    for (const node of data.nodes) this.byId.set(node.id, node);
    for (const edge of data.edges) {
      push(this.out, edge.from, edge);
      push(this.in, edge.to, edge);
    }
  }

  get nodes(): readonly GraphNode[] {
    return this.data.nodes;
  }

  get edges(): readonly Edge[] {
    return this.data.edges;
  }

  node(id: string): GraphNode | undefined {
    return this.byId.get(id);
  }

  nodesOf<K extends NodeKind>(kind: K): NodeOfKind<K>[] {
    return this.data.nodes.filter((n): n is NodeOfKind<K> => n.kind === kind);
  }

  outgoing(id: string, kind?: EdgeKind): Edge[] {
    const edges = this.out.get(id) ?? [];
    return kind ? edges.filter((e) => e.kind === kind) : edges;
  }

  incoming(id: string, kind?: EdgeKind): Edge[] {
    const edges = this.in.get(id) ?? [];
    return kind ? edges.filter((e) => e.kind === kind) : edges;
  }

  /** Agents that can call a tool directly or through delegation (handoffs, agent-as-tool). */
  agentsReaching(nodeId: string): AgentNode[] {
    const seen = new Set<string>();
    const agents: AgentNode[] = [];
    const stack = [nodeId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const edge of this.incoming(id)) {
        if (seen.has(edge.from)) continue;
        seen.add(edge.from);
        const from = this.byId.get(edge.from);
        if (!from) continue;
        if (from.kind === 'agent') agents.push(from);
        if (from.kind === 'agent' || from.kind === 'tool' || from.kind === 'mcp-server') stack.push(from.id);
      }
    }
    return agents.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Every node reachable from `fromId` following edges of the given kinds (all kinds when omitted). */
  reach(fromId: string, kinds?: EdgeKind[]): GraphNode[] {
    const seen = new Set<string>([fromId]);
    const stack = [fromId];
    const result: GraphNode[] = [];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const edge of this.outgoing(id)) {
        if (kinds && !kinds.includes(edge.kind)) continue;
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        const node = this.byId.get(edge.to);
        if (!node) continue;
        result.push(node);
        stack.push(node.id);
      }
    }
    return result;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
