/**
 * Option injection into git: a value the model writes, handed to git as an argument of its own
 * with no `--` before it, is read as an option when it starts with `-`. Some of git's options run
 * a command or write a file: `git clone --upload-pack='touch /tmp/x' …`, `git log --output=~/.bashrc`.
 * Running git without a shell does not help; a `--` (or `--end-of-options`) before the model's
 * values, or a check that they do not start with `-`, does.
 */

/** Subcommands with an option that runs a program, and that option. */
const RUNS_A_COMMAND: Record<string, string> = {
  clone: '--upload-pack',
  fetch: '--upload-pack',
  pull: '--upload-pack',
  'ls-remote': '--upload-pack',
  push: '--receive-pack',
  archive: '--exec',
  rebase: '--exec',
  grep: '--open-files-in-pager',
};

/** Subcommands with an option that writes their output to any file. */
const WRITES_A_FILE: Record<string, string> = {
  diff: '--output',
  log: '--output',
  show: '--output',
  'format-patch': '--output-directory',
  whatchanged: '--output',
  'range-diff': '--output',
};

/** git's own options that take the next argument as their value (`-C <dir>`, `-c <name=value>`). */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path']);

export interface GitOptionInjection {
  /** `shell.exec` when the option runs a program, `fs.write` when it writes a file. */
  op: 'shell.exec' | 'fs.write';
  subcommand: string;
  option: string;
}

/**
 * For a git command line as leash reads it (`git push ${…} ${…} --force`: constant parts, with
 * `${…}` where a value is not known), the option a model value could smuggle in: when a value
 * stands as an argument of its own after a subcommand that has such an option, and no `--`
 * comes before it.
 */
export function gitOptionInjection(commandLine: string): GitOptionInjection | undefined {
  const tokens = commandLine.trim().split(/\s+/);
  if (!/(?:^|\/)git(?:\.exe)?$/.test(tokens[0] ?? '')) return undefined;
  let at = 1;
  while (at < tokens.length && tokens[at].startsWith('-')) at += GLOBAL_WITH_VALUE.has(tokens[at]) ? 2 : 1;
  const subcommand = tokens[at];
  if (!subcommand || subcommand.includes('${')) return undefined;
  const runs = Object.hasOwn(RUNS_A_COMMAND, subcommand);
  if (!runs && !Object.hasOwn(WRITES_A_FILE, subcommand)) return undefined;
  const found: GitOptionInjection = runs ? { op: 'shell.exec', subcommand, option: RUNS_A_COMMAND[subcommand] } : { op: 'fs.write', subcommand, option: WRITES_A_FILE[subcommand] };
  for (const token of tokens.slice(at + 1)) {
    if (token === '--' || token === '--end-of-options') return undefined;
    // A value of its own: it begins the argument (`${…}`, `${…}:${…}`), not `--format=${…}` or `-n${…}`.
    if (token.startsWith('${')) return found;
  }
  return undefined;
}
