import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { Location } from '../../src/graph/model.js';
import { agentPhrase } from '../support.js';

/**
 * Reports an MCP server whose code is not pinned: `npx -y pkg` or `pkg@latest` without a version,
 * `uvx pkg` without `==version`, a docker image without a tag or digest, or a remote server over
 * plain `http://` (not loopback). Every start may run different code with the agent's access.
 */
export default defineRule({
  meta: {
    id: 'no-unpinned-mcp-server',
    title: 'MCP server not pinned to a version',
    category: 'harness',
    defaultSeverity: 'warning',
    cwe: ['CWE-829'],
    owasp: ['MCP04'],
    help: 'Pin the package to an exact version (`npx -y @scope/server@1.4.2`, `uvx server==0.6.0`, an image digest) and serve remote MCP servers over https.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const server of graph.nodesOf('mcp-server')) {
      const agents = graph.agentsReaching(server.id);
      const attrs = server.attrs ?? {};
      if (attrs.pinned === false && server.package) {
        findings.push({
          message: `${agentPhrase(agents)} starts MCP server \`${server.name}\` from \`${server.package}\` with no pinned version: whatever is published next runs with the agent's access.`,
          location: (attrs.pinLocation as Location | undefined) ?? server.location!,
          agents: agents.map((a) => a.id),
          key: [server.id, 'unpinned'],
        });
      }
      if (attrs.insecureUrl === true) {
        findings.push({
          message: `${agentPhrase(agents)} connects to MCP server \`${server.name}\` over plain http (\`${server.url}\`): its tools and the credentials sent to it can be read and changed in transit.`,
          location: (attrs.urlLocation as Location | undefined) ?? server.location!,
          agents: agents.map((a) => a.id),
          key: [server.id, 'http'],
        });
      }
    }
    return findings.filter((f) => f.location);
  },
});
