/**
 * Coding-agent CLIs that application code starts with approvals off: a template literal
 * `claude --dangerously-skip-permissions …` handed to `exec`, an argv list `['-p', '--force']` for
 * `cursor-agent`, `args.push('--yolo')` before `gemini ${args.join(' ')}`. Each launching file gets
 * an agent of its own ("Claude Code started by lib/agents/claude.ts"): the flags are that
 * process's, not the repository's settings.
 *
 * This reads the code's text, not its syntax tree: the flags are distinctive strings, and the files
 * that launch agent CLIs are often not ones the code analysis chooses to parse (they import no
 * agent SDK). What keeps it precise: the flag sits in a string on a line that is not a comment and
 * not a log message, the CLI it belongs to is named in a string on the same line or nearby, and
 * the file starts processes.
 */
import type { GraphFragment } from '../../graph/build.js';
import { launchedAgentId } from '../../graph/ids.js';
import type { Location } from '../../graph/model.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { harnessOfCli, type CliFlag } from './agent-cli.js';
import { harnessName } from './mcp-servers.js';

const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Flags that switch a CLI's approvals off, with the CLIs they belong to (undefined: any). */
const FLAGS: { pattern: RegExp; name: string; value?: string; clis?: RegExp; owner?: string }[] = [
  // Flags no other program has name their CLI themselves: the code may find the binary at run
  // time (`process.env.CLAUDE_CLI_NAME || 'claude'` in a helper far away).
  { pattern: /--dangerously-skip-permissions\b/, name: '--dangerously-skip-permissions', clis: /^claude$/, owner: 'claude' },
  { pattern: /--dangerously-bypass-approvals-and-sandbox\b/, name: '--dangerously-bypass-approvals-and-sandbox', clis: /^codex$/, owner: 'codex' },
  { pattern: /--allow-all-tools\b/, name: '--allow-all-tools', clis: /^copilot$/ },
  { pattern: /--yolo\b/, name: '--yolo' },
  { pattern: /--approval-mode['",\s=]+yolo\b/, name: '--approval-mode', value: 'yolo' },
  { pattern: /--permission-mode['",\s=]+bypassPermissions\b/, name: '--permission-mode', value: 'bypassPermissions', clis: /^claude$/, owner: 'claude' },
  { pattern: /(?:--sandbox|-s)['",\s=]+danger-full-access\b/, name: '--sandbox', value: 'danger-full-access', clis: /^codex$/, owner: 'codex' },
  // `--force` means "run everything" only to cursor-agent; to git or npm it means something else.
  { pattern: /(?<![\w-])--force\b(?!-)/, name: '--force', value: 'cursor', clis: /^cursor-agent$/ },
];

/** Text every flag above contains: one pass over a file that holds none of them, instead of one per flag. */
const ANY_FLAG = /--(?:dangerously-|allow-all-tools|yolo|approval-mode|permission-mode|force)|danger-full-access/;

/** An agent CLI named inside a string: `'copilot'`, `` `gemini ${args}` ``, `'/usr/local/bin/cursor-agent'`. */
const CLI_NAME = /(?:^|[\s'"`/])(claude|codex|gemini|qwen|opencode|cursor-agent|copilot)(?=['"`\s]|$)/g;

/** A call that starts a process, by any of the usual names (`spawn`, `execa`, `runCommandInSandbox`). */
const STARTS_PROCESS = /(?<![.\w])(?:spawn\w*|exec\w*|run\w*Command\w*|Command)\s*\(|\$`|\bcmd\s*:|['"](?:node:)?child_process['"]|['"](?:execa|zx|cross-spawn|node-pty|@vercel\/sandbox|e2b|@e2b\/[\w-]+|@daytonaio\/sdk)['"]/;
/**
 * Lines that only report what happens: comments, log messages, and a command line rebuilt for a
 * log (`const logCommand = \`cursor-agent -p --force …\``, `redactedCommand`).
 */
const MESSAGE_LINE = /^\s*(?:\/\/|\/?\*)|\b(?:console|logger|log|debug)\.\w+\s*\(|\b(?:log|warn|info|debug)(?:[A-Z]\w*)?\s*\(|\b(?:log|redacted|display|print)(?:[A-Z]\w*)?\s*=[^=]/;
/** Text right before a flag the code looks for rather than passes: `args.includes('--yolo')`, `flag === '--force'`. */
const CHECKS_FLAG = /(?:\.(?:includes|indexOf|has|startsWith|endsWith)\(\s*|[!=]==?\s*)['"`]$/;
/** A list of flags to refuse: `const BLOCKED = new Set(['--yolo'])`, `deniedFlags: [...]`. */
const DENYLIST_LINE = /[\w$]*(?:block|deny|denied|forbid|banned|disallow|reject|refuse)[\w$]*\s*(?::[^=]*)?=(?!=)/i;
/** Text before a flag that hands it to a command line: inside an array literal, or pushed onto one. */
const IN_ARGV = /\[[^\]]*$|\.(?:push|unshift|concat)\([^)]*$/;
/** Commands whose `--force` is their own, when written on the flag's line. */
const OTHER_CLI = /['"`\s](?:git|npm|pnpm|yarn|bun|docker|kubectl|helm|rm|cp|mv|ln|gh|terraform)['"`\s,]/;

/** How far from the flag the CLI's name may be written (an argv list built before the spawn call). */
const NEAR_LINES = 40;

export const agentLaunches: ConfigExtractor = {
  id: 'agent-launches',
  readsCode: true,
  matches: (path) => CODE_FILE.test(path) && !/\.d\.[cm]?ts$/.test(path) && !/(?:^|\/)node_modules\//.test(path),
  extract(file: SourceFile) {
    const fragment: GraphFragment = { nodes: [], edges: [] };
    if (!ANY_FLAG.test(file.text) || !FLAGS.some((f) => f.pattern.test(file.text)) || !STARTS_PROCESS.test(file.text)) return { fragment, diagnostics: [] };
    const lines = file.text.split('\n');
    const names = cliNames(lines);
    const byHarness = new Map<string, CliFlag[]>();
    const launchedAt = new Map<string, Location>();
    for (const [index, line] of lines.entries()) {
      if (MESSAGE_LINE.test(line) || DENYLIST_LINE.test(line)) continue;
      for (const flag of FLAGS) {
        const m = flag.pattern.exec(line);
        if (!m || !insideString(line, m.index) || CHECKS_FLAG.test(line.slice(0, m.index))) continue;
        // `git push --force` near a cursor-agent launch is git's flag.
        if (flag.name === '--force' && OTHER_CLI.test(line)) continue;
        // A flag only its own CLI has names that CLI, when the code hands it to a command line.
        const cli = nearestCli(names, index, flag.clis) ?? (flag.owner && IN_ARGV.test(line.slice(0, m.index)) ? flag.owner : undefined);
        if (!cli) continue;
        const harness = harnessOfCli(cli);
        if (!harness) continue;
        const flags = byHarness.get(harness) ?? [];
        // One finding per flag and CLI: the first place it is written.
        if (flags.some((f) => f.name === flag.name)) continue;
        const location: Location = { file: file.path, line: index + 1, column: m.index + 1, endLine: index + 1, endColumn: m.index + 1 + m[0].length };
        flags.push({ name: flag.name, value: flag.value ?? flag.name, location });
        byHarness.set(harness, flags);
        if (!launchedAt.has(harness)) launchedAt.set(harness, launchLine(names, index, cli, file.path) ?? location);
      }
    }
    for (const [harness, flags] of byHarness) {
      fragment.nodes.push({
        id: launchedAgentId(file.path, harness),
        kind: 'agent',
        name: `${harnessName(harness).replace(/ in this repository$/, '')} started by ${file.path}`,
        framework: harness,
        origin: 'harness',
        construct: 'process',
        location: launchedAt.get(harness) ?? flags[0].location,
        harness: { permissions: [], flags, sandbox: [], sources: [file.path] },
      });
    }
    return { fragment, diagnostics: [] };
  },
};

/** Every agent CLI named in a string, with its line. */
function cliNames(lines: string[]): { line: number; cli: string }[] {
  const found: { line: number; cli: string }[] = [];
  for (const [index, line] of lines.entries()) {
    if (MESSAGE_LINE.test(line)) continue;
    for (const m of line.matchAll(CLI_NAME)) if (insideString(line, (m.index ?? 0) + m[0].indexOf(m[1]))) found.push({ line: index, cli: m[1] });
  }
  return found;
}

/** The CLI named closest to a flag (the same line first), among those the flag belongs to. */
function nearestCli(names: { line: number; cli: string }[], line: number, clis: RegExp | undefined): string | undefined {
  let best: { distance: number; cli: string } | undefined;
  for (const name of names) {
    if (clis && !clis.test(name.cli)) continue;
    const distance = Math.abs(name.line - line);
    if (distance <= NEAR_LINES && (!best || distance < best.distance)) best = { distance, cli: name.cli };
  }
  return best?.cli;
}

/**
 * Where the process is started: the CLI named on the flag's own line (`\`claude
 * --dangerously-skip-permissions …\``), else the first place after it that names the CLI (an argv
 * list built first, then `runCommand({ cmd: 'copilot', args })`), else the flag itself.
 */
function launchLine(names: { line: number; cli: string }[], flagLine: number, cli: string, file: string): Location | undefined {
  const own = names.filter((n) => n.cli === cli);
  const at = own.find((n) => n.line === flagLine) ?? own.find((n) => n.line > flagLine && n.line - flagLine <= NEAR_LINES);
  return at ? { file, line: at.line + 1, column: 1, endLine: at.line + 1, endColumn: 1 } : undefined;
}

/** Whether a position on a line lies inside a quoted string or template (an odd number of quotes before it). */
function insideString(line: string, at: number): boolean {
  const before = line.slice(0, at);
  for (const quote of ["'", '"', '`']) if ((before.split(quote).length - 1) % 2 === 1) return true;
  return false;
}
