/**
 * Gemini CLI policy-engine files: TOML with `[[rule]]` tables (`toolName`, `commandPrefix`,
 * `commandRegex`, `argsPattern`, `mcpName`, `decision`, `priority`). They live in
 * `~/.gemini/policies/`, a workspace's `.gemini/policies/`, or anywhere a launch passes with
 * `--policy` / `--admin-policy`, so they are recognised by what they say, not by where they are.
 * Each rule becomes a permission of the Gemini CLI harness agent, written the way the other
 * harnesses' rules are (`Bash`, `Bash(git:*)`, `Write`), so the permission rules read one language.
 */
import type { GraphFragment } from '../../graph/build.js';
import { harnessAgentId } from '../../graph/ids.js';
import type { HarnessSettings, Location, PermissionRule } from '../../graph/model.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { parseToml } from './toml-doc.js';
import { harnessName } from './mcp-servers.js';

const HARNESS = 'gemini-cli';
/** Codex's `config.toml` has its own reader; every other TOML file is checked for policy rules. */
const CODEX = /(?:^|\/)\.codex\/config\.toml$/;
const RULE_TABLE = /^\s*\[\[\s*rule\s*\]\]/m;

/** Gemini's built-in tool names, spelt as the permission rules of the other harnesses spell them. */
const TOOL_AS_RULE: Record<string, string> = {
  run_shell_command: 'Bash',
  write_file: 'Write',
  replace: 'Edit',
  web_fetch: 'WebFetch',
  read_file: 'Read',
  read_many_files: 'Read',
};

export const geminiPolicy: ConfigExtractor = {
  id: 'gemini-policy',
  matches: (path) => path.endsWith('.toml') && !CODEX.test(path),
  extract(file: SourceFile) {
    const fragment: GraphFragment = { nodes: [], edges: [] };
    if (!RULE_TABLE.test(file.text)) return { fragment, diagnostics: [] };
    const parsed = parseToml(file);
    if ('diagnostic' in parsed) return { fragment, diagnostics: [parsed.diagnostic] };
    const data = parsed.data;
    const tables = Array.isArray(data.rule) ? (data.rule as unknown[]) : [];
    const rules = tables.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object');
    // A TOML file with `[[rule]]` tables that are not about tools (some linter's config) is not a policy.
    if (!rules.some((r) => typeof r.decision === 'string' && ('toolName' in r || 'commandPrefix' in r || 'commandRegex' in r || 'mcpName' in r))) return { fragment, diagnostics: [] };
    const lines = new RuleLines(file);
    const harness: HarnessSettings = { permissions: [], flags: [], sandbox: [], sources: [file.path] };
    rules.forEach((rule, index) => harness.permissions.push(...permissionsOf(rule, index, lines)));
    if (harness.permissions.length === 0) return { fragment, diagnostics: [] };
    fragment.nodes.push({ id: harnessAgentId(HARNESS), kind: 'agent', name: harnessName(HARNESS), framework: HARNESS, origin: 'harness', construct: 'config', harness });
    return { fragment, diagnostics: [] };
  },
};

function permissionsOf(rule: Record<string, unknown>, index: number, lines: RuleLines): PermissionRule[] {
  const effect = rule.decision === 'allow' ? 'allow' : rule.decision === 'deny' ? 'deny' : rule.decision === 'ask_user' ? 'ask' : undefined;
  if (!effect) return [];
  const strings = (value: unknown) => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const prefixes = strings(rule.commandPrefix);
  // `commandPrefix` and `commandRegex` imply the shell tool.
  const tools = strings(rule.toolName);
  if (tools.length === 0 && (prefixes.length || typeof rule.commandRegex === 'string')) tools.push('run_shell_command');
  const at = lines.key(index, tools.length && 'toolName' in rule ? 'toolName' : prefixes.length ? 'commandPrefix' : 'commandRegex');
  const server = typeof rule.mcpName === 'string' ? rule.mcpName : undefined;
  const out: PermissionRule[] = [];
  for (const tool of tools) {
    if (server) {
      out.push({ rule: tool === '*' ? `mcp__${server}` : `mcp__${server}__${tool}`, effect, location: at });
      continue;
    }
    const name = TOOL_AS_RULE[tool] ?? tool;
    if (tool === 'run_shell_command') {
      if (prefixes.length) for (const prefix of prefixes) out.push({ rule: `Bash(${prefix}:*)`, effect, location: lines.key(index, 'commandPrefix') });
      // A regex or an arguments pattern narrows the rule to commands leash cannot enumerate: an
      // allow of that kind is neither proof of a bare shell nor of a narrow one, so it is not read
      // as either; a deny or ask of it still only narrows.
      else if (typeof rule.commandRegex === 'string' || typeof rule.argsPattern === 'string') continue;
      else out.push({ rule: name, effect, location: at });
      continue;
    }
    // An argsPattern narrows any other tool to calls leash cannot enumerate either.
    if (typeof rule.argsPattern === 'string' && effect === 'allow') continue;
    out.push({ rule: name, effect, location: at });
  }
  return out;
}

/** Finds the line of a key in the n-th `[[rule]]` table (smol-toml gives no positions). */
class RuleLines {
  private readonly lines: string[];
  private readonly starts: number[] = [];

  constructor(private readonly file: SourceFile) {
    this.lines = file.text.split('\n');
    this.lines.forEach((line, i) => {
      if (/^\s*\[\[\s*rule\s*\]\]/.test(line)) this.starts.push(i);
    });
  }

  key(index: number, key: string): Location {
    const start = this.starts[index] ?? 0;
    const end = this.starts[index + 1] ?? this.lines.length;
    for (let i = start; i < end; i++) {
      if (new RegExp(`^\\s*${key}\\s*=`).test(this.lines[i])) return this.line(i + 1);
    }
    return this.line(start + 1);
  }

  private line(n: number): Location {
    return { file: this.file.path, line: n, column: 1, endLine: n, endColumn: (this.lines[n - 1]?.length ?? 0) + 1 };
  }
}
