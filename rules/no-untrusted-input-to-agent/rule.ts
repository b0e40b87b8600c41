import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';

/**
 * Reports a CI agent whose prompt carries attacker-controlled data (`${{ github.event.issue.body }}`,
 * a PR title, a comment, a branch name), or that runs on a privileged trigger
 * (`pull_request_target`, `workflow_run`) with the pull request's head checked out.
 * Numbers, ids and repository names are not untrusted text.
 */
export default defineRule({
  meta: {
    id: 'no-untrusted-input-to-agent',
    title: 'Attacker-controlled input to a CI agent',
    category: 'harness',
    defaultSeverity: 'error',
    cwe: ['CWE-77'],
    owasp: ['LLM01', 'ASI01'],
    help: 'Pass the agent only ids (`github.event.issue.number`) and let it read the content through a tool, with minimal permissions; never check out a pull request head in a `pull_request_target` job.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const agent of graph.nodesOf('agent')) {
      const ci = agent.harness?.ci;
      if (!ci) continue;
      for (const input of ci.untrustedInputs) {
        findings.push({
          message: `${agent.name} puts \`${input.expression}\` into the agent's prompt: anyone who can write that text can instruct the agent, with the job's token and secrets.`,
          location: input.location,
          agents: [agent.id],
          key: [agent.id, input.expression],
        });
      }
      const privileged = ci.triggers.filter((t) => t.name === 'pull_request_target' || t.name === 'workflow_run');
      for (const checkout of agent.harness?.sandbox.filter((s) => s.setting === 'checkout.pr-head') ?? []) {
        if (privileged.length === 0) continue;
        findings.push({
          message: `${agent.name} runs on \`${privileged[0].name}\` (with secrets and a write token) and checks out the pull request's own code (\`${checkout.value}\`): the agent reads and may run attacker-controlled files.`,
          location: checkout.location,
          agents: [agent.id],
          key: [agent.id, 'checkout', checkout.value],
        });
      }
    }
    return findings;
  },
});
