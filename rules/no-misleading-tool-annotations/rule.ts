import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase, evidencePath, reachesOf, sinkLabel } from '../support.js';

const READ_NAME = /^(?:get|list|read|search|show|view|describe|find|lookup|query|fetch|count|check|inspect)(?:[_A-Z-]|$)/i;
const WRITES = /^(?:fs\.(?:write|delete)|db\.(?:drop|delete|write)|repo\.|payment\.|comm\.send|cloud\.|git\.(?:push|discard))/;

/**
 * Reports a tool that says it only reads — an MCP `readOnlyHint: true` annotation, or a name such as
 * `get_…`, `list_…`, `read_…`, `search_…` — whose implementation writes, deletes or sends.
 * Clients and reviewers trust the claim (some auto-approve read-only tools).
 */
export default defineRule({
  meta: {
    id: 'no-misleading-tool-annotations',
    title: 'Read-only tool that writes',
    category: 'operations',
    defaultSeverity: 'warning',
    cwe: [],
    owasp: ['MCP03', 'ASI02'],
    help: 'Make the claim true (split the write into its own tool) or correct it: `readOnlyHint: false`, `destructiveHint: true`, and a name that says what the tool does.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const reach of reachesOf(graph, (op) => WRITES.test(op))) {
      const annotated = reach.tool.annotations?.readOnlyHint === true;
      const named = READ_NAME.test(reach.tool.name);
      if (!annotated && !named) continue;
      // A tool named like a read that also saves the server's own settings or cache (a file it
      // names itself) reads for the caller: only a write the model can aim contradicts the name.
      // `readOnlyHint: true` is a promise to clients that auto-approve on it: any write breaks it.
      const p = reach.edge.provenance;
      // The same for a message the code writes to a fixed recipient (the app's notice to the account
      // owner when a token expires): the model sends nothing through it.
      if (!annotated && (reach.op.startsWith('fs.') || reach.op === 'comm.send') && !(p?.kind === 'model' || (p?.kind === 'constrained' && p.by !== 'sandbox'))) continue;
      const claim = annotated ? 'is annotated `readOnlyHint: true`' : `is named like a read (\`${reach.tool.name}\`)`;
      findings.push({
        message: `${agentPhrase(reach.agents)}: tool \`${reach.tool.name}\` ${claim} but reaches \`${sinkLabel(reach)}\` (${reach.op}).`,
        location: reach.location,
        path: evidencePath(reach),
        agents: reach.agents.map((a) => a.id),
        tool: reach.tool.id,
        // One claim broken at several writes is one problem: the engine reports it once per tool and operation.
        operation: reach.op,
        key: [reach.tool.id, reach.op, 'read-only'],
      });
    }
    return findings;
  },
});
