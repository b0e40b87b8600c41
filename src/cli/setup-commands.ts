/** `leash print-config` and `leash init [--hooks] [--roles]`. */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { EXIT_CLEAN, EXIT_ERROR, knownRuleIds, prepareScan, writeAtomically, type CliIO } from './common.js';

export async function printConfig(dir: string | undefined, configOption: string | undefined, io: CliIO): Promise<number> {
  const [{ loadConfig, findConfig, ConfigError }, { allRules, metaRules }, ids] = await Promise.all([import('../config/load.js'), import('../../rules/index.js'), knownRuleIds()]);
  const root = path.resolve(io.cwd, dir ?? '.');
  const file = configOption ? path.resolve(io.cwd, configOption) : findConfig(root);
  try {
    const config = loadConfig(file, ids);
    const effective = Object.fromEntries([...allRules.map((r) => r.meta), ...metaRules].map((m) => [m.id, config.rules[m.id] ?? m.defaultSeverity]).sort(([a], [b]) => a.localeCompare(b)));
    io.stdout(JSON.stringify({ file: file ? path.relative(io.cwd, file) || file : null, ...config, rules: effective }, null, 2) + '\n');
    return EXIT_CLEAN;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`leash: invalid config\n${error.messages.map((m) => `  ${m}`).join('\n')}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}

/** A role proposed from what one agent reaches today: its operations, tools, servers and credentials. */
export interface ProposedRole {
  name: string;
  agents: string[];
  operations: string[];
  tools: string[];
  mcpServers: string[];
  credentials: string[];
}

/**
 * One role per agent the scan finds, narrowed to exactly what it reaches now: a starting point
 * that a team then names and trims. Assigned by agent id, so a second agent is never swept in.
 */
export async function proposeRoles(io: CliIO): Promise<ProposedRole[] | undefined> {
  const prepared = await prepareScan({}, io);
  if (!prepared) return undefined;
  const { buildInventory } = await import('../graph/access.js');
  const result = prepared.scanAt(prepared.target.root);
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  return buildInventory(result.graph, result.findings).agents.map((agent) => ({
    name: agent.name,
    agents: [agent.id],
    operations: sorted(agent.operations.map((o) => o.operation)),
    tools: sorted(agent.tools.map((t) => t.name)),
    // Roles name servers as people do (`github`), not by graph id.
    mcpServers: sorted(agent.mcpServers.map((id) => result.graph.node(id)?.name ?? id)),
    credentials: sorted(agent.credentials.map((c) => c.reference)),
  }));
}

/** Writes starter files that do not exist yet; an existing file is kept and named. */
export async function init(hooks: boolean, io: CliIO, withRoles = false): Promise<number> {
  const roles = withRoles ? await proposeRoles(io) : [];
  if (!roles) return EXIT_ERROR;
  const files: [string, string][] = [
    [
      'leash.config.json',
      JSON.stringify(
        {
          $schema: './node_modules/leash-lint/schema/leash.config.schema.json',
          extends: 'leash:recommended',
          rules: {},
          exclude: ['**/dist/**'],
          exceptions: [],
          roles,
        },
        null,
        2,
      ) + '\n',
    ],
  ];
  if (hooks) {
    files.push(['.husky/pre-commit', 'npx leash --staged\n']);
    files.push([
      '.github/workflows/leash.yml',
      [
        'name: leash',
        'on: [pull_request, push]',
        'permissions:',
        '  contents: read',
        '  security-events: write',
        'jobs:',
        '  leash:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '        with: { fetch-depth: 0 }',
        '      - uses: actions/setup-node@v4',
        '        with: { node-version: 22 }',
        '      - run: npx --yes leash-lint --format sarif --output leash.sarif --format pretty',
        '      - if: always()',
        '        uses: github/codeql-action/upload-sarif@v3',
        '        with: { sarif_file: leash.sarif, category: leash }',
        '',
      ].join('\n'),
    ]);
  }
  for (const [rel, text] of files) {
    const file = path.join(io.cwd, rel);
    if (existsSync(file)) {
      io.stdout(`kept ${rel} (it exists)\n`);
      // The roles are still worth having: printed for the team to merge by hand.
      if (rel === 'leash.config.json' && withRoles) io.stdout(`proposed roles (add them to "roles" in ${rel}):\n${JSON.stringify(roles, null, 2)}\n`);
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeAtomically(file, text);
    io.stdout(`wrote ${rel}\n`);
  }
  return EXIT_CLEAN;
}

