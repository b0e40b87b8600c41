import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase, evidencePath, reachesOf, sinkLabel } from '../support.js';

/** The files that decide what a coding agent may do. */
const HARNESS_CONFIG = /(?:^|[/\\'"`\s])(?:\.claude\/settings(?:\.local)?\.json|\.mcp\.json|\.cursor\/|\.codex\/|\.vscode\/(?:mcp|settings)\.json|\.gemini\/settings\.json|opencode\.jsonc?)/;

/**
 * Reports ways the registry can change after the agent starts. Today: a tool that writes the
 * agent's own harness configuration (`.claude/settings*.json`, `.mcp.json`, `.cursor/`, `.codex/`,
 * `.vscode/mcp.json`), which lets the model grant itself permissions or MCP servers. Dynamic
 * `import()` of a model-chosen module is reported by `no-code-eval`.
 */
export default defineRule({
  meta: {
    id: 'no-runtime-escalation',
    title: 'An agent that can widen its own access',
    category: 'registry',
    defaultSeverity: 'error',
    cwe: ['CWE-269'],
    owasp: ['LLM06', 'ASI03'],
    help: 'Decide the registry before the agent runs: no tool may write harness configuration, register tools or change permissions; make those changes through reviewed commits.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const reach of reachesOf(graph, (op) => op === 'fs.write')) {
      const text = String(reach.edge.attrs?.text ?? '');
      if (!HARNESS_CONFIG.test(text)) continue;
      findings.push({
        message: `${agentPhrase(reach.agents)} can rewrite its own permissions: tool \`${reach.tool.name}\` writes harness configuration through \`${sinkLabel(reach)}\`.`,
        location: reach.location,
        path: evidencePath(reach),
        agents: reach.agents.map((a) => a.id),
        tool: reach.tool.id,
        key: [reach.tool.id, 'harness-config'],
      });
    }
    return findings;
  },
});
