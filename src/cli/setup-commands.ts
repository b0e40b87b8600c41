/** `leash print-config` and `leash init`. */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { EXIT_CLEAN, EXIT_ERROR, knownRuleIds, writeAtomically, type CliIO } from './common.js';

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

/** Writes starter files that do not exist yet; an existing file is kept and named. */
export async function init(hooks: boolean, io: CliIO): Promise<number> {
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
          roles: [],
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
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeAtomically(file, text);
    io.stdout(`wrote ${rel}\n`);
  }
  return EXIT_CLEAN;
}

