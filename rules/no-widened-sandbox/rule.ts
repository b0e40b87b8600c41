import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';

/**
 * Reports a coding agent's sandbox widened: switched off (`sandbox.enabled: false`), network open to
 * every domain, writable roots outside the workspace, unsandboxed commands allowed while sandboxed
 * Bash is auto-approved, extra directories outside the repository.
 */
export default defineRule({
  meta: {
    id: 'no-widened-sandbox',
    title: "A coding agent's sandbox widened",
    category: 'harness',
    defaultSeverity: 'warning',
    cwe: ['CWE-250'],
    owasp: ['ASI05'],
    help: 'Keep the sandbox on, its network limited to the domains the work needs, and its writable paths inside the workspace.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const agent of graph.nodesOf('agent')) {
      const sandbox = agent.harness?.sandbox ?? [];
      const autoBash = sandbox.some((s) => s.setting === 'sandbox.autoAllowBashIfSandboxed' && s.value === 'true');
      for (const flag of agent.harness?.flags ?? []) {
        if (/^(?:sandbox_mode|sandbox|--sandbox|-s)$/.test(flag.name) && flag.value === 'danger-full-access') {
          findings.push({ message: `${agent.name}: the sandbox is switched off (\`${flag.name} = "danger-full-access"\`).`, location: flag.location, agents: [agent.id], key: [agent.id, flag.name, flag.value] });
        }
      }
      for (const s of sandbox) {
        let problem: string | undefined;
        if ((s.setting === 'sandbox.enabled' || s.setting === 'sandbox') && /^(?:false|off|none)$/.test(s.value)) problem = 'the sandbox is switched off';
        else if (/network\.allowedDomains$/.test(s.setting) && /^\*$|^\*\.\*$/.test(s.value)) problem = 'the sandbox network allows every domain';
        else if (/network_access$/.test(s.setting) && s.value === 'true') problem = 'the sandbox has network access';
        else if (s.setting === 'sandbox.allowUnsandboxedCommands' && s.value === 'true' && autoBash) problem = 'commands may leave the sandbox while sandboxed Bash is approved automatically';
        else if (/(?:allowWrite|writable_roots|additionalDirectories)$/.test(s.setting) && /^(?:\/|~|\.\.)(?:\/|$)|^\/(?:etc|usr|home|root|var)\b|^~\//.test(s.value)) problem = `it can write outside the workspace (\`${s.value}\`)`;
        if (!problem) continue;
        findings.push({
          message: `${agent.name}: ${problem} (\`${s.setting}\`).`,
          location: s.location,
          agents: [agent.id],
          key: [agent.id, s.setting, s.value],
        });
      }
    }
    return findings;
  },
});
