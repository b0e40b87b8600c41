import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { buildInventory } from '../../src/graph/access.js';

/**
 * Reports an agent that reaches more than the role the team declared for it in the leash config:
 * an operation class outside the role, a tool outside its tool list, an MCP server or a
 * credential it does not grant. Silent for agents no role names.
 */
export default defineRule({
  meta: {
    id: 'respect-role-scope',
    title: 'Agent reaches beyond its declared role',
    category: 'registry',
    defaultSeverity: 'error',
    cwe: ['CWE-272'],
    owasp: ['LLM06'],
    help: "Remove the access from the agent, or widen the role in leash.config if the access is intended (a reviewed change).",
  },
  check({ graph, policy }) {
    const roles = policy?.roles ?? [];
    if (roles.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const access of buildInventory(graph, []).agents) {
      for (const role of roles) {
        if (!role.agents.some((p) => matches(p, access.id) || matches(p, access.name))) continue;
        const beyond: string[] = [];
        for (const op of access.operations) if (!role.operations.some((p) => matches(p, op.operation))) beyond.push(`operation \`${op.operation}\` (${op.tools.join(', ')})`);
        if (role.tools) for (const tool of access.tools) if (!role.tools.some((p) => matches(p, tool.name))) beyond.push(`tool \`${tool.name}\``);
        for (const server of access.mcpServers) {
          const name = graph.node(server)?.name ?? server;
          if (!(role.mcpServers ?? []).some((p) => matches(p, name))) beyond.push(`MCP server \`${name}\``);
        }
        for (const c of access.credentials) if (!(role.credentials ?? []).some((p) => matches(p, c.reference) || p === c.class)) beyond.push(`credential \`${c.reference}\` (${c.class})`);
        if (beyond.length === 0) continue;
        const node = graph.node(access.id);
        if (!node?.location) continue;
        findings.push({
          message: `Agent \`${access.name}\` reaches beyond its role \`${role.name}\`: ${[...new Set(beyond)].slice(0, 6).join(', ')}${beyond.length > 6 ? `, and ${beyond.length - 6} more` : ''}.`,
          location: node.location,
          agents: [access.id],
          key: [access.id, role.name, ...[...new Set(beyond)].sort()],
        });
      }
    }
    return findings;
  },
});

function matches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(value);
}
