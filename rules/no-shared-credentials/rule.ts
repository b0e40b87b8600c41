import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { GraphNode } from '../../src/graph/model.js';
import { isSecretName, MODEL_PROVIDER_KEY } from '../support.js';

/**
 * Reports one credential configured in several places (tools, MCP servers, agent processes) that
 * serve several agents: each should hold its own scoped identity, so
 * that its access can be narrowed, rotated and audited on its own. The whole environment
 * (`process.env`) is reported by `no-inherited-environment` instead.
 */
export default defineRule({
  meta: {
    id: 'no-shared-credentials',
    title: 'One credential shared by several agents',
    category: 'credentials',
    defaultSeverity: 'warning',
    cwe: ['CWE-272'],
    owasp: ['NHI9', 'ASI03'],
    help: 'Give each agent its own credential, scoped to what that agent does (a database role per agent, one GitHub App installation per workflow).',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const credential of graph.nodesOf('credential')) {
      if (credential.source === 'env-all' || !credential.location || !isSecretName(credential.reference)) continue;
      // A model provider's key pays for inference and opens no data; each CI job gets a GITHUB_TOKEN of its own.
      if (MODEL_PROVIDER_KEY.test(credential.reference) || credential.reference === 'GITHUB_TOKEN') continue;
      // A secret named otherwise that every holder uses as the model key (`ANTHROPIC_API_KEY: ${{ secrets.CLAUDE_API_KEY }}`).
      const bindings = graph.incoming(credential.id).map((e) => (typeof e.attrs?.boundTo === 'string' ? e.attrs.boundTo.toUpperCase() : ''));
      if (bindings.length > 0 && bindings.every((b) => MODEL_PROVIDER_KEY.test(b))) continue;
      // One tool used by several agents holds the credential once: the tool is the identity.
      // Sharing is the same secret configured in several places that serve different agents.
      // A server reading its own startup environment holds whatever its launcher passes in: the
      // sharing, if any, shows at the launchers (configs, workflows), not at the server.
      const holding = graph.incoming(credential.id).filter((e) => !e.attrs?.process);
      const holders = [...new Set(holding.map((e) => e.from))];
      if (holders.length < 2) continue;
      // Code reading its own environment (every agent and tool of one program) holds whatever the
      // program is started with: one identity, the program's. Sharing is the key written into
      // several launchers, configs or workflows, where it can be told apart.
      // Only within one program: two workspace apps (`apps/a`, `apps/b`) are deployed apart and
      // could each be given a key of its own.
      const programs = new Set(holders.map((h) => programOf(graph.node(h)?.location?.file)));
      if (credential.source === 'env' && holders.every((h) => isCode(graph.node(h))) && programs.size === 1) continue;
      // A harness config launching the MCP server this repository builds (same name) hands the
      // key to that server: one identity along one chain, not two agents sharing it.
      const launched = new Set(holders.map((h) => graph.node(h)).filter((n) => n?.kind === 'mcp-server').map((n) => serverName(n!.name)));
      const agents = graph.agentsReaching(credential.id).filter((a) => !(a.framework === 'mcp' && launched.has(serverName(a.name))));
      if (agents.length < 2) continue;
      const names = agents.map((a) => `\`${a.name}\``);
      findings.push({
        message: `${agents.length} agents share the credential \`${credential.reference}\` (${names.slice(0, 4).join(', ')}${agents.length > 4 ? ', …' : ''}): none of them can be narrowed or revoked alone.`,
        location: credential.location,
        agents: agents.map((a) => a.id),
        key: [credential.id],
      });
    }
    return findings;
  },
});

/** The workspace package a file belongs to in a monorepo (`apps/web`); '' in a single-package repository. */
function programOf(file: string | undefined): string {
  return (file && /^((?:apps|packages|services|libs|examples|plugins|servers|functions)\/[^/]+)\//.exec(file)?.[1]) ?? '';
}

function isCode(node: GraphNode | undefined): boolean {
  return node?.kind === 'tool' || (node?.kind === 'agent' && node.origin === 'code' && !node.harness);
}

/** Server names compare without case and punctuation: `Context7` in code is `context7` in `.mcp.json`. */
function serverName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
