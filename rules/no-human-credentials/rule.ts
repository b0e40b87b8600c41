import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase } from '../support.js';

/**
 * Reports a human's credential reaching an agent: a personal access token, a user OAuth token, an
 * engineer's cloud profile or default credential chain, kubeconfig, SSH keys. The agent then acts
 * as that person, with all of their access, and its actions are logged under their name.
 */
export default defineRule({
  meta: {
    id: 'no-human-credentials',
    title: "A human's credential handed to an agent",
    category: 'credentials',
    defaultSeverity: 'error',
    cwe: ['CWE-250', 'CWE-272'],
    owasp: ['LLM06', 'ASI03', 'NHI10'],
    help: 'Give the agent its own scoped identity: a GitHub App installation token or fine-grained token for one repository, a dedicated cloud role, a service account; never an engineer\'s token or profile.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const credential of graph.nodesOf('credential')) {
      if (credential.class !== 'human') continue;
      for (const edge of graph.incoming(credential.id)) {
        const holder = graph.node(edge.from);
        if (!holder) continue;
        const agents = holder.kind === 'agent' ? [holder] : graph.agentsReaching(holder.id);
        const location = edge.evidence[0] ?? credential.location;
        if (!location) continue;
        findings.push({
          message: `${agentPhrase(agents)} holds \`${credential.reference}\`${holder.kind !== 'agent' ? ` through ${holder.kind === 'mcp-server' ? 'MCP server' : 'tool'} \`${holder.name}\`` : ''}: ${credential.classReason ?? "a human's credential"}.`,
          location,
          agents: agents.map((a) => a.id),
          ...(holder.kind === 'tool' ? { tool: holder.id } : {}),
          key: [credential.id, holder.id],
        });
      }
    }
    return findings;
  },
});
