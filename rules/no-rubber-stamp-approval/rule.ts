import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { GateNode } from '../../src/graph/model.js';
import { agentPhrase, gatesFor, reachesOf } from '../support.js';

/**
 * Reports an approval gate that always approves, on a tool that reaches a destructive operation:
 * `needsApproval: false` or `() => false`, a v7 `toolApproval` of `'approved'`, an `onApproval`
 * that always returns `{ approve: true }`, `interruptOn: { tool: false }`, a `canUseTool` that
 * allows everything. It looks like a control and is none.
 */
export default defineRule({
  meta: {
    id: 'no-rubber-stamp-approval',
    title: 'Approval gate that always approves',
    category: 'operations',
    defaultSeverity: 'error',
    cwe: ['CWE-862'],
    owasp: ['LLM06', 'ASI09'],
    help: 'Make the gate ask a human (`needsApproval: true`, `\'user-approval\'`, a real `canUseTool` decision), or remove it and accept the finding of require-approval-for-destructive explicitly with a suppression and a reason.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const reach of reachesOf(graph, (op) => graph.node(`op:${op}`)?.kind === 'operation' && (graph.node(`op:${op}`) as { destructive: boolean }).destructive)) {
      const agents = reach.agents.length > 0 ? reach.agents : [undefined];
      for (const agent of agents) {
        for (const gate of gatesFor(graph, reach.tool, agent).filter((g: GateNode) => g.strength === 'auto-approve')) {
          if (!gate.location || seen.has(gate.id + reach.tool.id)) continue;
          seen.add(gate.id + reach.tool.id);
          findings.push({
            message: `${agentPhrase(reach.agents)}: the approval of tool \`${reach.tool.name}\` (\`${gate.mechanism}\`) always approves, yet the tool can perform the destructive operation \`${reach.op}\`.`,
            location: gate.location,
            agents: reach.agents.map((a) => a.id),
            tool: reach.tool.id,
            key: [gate.id, reach.tool.id],
          });
        }
      }
    }
    return findings;
  },
});
