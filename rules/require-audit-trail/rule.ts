import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { AccessGraph } from '../../src/graph/graph.js';
import type { AgentNode, Location, ToolNode } from '../../src/graph/model.js';
import { reachesOf } from '../support.js';

/** Operations whose calls must leave a trace: they change or run something. */
const SIDE_EFFECT = /^(?:shell\.exec|code\.eval|db\.|fs\.(?:write|delete)|api\.delete|process\.(?:spawn|kill)|cloud\.|repo\.|git\.(?:push|discard)|payment\.|comm\.send)/;

/**
 * Reports an agent (or MCP server) whose tools with side effects run with no record of the call
 * under the default configuration: no SDK tracing or telemetry on by default (OpenAI Agents
 * tracing, Mastra observability, AI SDK telemetry or an `onStepFinish` callback, a PostToolUse
 * hook), and no log line, audit file or span written on the tool's own path. Logging that
 * returns early unless a flag is set (`--verbose`, `ENABLE_LOGGING`) is opt-in and does not count.
 * One finding per agent: at the opt-in logger's call, at the one handler all its unlogged tools
 * run through, or at its gravest unlogged tool (running code, then destroying, then changing).
 */
export default defineRule({
  meta: {
    id: 'require-audit-trail',
    title: 'Tool calls with side effects leave no record',
    category: 'registry',
    defaultSeverity: 'warning',
    cwe: ['CWE-778'],
    owasp: ['MCP08', 'ASI10'],
    help: 'Record every tool call with its arguments where an operator can read it: keep the SDK tracing on, add telemetry or an onStepFinish / PostToolUse record, or log each call in the server by default (not behind --verbose).',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    const unlogged = new Map<string, { agent: AgentNode; tools: ToolNode[]; handlers: Set<string>; handler?: Location }>();
    for (const reach of reachesOf(graph, (op) => SIDE_EFFECT.test(op))) {
      const provenance = reach.edge.provenance;
      if (provenance?.kind === 'constrained' && provenance.by === 'sandbox') continue;
      // A write whose target the code fixes (the server's own data file) is bookkeeping; what the
      // model aims, or what destroys, must be recorded.
      const aimed = provenance?.kind === 'model' || provenance?.kind === 'constrained' || provenance?.kind === 'unknown';
      const target = graph.node(reach.edge.to);
      const destructive = target?.kind === 'operation' && target.destructive;
      if (!aimed && !destructive && /^fs\./.test(reach.op)) continue;
      if (reach.tool.record?.status === 'record') continue;
      for (const agent of reach.agents) {
        if (agent.origin !== 'code' || audited(graph, agent)) continue;
        const entry = unlogged.get(agent.id) ?? { agent, tools: [], handlers: new Set<string>() };
        if (!entry.tools.includes(reach.tool)) entry.tools.push(reach.tool);
        // The function that receives the tool's call: the server's CallTool handler for tools
        // dispatched by name, else the first step of the tool's path.
        const handler = (reach.tool.attrs?.entry as Location | undefined) ?? reach.edge.evidence[0];
        if (handler) {
          entry.handlers.add(`${handler.file}:${handler.line}:${handler.column}`);
          entry.handler ??= handler;
        }
        unlogged.set(agent.id, entry);
      }
    }
    for (const { agent, tools, handlers, handler } of unlogged.values()) {
      const ordered = [...tools].sort((a, b) => compareLocations(a.location, b.location));
      const optIn = ordered.find((t) => t.record?.status === 'opt-in' && t.record.location);
      // Tools that all run through one handler (a CallTool dispatcher, a registration in a loop)
      // are recorded, or not, in that handler: the place to add the record. So is a single tool
      // a CallTool handler dispatches to by name: the record belongs where every call arrives.
      const shared = handlers.size === 1 && (tools.length > 1 || tools[0].attrs?.entry !== undefined) ? handler : undefined;
      // A server that records only through a callback its creator may pass: the creation without it.
      const missing = ordered.find((t) => t.record?.missingAt)?.record?.missingAt;
      // An SDK agent records its tools' calls where it is run (telemetry, `onStepFinish`): that is
      // the one place a record would cover them all. An MCP server's tools are handled each alone.
      const atAgent = agent.framework !== 'mcp' && !agent.harness ? agent.location : undefined;
      // Else at the tool whose unrecorded calls matter most: a shell or code run before a delete,
      // a delete before a write. That is the one a reviewer asks about first.
      const gravest = [...ordered].sort((a, b) => gravity(graph, a) - gravity(graph, b))[0];
      const location = optIn?.record?.location ?? missing ?? shared ?? atAgent ?? gravest.location;
      if (!location) continue;
      const atTool = location === gravest.location;
      const names = ordered.map((t) => `\`${t.name}\``);
      const who = agent.framework === 'mcp' ? `MCP server \`${agent.name}\`` : `Agent \`${agent.name}\``;
      findings.push({
        message: `${who} runs ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''} with no record of the call${optIn ? ': its logging is opt-in and off by default' : missing ? ': it records calls only through a callback, and it is created here without one' : ''}, so nobody can tell afterwards what the model did.`,
        location,
        agents: [agent.id],
        // The tool whose definition the finding points at, when it points at one.
        ...(ordered.length === 1 ? { tool: ordered[0].id } : atTool ? { tool: gravest.id } : {}),
        key: [agent.id, 'unlogged'],
      });
    }
    return findings;
  },
});

/**
 * How grave a tool's unrecorded calls are (lower is graver): running the model's commands or code,
 * destroying, running the code's own commands, then changing anything else.
 */
function gravity(graph: AccessGraph, tool: ToolNode): number {
  let grave = 4;
  for (const edge of graph.outgoing(tool.id, 'reaches')) {
    const op = graph.node(edge.to);
    if (op?.kind !== 'operation') continue;
    const runs = /^(?:shell\.exec|code\.eval)/.test(op.op);
    const aimed = edge.provenance?.kind === 'model' || edge.provenance?.kind === 'unknown';
    if (runs && aimed) grave = Math.min(grave, 0);
    else if (op.destructive) grave = Math.min(grave, 1);
    else if (runs) grave = Math.min(grave, 2);
    else if (SIDE_EFFECT.test(op.op)) grave = Math.min(grave, 3);
  }
  return grave;
}

function audited(graph: AccessGraph, agent: AgentNode): boolean {
  return graph.outgoing(agent.id, 'audited-by').some((e) => {
    const audit = graph.node(e.to);
    return audit?.kind === 'audit' && audit.enabled;
  });
}

function compareLocations(a: Location | undefined, b: Location | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a.file.localeCompare(b.file) || a.line - b.line;
}
