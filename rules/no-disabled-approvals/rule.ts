import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { AgentNode, Location } from '../../src/graph/model.js';
import { DISABLING } from '../harness-commands.js';

/**
 * Reports approvals switched off for a coding agent: `bypassPermissions`,
 * `--dangerously-skip-permissions`, `--yolo`, `--dangerously-bypass-approvals-and-sandbox`,
 * Codex `approval_policy = "never"` or `danger-full-access`, Gemini `trust: true`, VS Code global
 * auto-approve, opencode `"permission": "allow"`, wherever they are set (settings, scripts, CI,
 * the Claude Agent SDK's `permissionMode`).
 */
export default defineRule({
  meta: {
    id: 'no-disabled-approvals',
    title: 'Approvals switched off for a coding agent',
    category: 'harness',
    defaultSeverity: 'error',
    cwe: ['CWE-862'],
    owasp: ['LLM06', 'ASI09'],
    help: 'Keep approvals on and allow the specific commands the agent needs instead; if the agent must run unattended, run it in a disposable sandbox with no credentials and no network.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    const report = (agent: AgentNode, name: string, value: string, location: Location, what: string) =>
      findings.push({
        // `--force` carries its CLI (`cursor`) as its value, to tell it from git's; the flag alone is what was written.
        message: `${agent.name} ${what} (\`${name}${value && value !== 'true' && value !== name && name !== '--force' ? ` ${value}` : ''}\`).`,
        location,
        agents: [agent.id],
        key: [agent.id, name, value],
      });
    for (const agent of graph.nodesOf('agent')) {
      for (const flag of agent.harness?.flags ?? []) {
        const rule = DISABLING.find((d) => d.name.test(flag.name) && (!d.value || d.value.test(flag.value)));
        if (rule) report(agent, flag.name, flag.value, flag.location, rule.what);
      }
      // Codex: never asking is its unattended mode inside the sandbox; without the sandbox it is unrestricted.
      const flags = agent.harness?.flags ?? [];
      const never = flags.find((f) => /^(?:approval_policy|approvalPolicy|--ask-for-approval|-a)$/.test(f.name) && f.value === 'never');
      const fullAccess = flags.some((f) => /^(?:sandbox_mode|sandbox|--sandbox|-s)$/.test(f.name) && f.value === 'danger-full-access');
      if (never && fullAccess) report(agent, never.name, 'never', never.location, 'never asks for approval and runs without a sandbox (`danger-full-access`)');
    }
    for (const server of graph.nodesOf('mcp-server')) {
      if (server.attrs?.trusted !== true) continue;
      for (const agent of graph.agentsReaching(server.id)) report(agent, 'trust', `true for ${server.name}`, server.attrs.trustLocation as Location, `skips confirmation for every tool of MCP server \`${server.name}\``);
    }
    return findings;
  },
});
