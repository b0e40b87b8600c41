/**
 * The access graph as text for other tools: Mermaid (renders in GitHub Markdown) and Graphviz
 * DOT. Agents → tools → operations, MCP servers and credentials, with delegation. Pure.
 */
import type { ScanResult } from '../engine/pipeline.js';
import type { GraphNode } from '../graph/model.js';

const SHOWN = new Set(['has-tool', 'delegates', 'uses-server', 'reaches', 'holds']);

function parts(result: ScanResult) {
  const { graph } = result;
  const ids = new Map<string, string>();
  const nodes: GraphNode[] = [];
  const edges: { from: string; to: string; label: string }[] = [];
  const key = (node: GraphNode) => {
    if (!ids.has(node.id)) {
      ids.set(node.id, `n${ids.size}`);
      nodes.push(node);
    }
    return ids.get(node.id)!;
  };
  for (const agent of graph.nodesOf('agent')) {
    key(agent);
    for (const node of [agent, ...graph.reach(agent.id, ['has-tool', 'delegates', 'uses-server'])]) {
      for (const edge of graph.outgoing(node.id)) {
        if (!SHOWN.has(edge.kind)) continue;
        const to = graph.node(edge.to);
        if (!to) continue;
        const label = edge.kind === 'reaches' ? edge.provenance?.kind ?? '' : edge.kind === 'holds' ? 'holds' : '';
        const entry = { from: key(node), to: key(to), label };
        if (!edges.some((e) => e.from === entry.from && e.to === entry.to)) edges.push(entry);
      }
    }
  }
  return { nodes: nodes.map((n) => ({ id: ids.get(n.id)!, node: n })), edges };
}

const SHAPE: Record<string, [string, string]> = { agent: ['([', '])'], tool: ['[', ']'], 'mcp-server': ['[[', ']]'], operation: ['{{', '}}'], credential: ['[/', '/]'] };

export function renderMermaid(result: ScanResult): string {
  const { nodes, edges } = parts(result);
  const text = (s: string) => s.replace(/["`]/g, "'");
  const lines = ['flowchart LR'];
  for (const { id, node } of nodes) {
    const [open, close] = SHAPE[node.kind] ?? ['[', ']'];
    lines.push(`  ${id}${open}"${text(`${node.kind === 'operation' ? '' : `${node.kind}: `}${node.name}`)}"${close}`);
  }
  for (const e of edges) lines.push(`  ${e.from} -->${e.label ? `|${e.label}|` : ''} ${e.to}`);
  return lines.join('\n') + '\n';
}

export function renderDot(result: ScanResult): string {
  const { nodes, edges } = parts(result);
  const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const shape: Record<string, string> = { agent: 'ellipse', tool: 'box', 'mcp-server': 'component', operation: 'hexagon', credential: 'note' };
  const lines = ['digraph leash {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];
  for (const { id, node } of nodes) lines.push(`  ${id} [label="${text(node.name)}", shape=${shape[node.kind] ?? 'box'}];`);
  for (const e of edges) lines.push(`  ${e.from} -> ${e.to}${e.label ? ` [label="${text(e.label)}"]` : ''};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
