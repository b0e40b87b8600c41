import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { AgentNode, PermissionRule } from '../../src/graph/model.js';

/** Interpreters and launchers: allowing them allows running any code. */
const CODE_EXECUTION = /^(?:node|npx|bunx|bun|deno|python3?|py|ruby|perl|php|bash|sh|zsh|pwsh|powershell|eval|exec|env|xargs|sudo|su|docker run|docker exec|npm exec|pnpm dlx|pnpm exec|yarn dlx|uvx|pipx run|osascript)$/;

/**
 * Reports allow rules in a coding-agent harness that grant more than one narrow thing: a whole
 * tool (`Bash`, `Bash(*)`, `Write`, `Edit(**)`, `WebFetch` with no domain, `mcp__*`), a rule that
 * amounts to running any code (`Bash(node:*)`, `Bash(npx:*)`, `Bash(python:*)`), a rule that
 * bypasses a narrower one (`Bash(curl:*)` next to a domain-scoped `WebFetch`), and
 * `enableAllProjectMcpServers: true`. Deny and ask rules are never grants.
 */
export default defineRule({
  meta: {
    id: 'no-broad-harness-permissions',
    title: 'Broad permission rule for a coding agent',
    category: 'harness',
    defaultSeverity: 'error',
    cwe: ['CWE-250'],
    owasp: ['LLM06'],
    help: 'Allow only the commands and paths the agent needs (`Bash(npm run test:*)`, `Edit(./src/**)`, `WebFetch(domain:docs.example.com)`); leave the rest to ask, and deny destructive commands explicitly.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const agent of graph.nodesOf('agent')) {
      const settings = agent.harness;
      if (!settings) continue;
      const allow = settings.permissions.filter((p) => p.effect === 'allow');
      const scopedFetch = allow.some((p) => /^WebFetch\(domain:/.test(p.rule));
      for (const rule of allow) {
        const problem = broadness(rule, scopedFetch);
        if (problem) findings.push(finding(agent, rule.rule, problem, rule));
      }
      for (const flag of settings.flags) {
        if (flag.name === 'enableAllProjectMcpServers' && flag.value === 'true') {
          findings.push({
            message: `${agent.name} trusts every MCP server in .mcp.json without asking (\`enableAllProjectMcpServers: true\`): a server added in any commit runs with the agent's access.`,
            location: flag.location,
            agents: [agent.id],
            key: [agent.id, 'enableAllProjectMcpServers'],
          });
        }
      }
    }
    return findings;
  },
});

function finding(agent: AgentNode, rule: string, problem: string, where: PermissionRule): RuleFinding {
  return {
    message: `${agent.name} is allowed \`${rule}\` without asking: ${problem}.`,
    location: where.location,
    agents: [agent.id],
    key: [agent.id, 'allow', rule],
  };
}

function broadness(rule: PermissionRule, scopedFetch: boolean): string | undefined {
  const match = /^([A-Za-z_]+)(?:\((.*)\))?$/.exec(rule.rule.trim());
  if (!match) return rule.rule.startsWith('mcp__*') ? 'every tool of every MCP server' : undefined;
  const [, tool, specifier] = match;
  const spec = specifier?.trim();
  if (/^(?:Bash|PowerShell|Shell|run_shell_command|ShellTool)$/.test(tool)) {
    if (spec === undefined || spec === '' || spec === '*' || spec === ':*' || spec === '**') return 'it runs any shell command';
    const command = spec.replace(/(?::\*|\s\*|\*)$/, '').trim();
    if (CODE_EXECUTION.test(command)) return `\`${command}\` runs any code it is given, so this allows any command`;
    if (scopedFetch && /^(?:curl|wget|http|https|xh|nc)$/.test(command)) return `\`${command}\` reaches any URL, bypassing the domain-scoped WebFetch rules`;
    return undefined;
  }
  if (/^(?:Write|Edit|MultiEdit|NotebookEdit)$/.test(tool)) {
    if (spec === undefined || spec === '' || /^(?:\/\/|\/|~\/|\.\/)?\*\*$/.test(spec) || spec === '*') return 'it writes any file';
    if (/^(?:\/\/|~)/.test(spec) && !spec.startsWith('//tmp')) return `it writes outside the repository (\`${spec}\`)`;
    return undefined;
  }
  if (tool === 'WebFetch' && (spec === undefined || spec === '' || spec === '*' || spec === 'domain:*')) return 'it fetches any URL';
  if (tool.startsWith('mcp__') && (tool === 'mcp__' || /^mcp__\*/.test(tool))) return 'every tool of every MCP server';
  return undefined;
}
