import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';

/**
 * Secrets an agent job legitimately needs: the model key and the job's own token, by the secret's
 * name or by the variable or action input it fills (`anthropic_api_key: ${{ secrets.CLAUDE_API_KEY }}`).
 */
const AGENT_SECRETS = /^(?:ANTHROPIC_API_KEY|CLAUDE_CODE_OAUTH_TOKEN|OPENAI_API_KEY|AZURE_OPENAI_API_KEY|GEMINI_API_KEY|GOOGLE_API_KEY|GITHUB_TOKEN|GH_TOKEN|APP_PRIVATE_KEY|APP_ID|[A-Z_]*APP_(?:ID|PRIVATE_KEY))$/i;

/**
 * Reports a CI job that runs an agent with more than it needs: `permissions: write-all`, no
 * `permissions` block at all (the repository's default token), secrets unrelated to the agent
 * (cloud, deploy, registry tokens), or triggers any user or bot can fire
 * (`allowed_non_write_users: '*'`, `allow-users: '*'`, `allowed_bots: '*'`).
 */
export default defineRule({
  meta: {
    id: 'no-overprivileged-agent-job',
    title: 'CI agent job with more privilege than it needs',
    category: 'harness',
    defaultSeverity: 'error',
    cwe: ['CWE-250'],
    owasp: ['LLM06', 'NHI5'],
    help: 'Declare a minimal `permissions:` block for the job (e.g. `contents: read`, `pull-requests: write`), pass only the model key, and restrict who can trigger the agent.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const agent of graph.nodesOf('agent')) {
      const ci = agent.harness?.ci;
      if (!ci || !agent.location) continue;
      if (ci.permissions === 'write-all') {
        findings.push({ message: `${agent.name} runs the agent with \`permissions: write-all\`: the agent's token can push, release and change every setting the token reaches.`, location: agent.location, agents: [agent.id], key: [agent.id, 'write-all'] });
      } else if (ci.permissions === 'default') {
        findings.push({ message: `${agent.name} sets no \`permissions:\`, so the agent gets the repository's default token, which may have write access to everything.`, location: agent.location, agents: [agent.id], key: [agent.id, 'default-permissions'] });
      }
      for (const flag of agent.harness?.flags ?? []) {
        if (/^(?:allowed_non_write_users|allow-users|allowed_bots|allow-bots)$/.test(flag.name) && flag.value.trim() === '*') {
          findings.push({ message: `${agent.name} lets anyone trigger the agent (\`${flag.name}: '*'\`), including users with no write access to the repository.`, location: flag.location, agents: [agent.id], key: [agent.id, flag.name] });
        }
      }
      for (const edge of graph.outgoing(agent.id, 'holds')) {
        const credential = graph.node(edge.to);
        const boundTo = typeof edge.attrs?.boundTo === 'string' ? edge.attrs.boundTo : '';
        if (credential?.kind !== 'credential' || credential.source !== 'secret' || AGENT_SECRETS.test(credential.reference) || AGENT_SECRETS.test(boundTo)) continue;
        findings.push({ message: `${agent.name} hands the agent the secret \`${credential.reference}\`, which it does not need to run: a prompt injection can use or leak it.`, location: edge.evidence[0] ?? agent.location, agents: [agent.id], key: [agent.id, 'secret', credential.reference] });
      }
    }
    return findings;
  },
});
