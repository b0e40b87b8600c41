/**
 * Tools that configs grant rather than code defines, made explicit in the graph so that the
 * inventory names them: each `allow` rule of a harness (`Bash(npm test:*)`, `WebFetch(domain:…)`,
 * `mcp__github__*`) is a tool of that harness agent at the line that grants it, and an MCP server
 * an agent connects to with no tool of its own is a bundle of tools (`mcp__<server>__*`) at the
 * server's definition. Derived after fragments merge, so every config file contributes.
 */
import type { AgentNode, Edge, GraphNode, McpServerNode, ToolNode } from './model.js';

export function grantedTools(nodes: Map<string, GraphNode>, edges: Edge[]): { nodes: GraphNode[]; edges: Edge[] } {
  const added: GraphNode[] = [];
  const links: Edge[] = [];
  for (const node of nodes.values()) {
    if (node.kind !== 'agent') continue;
    for (const rule of node.harness?.permissions ?? []) {
      if (rule.effect !== 'allow') continue;
      const id = `tool:granted:${node.id}#${rule.location.file}:${rule.rule}`;
      if (!nodes.has(id) && !added.some((n) => n.id === id)) {
        const tool: ToolNode = { id, kind: 'tool', name: rule.rule, framework: node.framework, toolKind: 'harness-builtin', location: rule.location, attrs: { grantedBy: rule.location.file } };
        added.push(tool);
      }
      links.push({ from: node.id, to: id, kind: 'has-tool', evidence: [rule.location] });
    }
  }
  // MCP servers reached by an agent directly, with no tool node standing for their tools.
  const served = new Set(edges.filter((e) => e.kind === 'uses-server' && nodes.get(e.from)?.kind === 'tool').map((e) => e.to));
  for (const edge of edges) {
    if (edge.kind !== 'uses-server') continue;
    const agent = nodes.get(edge.from);
    const server = nodes.get(edge.to);
    if (agent?.kind !== 'agent' || server?.kind !== 'mcp-server' || served.has(server.id)) continue;
    const id = `tool:mcp-bundle:${server.id}`;
    if (!added.some((n) => n.id === id)) added.push(bundle(id, server, agent));
    links.push({ from: agent.id, to: id, kind: 'has-tool', evidence: edge.evidence }, { from: id, to: server.id, kind: 'uses-server', evidence: edge.evidence });
  }
  return { nodes: added, edges: links };
}

function bundle(id: string, server: McpServerNode, agent: AgentNode): ToolNode {
  const filtered = server.allowedTools && server.allowedTools.length > 0;
  return {
    id,
    kind: 'tool',
    name: filtered ? server.allowedTools!.map((t) => `mcp__${server.name}__${t}`).join(', ') : `mcp__${server.name}__*`,
    framework: agent.framework,
    toolKind: 'mcp',
    ...(server.location ? { location: server.location } : {}),
    ...(filtered ? {} : { unbounded: true }),
    attrs: { server: server.id },
  };
}
