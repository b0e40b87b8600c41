import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase, MODEL_PROVIDER_KEY } from '../support.js';

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
    // One finding per person's credential and set of agents: the kubeconfig loaded by default and
    // `KUBECONFIG` read from the environment are the same access. The place that loads it wins
    // over a variable that names it.
    const reported = new Set<string>();
    const order = { 'default-chain': 0, file: 1, literal: 2, input: 3, secret: 4, header: 5, env: 6, 'env-all': 7 } as const;
    const humans = graph.nodesOf('credential').filter((c) => c.class === 'human').sort((a, b) => order[a.source] - order[b.source] || a.id.localeCompare(b.id));
    for (const credential of humans) {
      for (const edge of graph.incoming(credential.id)) {
        const holder = graph.node(edge.from);
        if (!holder) continue;
        // A Claude subscription's login handed to a CI agent as its model key (`claude_code_oauth_token:
        // ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}`) reaches the model, not the person's code or cloud.
        const boundTo = typeof edge.attrs?.boundTo === 'string' ? edge.attrs.boundTo.toUpperCase() : '';
        if (MODEL_PROVIDER_KEY.test(credential.reference) || (boundTo && MODEL_PROVIDER_KEY.test(boundTo))) continue;
        const agents = holder.kind === 'agent' ? [holder] : graph.agentsReaching(holder.id);
        const location = edge.evidence[0] ?? credential.location;
        if (!location) continue;
        const once = `${family(credential.reference)}\u0000${agents.map((a) => a.id).sort().join(',') || holder.id}`;
        if (reported.has(once)) continue;
        reported.add(once);
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

/** Credentials that are one person's same access under different names. */
function family(reference: string): string {
  if (/kube/i.test(reference)) return 'kubeconfig';
  if (/AWS_PROFILE|AWS_DEFAULT_PROFILE|fromIni|fromSSO|aws\/credentials|AWS profile/i.test(reference)) return 'aws-profile';
  if (/gh auth token|hosts\.yml|^GH_TOKEN$/i.test(reference)) return 'gh-login';
  return reference;
}
