/**
 * Helpers shared by rules: reading `reaches` edges and rendering evidence paths.
 * Rules import only this, the graph and the engine's types.
 */
import type { PathStep, RuleFinding } from '../src/engine/finding.js';
import type { AccessGraph } from '../src/graph/graph.js';
import type { AgentNode, Edge, GateNode, GraphNode, Location, Provenance, ToolNode } from '../src/graph/model.js';

export interface Reach {
  tool: ToolNode;
  edge: Edge;
  op: string;
  agents: AgentNode[];
  /** The sink call (the last evidence location). */
  location: Location;
}

/** Every tool → operation edge whose operation matches, with the agents that can call the tool. */
export function reachesOf(graph: AccessGraph, match: (op: string) => boolean): Reach[] {
  const found: Reach[] = [];
  for (const tool of graph.nodesOf('tool')) {
    for (const edge of graph.outgoing(tool.id, 'reaches')) {
      const op = graph.node(edge.to);
      if (op?.kind !== 'operation' || !match(op.op)) continue;
      // The sink, or the tool's call into a shared helper that holds it (`attrs.anchor`).
      const location = (edge.attrs?.anchor as Location | undefined) ?? edge.evidence[edge.evidence.length - 1] ?? tool.location;
      if (!location) continue;
      found.push({ tool, edge, op: op.op, agents: graph.agentsReaching(tool.id), location });
    }
  }
  return found;
}

/**
 * Keys and logins of model providers (a Claude subscription's OAuth token included): the agent's
 * access to its model, paid for by someone, not access to anyone's data.
 */
export const MODEL_PROVIDER_KEY = /^(?:OPENAI|ANTHROPIC|GEMINI|GOOGLE_GENAI|GOOGLE_AI|GOOGLE_GENERATIVE_AI|MISTRAL|GROQ|COHERE|DEEPSEEK|XAI|TOGETHER|FIREWORKS|OPENROUTER|PERPLEXITY|AZURE_OPENAI|VOYAGE|REPLICATE|HUGGINGFACE|HF)_API_KEY$|^CLAUDE_CODE_OAUTH_TOKEN$/i;

export function isModelControlled(provenance: Provenance | undefined): boolean {
  return provenance?.kind === 'model';
}

/** `agent Triage → tool run_shell → runCommand() → execSync`, with a location per step. */
export function evidencePath(reach: Reach): PathStep[] {
  const steps: PathStep[] = [];
  const agent = reach.agents[0];
  if (agent?.location) steps.push({ label: `agent ${agent.name}`, location: agent.location });
  const via = reach.edge.via ?? [];
  reach.edge.evidence.forEach((location, i) => {
    const label = i === 0 ? `tool ${reach.tool.name}` : (via[i] ?? 'call');
    steps.push({ label, location });
  });
  return steps;
}

/** "Agent `Triage`", "Agents `A`, `B`", or "Tool `x` (attached to no agent found in this scan)". */
export function agentPhrase(agents: AgentNode[]): string {
  if (agents.length === 0) return 'No agent found in this scan, but any agent given this tool';
  // One server built in two entry points (stdio and HTTP) is named once.
  const names = [...new Set(agents.map((a) => `\`${a.name}\``))];
  // An MCP server is not an agent: it hands its tools to whichever agent connects to it.
  if (names.length === 1 && agents.every((a) => a.framework === 'mcp')) return `MCP server ${names[0]}${agents.length > 1 ? ` (built in ${agents.length} places)` : ''} (and any agent connected to it)`;
  return names.length === 1 ? `Agent ${names[0]}` : `Agents ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
}

/** The sink as written at the call site (last hop of the evidence path). */
export function sinkLabel(reach: Reach): string {
  const via = reach.edge.via ?? [];
  return via[via.length - 1] ?? String(reach.edge.attrs?.sink ?? reach.op);
}

export function nodeName(node: GraphNode | undefined): string {
  return node ? node.name : 'unknown';
}

/** The gates that apply to a tool when an agent calls it: the tool's own, and the agent's that cover it. */
export function gatesFor(graph: AccessGraph, tool: ToolNode, agent: AgentNode | undefined): GateNode[] {
  const own = graph.outgoing(tool.id, 'gated-by').map((e) => graph.node(e.to)).filter((n): n is GateNode => n?.kind === 'gate');
  const fromAgent = agent
    ? graph
        .outgoing(agent.id, 'gated-by')
        .filter((e) => !Array.isArray(e.attrs?.tools) || (e.attrs.tools as string[]).includes(tool.name))
        .map((e) => graph.node(e.to))
        .filter((n): n is GateNode => n?.kind === 'gate')
    : [];
  return [...own, ...fromAgent];
}

/** A gate that really stops the call for a decision (not one that always approves). */
export function isRealGate(gate: GateNode): boolean {
  return gate.strength !== 'auto-approve';
}

export { isSecretName } from '../src/graph/secret-names.js';

/**
 * The findings of an operation rule: every tool → operation edge whose operation matches and whose
 * decisive argument the model controls, with the evidence path; `describe` writes the message.
 */
export function modelControlledReaches(graph: AccessGraph, match: (op: string) => boolean, describe: (reach: Reach) => string, extra?: (reach: Reach) => Partial<RuleFinding>): RuleFinding[] {
  return reachesOf(graph, match)
    .filter((reach) => isModelControlled(reach.edge.provenance))
    .map((reach) => ({
      message: describe(reach),
      location: reach.location,
      path: evidencePath(reach),
      agents: reach.agents.map((a) => a.id),
      tool: reach.tool.id,
      operation: reach.op,
      key: [reach.tool.id, reach.op, ...(reach.edge.via ?? [])],
      ...(extra ? extra(reach) : {}),
    }));
}
