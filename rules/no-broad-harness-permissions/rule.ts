import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { AgentNode, Location, PermissionRule } from '../../src/graph/model.js';

/** Interpreters and launchers: allowing them allows running any code. */
const CODE_EXECUTION = /^(?:node|npx|pnpx|bunx|bun|deno|tsx|ts-node|python3?|py|ruby|perl|php|bash|sh|zsh|pwsh|powershell|eval|exec|env|xargs|sudo|su|docker run|docker exec|npm exec|pnpm dlx|pnpm exec|yarn dlx|uvx|pipx run|osascript)$/;

/** A package runner followed by an interpreter (`pnpx tsx`, `npx ts-node`, `bunx node`) runs any script too. */
const RUNNER_INTERPRETER = /^(?:npx|pnpx|bunx|pnpm dlx|pnpm exec|yarn dlx|yarn|pnpm|npm exec)\s+(?:-y\s+)?(?:tsx|ts-node|node|deno|python3?|bash|sh|zx|vite-node|esno|jiti)$/;

/** Commands whose options run other commands or delete: `find -exec`, `find -delete`. */
const EXECUTES_THROUGH_OPTIONS: Record<string, string> = {
  find: '`find` runs any command through `-exec` and deletes through `-delete`',
  awk: "`awk` runs any shell command through `system()`",
  gawk: "`gawk` runs any shell command through `system()`",
  sed: "GNU `sed` runs any shell command through its `e` command and writes any file through `w`",
};

/** Installers: the package is whatever the command names, and its install scripts run as the user. */
const INSTALLS = /^(?:npm (?:install|i|add)|pnpm (?:install|i|add)|yarn (?:add|install)|bun (?:install|add|i)|pip3? install|python3? -m pip install|uv (?:pip install|add)|gem install|cargo install|go install)$/;

/**
 * Runners of the project's own code (any package script, the test suite): what they run is what
 * the files say, so with edits allowed too they run whatever the agent writes into them.
 */
const RUNS_PROJECT_CODE = /^(?:(?:npm|pnpm|yarn|bun) (?:run|run-script|test)|pytest|python3? -m pytest|make|just)$/;

/** Commands that reach any URL or API (`gh api graphql` runs any query or mutation): egress the domain-scoped WebFetch rules do not see. */
const EGRESS = /^(?:curl|wget|http|https|xh|nc|ncat|gh api|gh api graphql|scp|rsync|ftp|sftp)$/;

/**
 * Multi-purpose CLIs allowed whole (`Bash(gh:*)`): every subcommand is admitted, the ones that run
 * code, reach any API or destroy included.
 */
const WHOLE_CLI: Record<string, string> = {
  gh: 'admits `gh api` (any GitHub API call, data out included) and `gh repo delete`',
  npm: 'admits `npm exec` and every package script, which run any code',
  pnpm: 'admits `pnpm dlx`, `pnpm exec` and every package script, which run any code',
  yarn: 'admits `yarn dlx` and every package script, which run any code',
  git: 'admits `git push --force`, `git reset --hard` and `git clean -fdx`',
  docker: 'admits `docker run`, which runs any code',
  podman: 'admits `podman run`, which runs any code',
  kubectl: 'admits `kubectl delete` and `kubectl exec`',
  aws: 'admits every delete in the cloud account',
  gcloud: 'admits every delete in the cloud project',
  az: 'admits every delete in the cloud subscription',
  terraform: 'admits `terraform destroy`',
};

/** Pre-approved commands whose main effect is deletion or an irreversible change. */
const DESTRUCTIVE: { pattern: RegExp; what: string }[] = [
  { pattern: /^(?:sudo\s+)?rm(?:dir)?(?:\s|$)/, what: 'deletes any file or directory (`rm -rf`)' },
  // `git reset:*` admits `--hard` and `git clean:*` admits `-fdx`; a plain push is everyday work, a forced one is not.
  { pattern: /^git\s+(?:reset|clean|branch\s+-D|filter-branch|push\s+(?:\S+\s+)*(?:--force|-f)\b)/, what: 'discards uncommitted work or rewrites history (`reset --hard`, `clean -fdx`, `push --force`)' },
  { pattern: /^(?:kubectl|oc)\s+(?:delete|drain|scale)(?:\s|$)/, what: 'deletes cluster resources' },
  { pattern: /^terraform\s+(?:destroy|apply)(?:\s|$)/, what: 'destroys or changes infrastructure' },
  { pattern: /^(?:(?:npx|pnpx|bunx|pnpm|yarn)\s+)?wrangler\s+(?:delete|\w+\s+delete)(?:\s|$)/, what: 'deletes Cloudflare resources' },
  { pattern: /^aws\s+(?:\S+\s+)*?(?:rm|rb|delete[\w-]*|terminate[\w-]*)(?:\s|$)/, what: 'deletes cloud resources' },
  { pattern: /^gh\s+(?:repo|release|secret|variable)\s+delete(?:\s|$)/, what: 'deletes GitHub resources' },
  { pattern: /^(?:docker|podman)\s+(?:rm|rmi|system prune|volume rm)(?:\s|$)/, what: 'deletes containers, images or volumes' },
  { pattern: /^(?:dropdb|dd|mkfs(?:\.\w+)?|shred|truncate)(?:\s|$)/, what: 'destroys data' },
  { pattern: /^(?:kill|pkill|killall)(?:\s|$)/, what: "kills any of the user's processes" },
];

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
  if (!match) return rule.rule.startsWith('mcp__*') ? 'every tool of every MCP server' : undefined;
  const [, tool, specifier] = match;
  const spec = specifier?.trim();
  if (/^(?:Bash|PowerShell|Shell|run_shell_command|ShellTool)$/.test(tool)) {
    if (spec === undefined || spec === '' || spec === '*' || spec === ':*' || spec === '**') return 'it runs any shell command';
    const command = spec.replace(/(?::\*|\s\*|\*)$/, '').trim().replace(/\s+/g, ' ');
    if (CODE_EXECUTION.test(command) || RUNNER_INTERPRETER.test(command)) return `\`${command}\` runs any code it is given, so this allows any command`;
    if (EXECUTES_THROUGH_OPTIONS[command]) return `${EXECUTES_THROUGH_OPTIONS[command]}, so this allows any command`;
    if (EGRESS.test(command)) return `\`${command}\` reaches any URL or API${scopedFetch ? ', bypassing the domain-scoped WebFetch rules' : ''}, so data can leave without a prompt`;
    const prefix = command !== spec;
    if (prefix && Object.hasOwn(WHOLE_CLI, command)) return `\`${command}\` with any arguments ${WHOLE_CLI[command]}`;
    if (prefix && INSTALLS.test(command)) return `\`${command}\` installs any package it is given, and the package's install scripts run any code`;
    if (prefix && edits && RUNS_PROJECT_CODE.test(command)) return `\`${command}\` runs whatever the project's files say, and edits are allowed too: the agent can write any code into them and run it`;
    // An exact command on paths inside the project (`rm -rf test-results/screenshots`) deletes that and nothing else.
    if (!prefix && /^rm\s/.test(command)) {
      const paths = command.split(' ').slice(1).filter((a) => !a.startsWith('-'));
      return insideProject(paths) ? undefined : `\`${command}\` deletes outside the project, with no prompt before it runs`;
    }
    const destructive = DESTRUCTIVE.find((d) => d.pattern.test(command));
    if (destructive) return `\`${command}\` ${destructive.what}, with no prompt before it runs`;
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

/** Relative paths that stay inside the project: no root, home, parent, variable or glob. */
function insideProject(paths: string[]): boolean {
  return paths.length > 0 && paths.every((p) => !/^(?:\/|~|\$)|(?:^|\/)\.\.(?:\/|$)|[*?]/.test(p));
}
