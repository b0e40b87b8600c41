import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase } from '../support.js';

/**
 * Reports a secret written in a file an agent uses: an MCP server's `env` or `headers`, a harness
 * config, agent code. The message never contains the value.
 */
export default defineRule({
  meta: {
    id: 'no-hardcoded-secrets',
    title: 'Secret written in code or config',
    category: 'credentials',
    defaultSeverity: 'error',
    cwe: ['CWE-798'],
    owasp: ['LLM02', 'MCP01', 'NHI2'],
    help: 'Revoke the secret, then reference it instead of writing it: `${VAR}` / `${env:VAR}` in MCP configs, `${input:…}` prompts in VS Code, `process.env.X` in code, a secret store in CI.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const credential of graph.nodesOf('credential')) {
      if (credential.source !== 'literal' || !credential.location) continue;
      const holders = graph.incoming(credential.id).map((e) => graph.node(e.from)).filter((n) => n !== undefined);
      const agents = [...new Set(holders.flatMap((h) => (h!.kind === 'agent' ? [h!] : graph.agentsReaching(h!.id))))];
      const holder = holders[0];
      const fallback = credential.fallback === true;
      const message = fallback
        ? `\`${credential.reference}\` falls back to a secret written in plain text when the environment does not set it (value redacted): anyone who reads the code holds it${agents.length ? `, and ${agentPhrase(agents)} uses it` : ''}.`
        : `${agentPhrase(agents)} is given a secret written in plain text: \`${credential.reference}\`${holder && holder.kind === 'mcp-server' ? ` of MCP server \`${holder.name}\`` : ''} (value redacted).`;
      findings.push({
        message,
        location: credential.location,
        agents: agents.map((a) => a.id),
        key: [credential.id],
      });
    }
    return findings;
  },
});
