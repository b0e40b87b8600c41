import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { AgentNode, Location } from '../../src/graph/model.js';

/** Flags and settings that switch approvals (and usually the sandbox) off, by harness. */
const DISABLING: { name: RegExp; value?: RegExp; what: string }[] = [
  { name: /^(?:defaultMode|permissionMode|--permission-mode)$/, value: /^bypassPermissions$/, what: 'skips every permission prompt' },
  { name: /^--dangerously-skip-permissions$/, what: 'skips every permission prompt' },
  { name: /^--dangerously-bypass-approvals-and-sandbox$/, what: 'runs every command without approval and without a sandbox' },
  { name: /^--yolo$/, what: 'approves every tool call automatically' },
  { name: /^(?:--approval-mode|approval-mode)$/, value: /^yolo$/, what: 'approves every tool call automatically' },
  { name: /^(?:--force|-f)$/, value: /^cursor$/, what: 'runs every command unless denied' },
  { name: /^(?:--allow-all-tools|--allow-all)$/, what: 'allows every tool without asking' },
  { name: /^safety-strategy$/, value: /^unsafe$/, what: 'turns the sandbox off' },
  { name: /^trust$/, value: /^true$/, what: 'skips confirmation for every tool of this MCP server' },
  { name: /^chat\.tools\.(?:global\.)?autoApprove$/, value: /^true$/, what: 'approves every tool call automatically' },
  { name: /^permission$/, value: /^allow$/, what: 'allows every tool without asking' },
];

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
