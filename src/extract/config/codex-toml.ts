/**
 * Codex `config.toml` (`.codex/config.toml`): sandbox mode, approval policy, workspace-write
 * sandbox settings (also per profile), the shell environment policy and `[mcp_servers.*]`.
 * smol-toml gives no positions, so each key's line is found in the text.
 */
import type { GraphFragment } from '../../graph/build.js';
import { harnessAgentId } from '../../graph/ids.js';
import type { HarnessSettings, Location } from '../../graph/model.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { parseToml } from './toml-doc.js';
import { harnessName, serverFragment, type ServerEntry } from './mcp-servers.js';

const FILE = /(?:^|\/)\.codex\/config\.toml$/;

export const codexToml: ConfigExtractor = {
  id: 'codex-toml',
  matches: (path) => FILE.test(path),
  extract(file: SourceFile) {
    const fragment: GraphFragment = { nodes: [], edges: [] };
    const parsed = parseToml(file);
    if ('diagnostic' in parsed) return { fragment, diagnostics: [parsed.diagnostic] };
    const data = parsed.data;
    const find = new KeyFinder(file);
    const harness: HarnessSettings = { permissions: [], flags: [], sandbox: [], sources: [file.path] };
    const readScope = (scope: Record<string, unknown>, table: string) => {
      for (const key of ['sandbox_mode', 'approval_policy']) {
        if (typeof scope[key] === 'string') harness.flags.push({ name: key, value: scope[key] as string, location: find.key(table, key) });
      }
      const write = scope.sandbox_workspace_write as Record<string, unknown> | undefined;
      const writeTable = table ? `${table}.sandbox_workspace_write` : 'sandbox_workspace_write';
      if (write && typeof write === 'object') {
        if (typeof write.network_access === 'boolean') harness.sandbox.push({ setting: 'sandbox_workspace_write.network_access', value: String(write.network_access), location: find.key(writeTable, 'network_access') });
        for (const root of Array.isArray(write.writable_roots) ? write.writable_roots : []) if (typeof root === 'string') harness.sandbox.push({ setting: 'sandbox_workspace_write.writable_roots', value: root, location: find.key(writeTable, 'writable_roots') });
      }
    };
    readScope(data, '');
    for (const [name, profile] of Object.entries((data.profiles as Record<string, Record<string, unknown>>) ?? {})) if (profile && typeof profile === 'object') readScope(profile, `profiles.${name}`);
    const policy = data.shell_environment_policy as Record<string, unknown> | undefined;
    if (policy?.inherit === 'all' && policy.ignore_default_excludes !== false) harness.sandbox.push({ setting: 'shell_environment_policy.inherit', value: 'all', location: find.key('shell_environment_policy', 'inherit') });
    fragment.nodes.push({ id: harnessAgentId('codex'), kind: 'agent', name: harnessName('codex'), framework: 'codex', origin: 'harness', construct: 'config', location: find.line(1), harness });

    for (const [name, raw] of Object.entries((data.mcp_servers as Record<string, Record<string, unknown>>) ?? {})) {
      if (!raw || typeof raw !== 'object' || raw.enabled === false) continue;
      const table = `mcp_servers.${name}`;
      const at = (key: string) => find.key(table, key);
      const entry: ServerEntry = {
        name,
        loc: find.table(table),
        ...(typeof raw.command === 'string' ? { command: { value: raw.command, loc: at('command') } } : {}),
        args: (Array.isArray(raw.args) ? raw.args : []).filter((a): a is string => typeof a === 'string').map((value) => ({ value, loc: at('args') })),
        ...(typeof raw.url === 'string' ? { url: { value: raw.url, loc: at('url') } } : {}),
        env: Object.entries((raw.env as Record<string, unknown>) ?? {}).flatMap(([key, value]) => (typeof value === 'string' ? [{ key, value, loc: at('env') }] : [])),
        headers: Object.entries((raw.http_headers as Record<string, unknown>) ?? {}).flatMap(([key, value]) => (typeof value === 'string' ? [{ key, value, loc: at('http_headers') }] : [])),
        passThrough: [
          ...(Array.isArray(raw.env_vars) ? raw.env_vars : []).filter((v): v is string => typeof v === 'string').map((value) => ({ key: 'env_vars', value, loc: at('env_vars') })),
          ...(typeof raw.bearer_token_env_var === 'string' ? [{ key: 'bearer_token_env_var', value: raw.bearer_token_env_var, loc: at('bearer_token_env_var') }] : []),
        ],
        ...(Array.isArray(raw.enabled_tools) ? { allowedTools: raw.enabled_tools.filter((t): t is string => typeof t === 'string') } : {}),
      };
      const part = serverFragment('codex', file.path, entry);
      fragment.nodes.push(...part.nodes);
      fragment.edges.push(...part.edges);
    }
    return { fragment, diagnostics: [] };
  },
};

/** Finds `key = ...` under `[table]` (or at the top) in TOML text, for positions. */
class KeyFinder {
  private readonly lines: string[];

  constructor(private readonly file: SourceFile) {
    this.lines = file.text.split('\n');
  }

  line(n: number): Location {
    return { file: this.file.path, line: n, column: 1, endLine: n, endColumn: (this.lines[n - 1]?.length ?? 0) + 1 };
  }

  table(table: string): Location {
    const index = this.lines.findIndex((l) => l.trim() === `[${table}]` || l.trim() === `[${quoted(table)}]`);
    return this.line(index >= 0 ? index + 1 : 1);
  }

  key(table: string, key: string): Location {
    let current = '';
    for (let i = 0; i < this.lines.length; i++) {
      const text = this.lines[i].trim();
      const header = /^\[([^\]]+)\]$/.exec(text);
      if (header) current = header[1].replace(/"/g, '');
      else if (current === table && new RegExp(`^${key}\\s*=`).test(text)) {
        const column = this.lines[i].indexOf(key) + 1;
        return { file: this.file.path, line: i + 1, column, endLine: i + 1, endColumn: this.lines[i].length + 1 };
      } else if (!table.includes('.') && table && current === '' && text.startsWith(`${table}.${key}`)) return this.line(i + 1);
    }
    return this.table(table);
  }
}

function quoted(table: string): string {
  const [head, ...rest] = table.split('.');
  return rest.length ? `${head}."${rest.join('.')}"` : table;
}
