import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { buildInventory } from '../../src/graph/access.js';
import { compareManifest, manifestOf } from '../../src/graph/manifest.js';

/**
 * Reports the difference between the committed access manifest (`leash lock`) and what the agents
 * can reach now. Widening — a new agent, tool, operation, resource or credential, an approval gate
 * or an audit record removed — is an error at the agent; narrowing is a note at the manifest, with
 * the command that updates it. Silent when no manifest is committed.
 */
export default defineRule({
  meta: {
    id: 'access-manifest-drift',
    title: "Agents' access differs from the committed manifest",
    category: 'registry',
    defaultSeverity: 'error',
    cwe: [],
    owasp: ['LLM06'],
    help: 'If the change is intended, run `leash lock` and commit the updated manifest, so that the widening is reviewed with the code (protect the manifest with CODEOWNERS).',
  },
  check({ graph, policy }) {
    const manifest = policy?.manifest;
    if (!manifest) return [];
    const current = manifestOf(buildInventory(graph, []));
    const findings: RuleFinding[] = [];
    const manifestLocation = { file: manifest.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    for (const d of compareManifest(manifest.data, current)) {
      const agent = graph.node(d.agent);
      const location = d.direction === 'widened' && agent?.location ? agent.location : manifestLocation;
      findings.push({
        message:
          d.direction === 'widened'
            ? `Agent \`${d.name}\` can do more than the committed manifest says (${d.what}): review it, then run \`leash lock\`.`
            : `Agent \`${d.name}\` can do less than the committed manifest says (${d.what}): run \`leash lock\` to record it.`,
        location,
        agents: agent ? [agent.id] : [],
        severity: d.direction === 'widened' ? 'error' : 'note',
        key: [d.agent, d.direction, d.what],
      });
    }
    return findings;
  },
});
