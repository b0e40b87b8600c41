import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { AgentNode, Location, PermissionRule } from '../../src/graph/model.js';
import { CODE_EXECUTION, DESTRUCTIVE, EGRESS, EXECUTES_THROUGH_OPTIONS, INSTALLS, RUNNER_INTERPRETER, RUNS_PROJECT_CODE, WHOLE_CLI, shellCommandOf } from '../harness-commands.js';

/**
 * Reports allow rules in a coding-agent harness that grant more than one narrow thing: a whole
 * tool (`Bash`, `Bash(*)`, `Write`, `Edit(**)`, `WebFetch` with no domain, `mcp__*`), a rule that
 * amounts to running any code (`Bash(node:*)`, `Bash(npx:*)`, `Bash(python:*)`), a rule that
 * bypasses a narrower one (`Bash(curl:*)` next to a domain-scoped `WebFetch`),
 * `enableAllProjectMcpServers: true`, and capability switches in an MCP server's configured env
 * (`ALLOW_DELETE_OPERATION: "true"`, `READ_ONLY: "false"`). Deny and ask rules are never grants.
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
      const edits = allow.some((p) => /^(?:Write|Edit|MultiEdit)(?:\((?:\*\*|\*|\.\/\*\*)?\))?$/.test(p.rule.trim())) || settings.flags.some((f) => f.name === 'defaultMode' && f.value === 'acceptEdits');
      for (const rule of allow) {
        const problem = broadness(rule, scopedFetch, edits);
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
    // MCP servers started with a committed env file (`.env`) that turns on a switch they read.
    // One finding per server and env file, at its first switch: the file is the one cause.
    for (const agent of graph.nodesOf('agent')) {
      const byFile = new Map<string, { key: string; value: string; what: string; location: Location }[]>();
      for (const s of (agent.attrs?.switches ?? []) as { key: string; value: string; what: string; location: Location }[]) byFile.set(s.location.file, [...(byFile.get(s.location.file) ?? []), s]);
      for (const [file, switches] of byFile) {
        const sorted = [...switches].sort((a, b) => a.location.line - b.location.line);
        const first = sorted[0];
        const others = sorted.slice(1).map((s) => `\`${s.key}=${s.value}\` (line ${s.location.line})`);
        findings.push({
          message: `MCP server \`${agent.name}\` reads \`${first.key}\`, and the committed ${file} sets it to \`${first.value}\`, ${first.what}${others.length ? `; the same file also sets ${others.join(', ')}` : ''}: every agent that connects gets that power without asking.`,
          location: first.location,
          agents: [agent.id],
          key: [agent.id, 'env-switch', file],
        });
      }
    }
    // MCP servers whose configured env turns on what they keep off (`ALLOW_DELETE_OPERATION: "true"`).
    for (const server of graph.nodesOf('mcp-server')) {
      const switches = (server.attrs?.switches ?? []) as { key: string; value: string; what: string; location: Location }[];
      for (const s of switches) {
        findings.push({
          message: `MCP server \`${server.name}\` is configured with \`${s.key}=${s.value}\`, ${s.what}: every agent that loads it gets that power without asking.`,
          location: s.location,
          agents: graph.incoming(server.id, 'uses-server').map((e) => e.from),
          key: [server.id, 'switch', s.key],
        });
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

function broadness(rule: PermissionRule, scopedFetch: boolean, edits: boolean): string | undefined {
  const match = /^([A-Za-z_]+)(?:\((.*)\))?$/.exec(rule.rule.trim());
  // Gemini's policy engine matches `toolName = "*"` against every tool, built-in or MCP.
  if (rule.rule.trim() === '*') return 'every tool, the shell and every MCP server included';
  if (!match) return rule.rule.startsWith('mcp__*') ? 'every tool of every MCP server' : undefined;
  const [, tool, specifier] = match;
  const spec = specifier?.trim();
  if (/^(?:Bash|PowerShell|Shell|run_shell_command|ShellTool)$/.test(tool)) {
    if (spec === undefined || spec === '' || spec === '*' || spec === ':*' || spec === '**') return 'it runs any shell command';
    const { command, prefix } = shellCommandOf(spec);
    if (CODE_EXECUTION.test(command) || RUNNER_INTERPRETER.test(command)) return `\`${command}\` runs any code it is given, so this allows any command`;
    if (EXECUTES_THROUGH_OPTIONS[command]) return `${EXECUTES_THROUGH_OPTIONS[command]}, so this allows any command`;
    if (EGRESS.test(command)) return `\`${command}\` reaches any URL or API${scopedFetch ? ', bypassing the domain-scoped WebFetch rules' : ''}, so data can leave without a prompt`;
    if (prefix && Object.hasOwn(WHOLE_CLI, command)) return `\`${command}\` with any arguments ${WHOLE_CLI[command]}`;
    if (prefix && INSTALLS.test(command)) return `\`${command}\` installs any package it is given, and the package's install scripts run any code`;
    if (prefix && edits && RUNS_PROJECT_CODE.test(command)) return `\`${command}\` runs whatever the project's files say, and edits are allowed too: the agent can write any code into them and run it`;
    // An exact command on paths inside the project (`rm -rf test-results/screenshots`) deletes that
    // and nothing else. A `*` in a rule matches any characters, spaces too: `rm -rf dist/*` also
    // approves `rm -rf dist/x ~`, and stays reported.
    if (!prefix && /^rm\s/.test(command)) {
      const paths = command.split(' ').slice(1).filter((a) => !a.startsWith('-'));
      return insideProject(paths) ? undefined : `\`${command}\` deletes outside the project, with no prompt before it runs`;
    }
    const destructive = DESTRUCTIVE.find((d) => d.pattern.test(command));
    if (destructive) return `\`${command}\` ${destructive.what}, with no prompt before it runs`;
    return undefined;
  }
  // Claude Code confines edits to the directory it was started in (plus `additionalDirectories`), so a
  // bare `Edit` or `Edit(**)` is the project's own files: the agent's job, not a widening. Only a
  // pattern that names a place outside it (`//etc/**`, `~/.ssh/**`, `../**`) grants more.
  if (/^(?:Write|Edit|MultiEdit|NotebookEdit)$/.test(tool)) {
    if (spec && (/^(?:\/\/|~)/.test(spec) || /(?:^|\/)\.\.(?:\/|$)/.test(spec)) && !(spec.startsWith('//tmp') && !spec.includes('..'))) return `it writes outside the repository (\`${spec}\`)`;
    return undefined;
  }
  if (tool === 'WebFetch' && (spec === undefined || spec === '' || spec === '*' || spec === 'domain:*')) return 'it fetches any URL';
  if (tool.startsWith('mcp__') && (tool === 'mcp__' || /^mcp__\*/.test(tool))) return 'every tool of every MCP server';
  return undefined;
}

/** Relative paths that stay inside the project: no root, home, parent, variable or glob. */
function insideProject(paths: string[]): boolean {
  return paths.length > 0 && paths.every((p) => !/^(?:\/|~|\$)|(?:^|\/)\.\.(?:\/|$)|[*?]/.test(p));
}
