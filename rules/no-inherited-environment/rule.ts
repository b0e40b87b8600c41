import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase } from '../support.js';

/**
 * Reports the whole parent environment handed on: a child process started with
 * `env: process.env` / `{ ...process.env }`, a stdio MCP server or an agent process configured the
 * same way. Every secret of the parent (cloud keys, tokens, database URLs) goes with it.
 */
export default defineRule({
  meta: {
    id: 'no-inherited-environment',
    title: 'Whole environment handed to a child process or MCP server',
    category: 'credentials',
    defaultSeverity: 'warning',
    cwe: ['CWE-250'],
    owasp: ['NHI8', 'MCP01'],
    help: 'Pass only the variables the process needs: `env: { PATH: process.env.PATH, API_URL: process.env.API_URL }`.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const edge of graph.edges) {
      if (edge.kind !== 'inherits-env' || !edge.evidence[0]) continue;
      const holder = graph.node(edge.from);
      if (!holder) continue;
      const agents = holder.kind === 'agent' ? [holder] : graph.agentsReaching(holder.id);
      const what = holder.kind === 'mcp-server' ? `MCP server \`${holder.name}\` is started with` : holder.kind === 'tool' ? `tool \`${holder.name}\` starts a process with` : `its process is given`;
      findings.push({
        message: `${agentPhrase(agents)}: ${what} the whole environment of its parent (\`process.env\`), every secret in it included.`,
        location: edge.evidence[0],
        agents: agents.map((a) => a.id),
        ...(holder.kind === 'tool' ? { tool: holder.id } : {}),
        key: [holder.id, 'inherits-env'],
      });
    }
    // Codex `[shell_environment_policy] inherit = "all"`: every command the agent runs gets it all.
    for (const agent of graph.nodesOf('agent')) {
      for (const s of agent.harness?.sandbox ?? []) {
        if (s.setting !== 'shell_environment_policy.inherit') continue;
        findings.push({ message: `${agent.name} passes its whole environment to every command it runs (\`shell_environment_policy.inherit = "all"\`), secrets included.`, location: s.location, agents: [agent.id], key: [agent.id, s.setting] });
      }
    }
    return findings;
  },
});
