/**
 * Agent command lines in scripts and CI steps: which harness a command starts, and the flags that
 * switch its approvals or sandbox off, each with the position of the flag itself.
 */
import { harnessAgentId } from '../../graph/ids.js';
import type { Location } from '../../graph/model.js';

/** A command starting a coding agent CLI (directly, through npx, or a package runner). */
export const AGENT_CLI = /(?:^|[\s;&|(`$'"])(?:npx\s+(?:-y\s+)?(?:@anthropic-ai\/claude-code|@openai\/codex|@google\/gemini-cli)(?:@[\w.-]+)?|claude|codex|gemini|opencode|cursor-agent|copilot|qwen|amp)(?=\s|$)/m;

const HARNESS_OF: [RegExp, string][] = [
  [/claude/, 'claude-code'],
  [/codex/, 'codex'],
  [/gemini|qwen/, 'gemini-cli'],
  [/opencode/, 'opencode'],
  [/cursor-agent/, 'cursor'],
  [/copilot/, 'copilot-cli'],
  [/amp/, 'amp'],
];

const DANGEROUS = /(--dangerously-skip-permissions|--dangerously-bypass-approvals-and-sandbox|--yolo|--allow-all-tools|--allow-all\b|(?:--permission-mode)[ =]+bypassPermissions|(?:--approval-mode)[ =]+yolo|(?:--sandbox|-s)[ =]+danger-full-access|-c\s+approval_policy=["']?never|--force|-y(?=\s|$))/g;

/**
 * Flags that by themselves say an agent CLI runs with its approvals off, whatever binary path the
 * code found the CLI at: an argv holding one starts an agent that runs any command it is asked to.
 */
const UNIQUE_APPROVALS_OFF = /(?:^|\s)(?:--dangerously-skip-permissions|--dangerously-bypass-approvals-and-sandbox|--permission-mode[ =]+bypassPermissions|(?:--sandbox|-s)[ =]+danger-full-access|-c\s+approval_policy=["']?never)(?=\s|$|["'])/;
/** Flags other programs may have too (`--yolo`): approvals off only on an agent CLI's command line. */
const SHARED_APPROVALS_OFF = /(?:^|\s)(?:--yolo|--allow-all-tools|--approval-mode[ =]+yolo)(?=\s|$)/;
const AGENT_BINARY = /(?:^|\/)(?:claude|codex|gemini|qwen|opencode|cursor-agent|copilot|amp)$/;

/**
 * The approvals-off flag of an agent CLI's command line (`claude --dangerously-skip-permissions -p
 * …`), or undefined. A flag other programs share counts when the binary is an agent CLI or is only
 * known at run time.
 */
export function approvalsOffFlag(argv: string, binary: string, binaryKnown: boolean): string | undefined {
  const unique = UNIQUE_APPROVALS_OFF.exec(argv)?.[0].trim();
  if (unique) return unique;
  if (binaryKnown && !AGENT_BINARY.test(binary.trim())) return undefined;
  return SHARED_APPROVALS_OFF.exec(argv)?.[0].trim();
}

export interface CliFlag {
  name: string;
  value: string;
  location: Location;
}

/**
 * The dangerous flags of every agent command in a piece of shell. Lines that are comments or that
 * only print text (`echo`, `printf`) are skipped. `locate` maps an offset in `text` to a location.
 */
export function cliFlags(text: string, locate: (offset: number, length: number) => Location): CliFlag[] {
  const flags: CliFlag[] = [];
  forEachAgentCommand(text, (command, cli, at) => {
    for (const m of command.matchAll(DANGEROUS)) {
      const [name, ...rest] = m[1].split(/[ =]+/);
      // `-y` means "yes to npx" right after npx; for gemini it is --yolo. `--force` is cursor-agent's.
      if (name === '-y' && !/gemini|qwen/.test(cli)) continue;
      if (name === '--force' && !/cursor-agent/.test(cli)) continue;
      flags.push({ name: name === '-y' ? '--yolo' : name === '--force' ? '--force' : name, value: name === '--force' ? 'cursor' : rest.join(' ').replace(/^["']|["']$/g, '') || name, location: locate(at + (m.index ?? 0), m[1].length) });
    }
  });
  return flags;
}

/**
 * Each line of shell that starts an agent CLI (not a comment, not an `echo` / `printf` of text):
 * the line from the command on, the CLI as written, and the command's offset in `text`.
 */
function forEachAgentCommand(text: string, visit: (command: string, cli: string, at: number) => void): void {
  let offset = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const command = AGENT_CLI.exec(line);
    if (command && !trimmed.startsWith('#') && !/^(?:echo|printf)\b/.test(trimmed)) visit(line.slice(command.index), command[0].trim(), offset + command.index);
    offset += line.length + 1;
  }
}

export interface CliPermission {
  rule: string;
  effect: 'allow' | 'deny';
  location: Location;
}

/** `--allowedTools X`, `--allowed-tools=X`, `--disallowedTools X`: a list of permission rules. */
const TOOL_LIST_FLAG = /--(allowed|disallowed)(?:Tools|-tools)(?:[ =]+)/g;

/**
 * The permission rules given on agent command lines (`claude -p … --allowed-tools 'Bash(git:*),Edit'`),
 * each at its flag. The list may be quoted, also inside a `bash -c '…'` string (`'\''…'\''`).
 */
export function cliPermissions(text: string, locate: (offset: number, length: number) => Location): CliPermission[] {
  const found: CliPermission[] = [];
  forEachAgentCommand(text, (command, _cli, at) => {
    for (const m of command.matchAll(TOOL_LIST_FLAG)) {
      const value = toolList(command.slice((m.index ?? 0) + m[0].length));
      const location = locate(at + (m.index ?? 0), m[0].trimEnd().length);
      for (const rule of splitRules(value)) found.push({ rule, effect: m[1] === 'allowed' ? 'allow' : 'deny', location });
    }
  });
  return found;
}

/** The list that starts a string: up to its closing quote, or the next blank when unquoted. */
function toolList(rest: string): string {
  const escaped = /^'\\''([^']*)'\\''/.exec(rest);
  if (escaped) return escaped[1];
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  if (quoted) return quoted[2];
  return /^\S*/.exec(rest)?.[0] ?? '';
}

/** `Bash(npm test:*),Edit WebFetch`: rules separated by commas or spaces, but not inside parentheses. */
export function splitRules(text: string): string[] {
  const rules: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[,\s]/.test(c)) {
      if (current.trim()) rules.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) rules.push(current.trim());
  return rules;
}

/** The harness a command line starts. */
export function harnessOf(commandLine: string): string | undefined {
  return harnessOfCli(AGENT_CLI.exec(commandLine)?.[0] ?? '');
}

/** The harness an agent CLI as written belongs to: `claude` → `claude-code`, `cursor-agent` → `cursor`. */
export function harnessOfCli(cli: string): string | undefined {
  return HARNESS_OF.find(([pattern]) => pattern.test(cli))?.[1];
}

export function harnessIdOf(commandLine: string): string | undefined {
  const harness = harnessOf(commandLine);
  return harness ? harnessAgentId(harness) : undefined;
}
