import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase, isSecretName } from '../support.js';

const WHERE: Record<string, string> = { prompt: 'the prompt or instructions', description: 'a tool description', result: 'a tool result' };

/**
 * Reports a credential that flows into what the model reads: the system prompt or instructions, a
 * tool's description, or a tool's result. The model can repeat it, and prompt injection can ask for it.
 * Graph shape read: `holds` edges whose `attrs.context` is `prompt`, `description` or `result`.
 */
export default defineRule({
  meta: {
    id: 'no-secret-in-context',
    title: "A secret in the model's context",
    category: 'credentials',
    defaultSeverity: 'error',
    cwe: ['CWE-200'],
    owasp: ['LLM02', 'MCP10'],
    help: 'Keep secrets in the tool implementation (it reads them itself); never write them into prompts, descriptions or results.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const edge of graph.edges) {
      const context = edge.attrs?.context;
      if (edge.kind !== 'holds' || typeof context !== 'string' || !edge.evidence[0]) continue;
      const credential = graph.node(edge.to);
      const holder = graph.node(edge.from);
      if (credential?.kind !== 'credential' || !holder || !isSecretName(credential.reference)) continue;
      const agents = holder.kind === 'agent' ? [holder] : graph.agentsReaching(holder.id);
      findings.push({
        message: `${agentPhrase(agents)} puts \`${credential.reference}\` into ${WHERE[context] ?? context}${holder.kind === 'tool' ? ` of tool \`${holder.name}\`` : ''}: the model sees the secret and can repeat it.`,
        location: edge.evidence[0],
        agents: agents.map((a) => a.id),
        ...(holder.kind === 'tool' ? { tool: holder.id } : {}),
        key: [holder.id, credential.id, context],
      });
    }
    return findings;
  },
});
