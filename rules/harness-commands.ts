/**
 * What a pre-approved shell command admits, shared by the rules that read harness permissions:
 * commands that run any code, reach any URL or API, or admit every subcommand of a powerful CLI.
 */

/** Interpreters and launchers: allowing them allows running any code. */
/** So are launchers that run the command they are given (`timeout 10 bash -c …`, `nohup`, `nice`). */
export const CODE_EXECUTION = /^(?:node|npx|pnpx|bunx|bun|deno|tsx|ts-node|python3?|py|ruby|perl|php|bash|sh|zsh|pwsh|powershell|eval|exec|env|xargs|sudo|su|docker run|docker exec|npm exec|pnpm dlx|pnpm exec|yarn dlx|uvx|pipx run|osascript|timeout|gtimeout|nohup|nice|ionice|stdbuf|setsid|watch|parallel|time)$/;

/** A package runner followed by an interpreter (`pnpx tsx`, `npx ts-node`, `bunx node`) runs any script too. */
export const RUNNER_INTERPRETER = /^(?:npx|pnpx|bunx|pnpm dlx|pnpm exec|yarn dlx|yarn|pnpm|npm exec)\s+(?:-y\s+)?(?:tsx|ts-node|node|deno|python3?|bash|sh|zx|vite-node|esno|jiti)$/;

/** Commands whose options run other commands or delete: `find -exec`, `find -delete`. */
export const EXECUTES_THROUGH_OPTIONS: Record<string, string> = {
  find: '`find` runs any command through `-exec` and deletes through `-delete`',
  awk: "`awk` runs any shell command through `system()`",
  gawk: "`gawk` runs any shell command through `system()`",
  sed: "GNU `sed` runs any shell command through its `e` command and writes any file through `w`",
  tar: '`tar` runs any command through `--to-command` and `--checkpoint-action=exec`',
};

/** Installers: the package is whatever the command names, and its install scripts run as the user. */
export const INSTALLS = /^(?:npm (?:install|i|add)|pnpm (?:install|i|add)|yarn (?:add|install)|bun (?:install|add|i)|pip3? install|python3? -m pip install|uv (?:pip install|add)|gem install|cargo install|go install)$/;

/**
 * Runners of the project's own code (any package script, the test suite): what they run is what
 * the files say, so with edits allowed too they run whatever the agent writes into them.
 */
export const RUNS_PROJECT_CODE = /^(?:(?:npm|pnpm|yarn|bun) (?:run|run-script|test)|pytest|python3? -m pytest|make|just)$/;

/** Commands that reach any URL or API (`gh api graphql` runs any query or mutation): egress the domain-scoped WebFetch rules do not see. */
export const EGRESS = /^(?:curl|wget|http|https|xh|nc|ncat|gh api|gh api graphql|scp|rsync|ftp|sftp)$/;

/**
 * Multi-purpose CLIs allowed whole (`Bash(gh:*)`): every subcommand is admitted, the ones that run
 * code, reach any API or destroy included.
 */
export const WHOLE_CLI: Record<string, string> = {
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
export const DESTRUCTIVE: { pattern: RegExp; what: string }[] = [
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
 * A `Bash(…)` specifier, the command without its trailing wildcard, and whether it admits any
 * arguments (`git:*`) rather than exactly what is written.
 */
export function shellCommandOf(spec: string): { command: string; prefix: boolean } {
  const command = spec.replace(/(?::\*|\s\*|\*)$/, '').trim().replace(/\s+/g, ' ');
  return { command, prefix: command !== spec };
}

/**
 * True when a pre-approved command can send data anywhere: it runs any code (an interpreter, a
 * runner, a command that executes through its options), reaches any URL or API, or is a whole CLI
 * whose subcommands do (`gh api`, `git push` to any remote, `docker run`).
 */
export function sendsDataOut(spec: string): boolean {
  if (spec === '' || spec === '*' || spec === ':*' || spec === '**') return true;
  const { command, prefix } = shellCommandOf(spec);
  if (CODE_EXECUTION.test(command) || RUNNER_INTERPRETER.test(command) || EGRESS.test(command)) return true;
  if (Object.hasOwn(EXECUTES_THROUGH_OPTIONS, command)) return true;
  return prefix && (Object.hasOwn(WHOLE_CLI, command) || INSTALLS.test(command));
}

/**
 * Flags and settings that switch a coding agent's approvals (and usually the sandbox) off, by
 * harness. `everyTool`: the agent then runs all its tools unprompted, web tools and shell included.
 */
export const DISABLING: { name: RegExp; value?: RegExp; what: string; everyTool?: true }[] = [
  { name: /^(?:defaultMode|permissionMode|--permission-mode)$/, value: /^bypassPermissions$/, what: 'skips every permission prompt', everyTool: true },
  { name: /^--dangerously-skip-permissions$/, what: 'skips every permission prompt', everyTool: true },
  { name: /^--dangerously-bypass-approvals-and-sandbox$/, what: 'runs every command without approval and without a sandbox', everyTool: true },
  { name: /^--yolo$/, what: 'approves every tool call automatically', everyTool: true },
  { name: /^(?:--approval-mode|approval-mode)$/, value: /^yolo$/, what: 'approves every tool call automatically', everyTool: true },
  { name: /^(?:--force|-f)$/, value: /^cursor$/, what: 'runs every command unless denied', everyTool: true },
  { name: /^(?:--allow-all-tools|--allow-all)$/, what: 'allows every tool without asking', everyTool: true },
  { name: /^safety-strategy$/, value: /^unsafe$/, what: 'turns the sandbox off' },
  { name: /^trust$/, value: /^true$/, what: 'skips confirmation for every tool of this MCP server' },
  { name: /^chat\.tools\.(?:global\.)?autoApprove$/, value: /^true$/, what: 'approves every tool call automatically' },
  { name: /^permission$/, value: /^allow$/, what: 'allows every tool without asking' },
];
