import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tempDir } from '../support/temp.js';
import { describe, expect, it } from 'vitest';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, main, type CliIO } from '../../src/cli/main.js';
import { FIXTURES } from '../support/fixtures.js';

async function run(argv: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: { NO_COLOR: '1' }, isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const BAD = path.join(FIXTURES, 'no-free-form-shell', 'bad', 'ai-sdk-devops-helper');
const GOOD = path.join(FIXTURES, 'require-typed-schema', 'good', 'typed-tools');
const WARN_ONLY = path.join(FIXTURES, 'require-typed-schema', 'bad', 'crm-tools');

describe('leash CLI', () => {
  it('exits 0 on a clean project and says so', async () => {
    const { code, stdout } = await run([GOOD]);
    expect(code).toBe(EXIT_CLEAN);
    expect(stdout).toBe('✔ No problems found (2 agents, 4 tools in 4 files).\n');
  });

  it('never says "no problems" about a directory it found nothing to read in', async () => {
    const empty = tempDir('leash-empty-');
    writeFileSync(path.join(empty, 'notes.txt'), 'nothing for leash here');
    const { code, stdout } = await run([empty]);
    expect(code).toBe(EXIT_CLEAN);
    expect(stdout).toBe('⚠ Nothing scanned: no code, harness config or workflow files found (check the path, include and exclude).\n');
  });

  it('says what it could not resolve instead of a bare all-clear (a CallTool handler running tools listed in data)', async () => {
    const project = path.join(FIXTURES, 'projects', 'tools-listed-from-a-spec');
    const { code, stdout } = await run([project]);
    expect(code).toBe(EXIT_CLEAN);
    expect(stdout).toBe(
      '✔ No problems found in what leash could resolve (1 agent, 1 tool in 2 files).\n\n' +
        '⚠ Tools leash could not resolve (1 agent): what they do is checked only as far as leash could follow it.\n' +
        '  notes-api: the CallTool handler runs tools looked up by name in data leash could not list (src/server.ts:17)\n',
    );
    const json = JSON.parse((await run([project, '--format', 'json'])).stdout);
    expect(json.coverage.unresolved).toEqual([
      { agent: 'agent:src/server.ts#notes-api', reason: 'the CallTool handler runs tools looked up by name in data leash could not list', location: { file: 'src/server.ts', line: 17, column: 1, endLine: 23, endColumn: 3 } },
    ]);
  });

  it('analyses test files but reports their findings only with --include-tests', async () => {
    const project = path.join(FIXTURES, 'no-free-form-shell', 'good', 'shell-tool-in-tests');
    const plain = await run([project]);
    expect(plain.code).toBe(EXIT_CLEAN);
    expect(plain.stdout).toBe('✔ No problems found (1 agent, 2 tools in 3 files; 1 in test files not shown (--include-tests)).\n');
    const all = await run([project, '--include-tests']);
    expect(all.code).toBe(EXIT_FINDINGS);
    expect(all.stdout).toContain('test/agent.test.ts:9:35  error');
  });

  it('exits 1 on errors and shows the finding with code frame, path and help', async () => {
    const { code, stdout } = await run([BAD]);
    expect(code).toBe(EXIT_FINDINGS);
    expect(stdout).toContain('src/lib/process.ts:8:36  error  Agent `devops` can run arbitrary commands');
    expect(stdout).toContain('>  8 |   const { stdout, stderr } = await execAsync(command');
    expect(stdout).toContain('path: agent devops (src/agent.ts:5) → tool runCommand (src/tools/shell.ts:8) → runInRepo() (src/tools/shell.ts:8) → execAsync (src/lib/process.ts:8)');
    expect(stdout).toMatch(/docs: https:\/\/unpkg\.com\/leash-lint@[\d.]+\/rules\/no-free-form-shell\/README\.md/);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✖ 1 error, 1 warning (1 agent, 1 tool in 5 files).');
  });

  it('warnings alone exit 0, unless over --max-warnings; --quiet hides them', async () => {
    expect((await run([WARN_ONLY])).code).toBe(EXIT_CLEAN);
    expect((await run([WARN_ONLY, '--max-warnings', '2'])).code).toBe(EXIT_FINDINGS);
    expect((await run([WARN_ONLY, '--max-warnings', '3'])).code).toBe(EXIT_CLEAN);
    const quiet = await run([WARN_ONLY, '--quiet', '--max-warnings', '0']);
    expect(quiet.code).toBe(EXIT_CLEAN);
    expect(quiet.stdout).not.toContain('warning');
  });

  it('exits 2 on usage errors, unknown paths, unknown rules and bad configs', async () => {
    expect((await run(['--no-such-flag'])).code).toBe(EXIT_ERROR);
    expect((await run(['--format', 'xml', GOOD])).code).toBe(EXIT_ERROR);
    expect((await run(['does/not/exist'])).stderr).toBe('leash: no such file or directory: does/not/exist\n');
    const explain = await run(['explain', 'no-free-form-shel']);
    expect(explain.code).toBe(EXIT_ERROR);
    expect(explain.stderr).toContain('did you mean "no-free-form-shell"?');
    const dir = tempDir('leash-cli-');
    cpSync(GOOD, dir, { recursive: true });
    writeFileSync(path.join(dir, 'leash.config.json'), '{ "rules": { "no-free-form-shell": "loud" } }');
    const bad = await run([dir]);
    expect(bad.code).toBe(EXIT_ERROR);
    expect(bad.stderr).toBe('leash: invalid config\n  leash.config.json:1:14 rules.no-free-form-shell: must be one of "off", "note", "warning", "error"\n');
  });

  it('honours rule severities from the config', async () => {
    const dir = tempDir('leash-cli-');
    cpSync(BAD, dir, { recursive: true });
    writeFileSync(path.join(dir, 'leash.config.json'), '{ "rules": { "no-free-form-shell": "warning" } }');
    const { code, stdout } = await run([dir]);
    expect(code).toBe(EXIT_CLEAN);
    expect(stdout).toContain('  warning  Agent `devops`');
  });

  it('writes the JSON report to --output', async () => {
    const out = path.join(tempDir('leash-out-'), 'report.json');
    const { code, stdout } = await run([BAD, '--format', 'json', '--output', out]);
    expect(code).toBe(EXIT_FINDINGS);
    expect(stdout).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['require-audit-trail', 'no-free-form-shell']);
  });

  it('lists rules and explains one', async () => {
    const rules = await run(['rules']);
    expect(rules.stdout.split('\n').find((l) => l.startsWith('no-free-form-shell'))).toMatch(/^no-free-form-shell\s+error\s+operations\s+Model-controlled shell command$/);
    const explain = await run(['explain', 'no-code-eval']);
    expect(explain.code).toBe(EXIT_CLEAN);
    expect(explain.stdout.startsWith('# no-code-eval\n')).toBe(true);
  });
});

describe('CLI hygiene', () => {
  it('suggests the flag meant, validates numbers, names an unwritable output, honours FORCE_COLOR', async () => {
    const typo = await run([GOOD, '--formt', 'json']);
    expect(typo.code).toBe(EXIT_ERROR);
    expect(typo.stderr).toContain('Unknown argument: formt; did you mean --format?');
    const notNumber = await run([GOOD, '--max-warnings', 'many']);
    expect(notNumber.code).toBe(EXIT_ERROR);
    expect(notNumber.stderr).toContain('--max-warnings takes a whole number');
    const unwritable = await run([GOOD, '--format', 'json', '--output', path.join(tmpdir(), 'no-such-dir', 'x', 'report.json')]);
    expect(unwritable.code).toBe(EXIT_ERROR);
    expect(unwritable.stderr).toMatch(/^leash: cannot write .*report\.json: ENOENT/);
    let colored = '';
    const io: CliIO = { stdout: (t) => (colored += t), stderr: () => {}, cwd: process.cwd(), env: { FORCE_COLOR: '1' }, isTTY: false };
    await main([BAD], io);
    expect(colored).toContain('\u001b[');
  });

  it('writes several formats at once: the n-th --output takes the n-th --format, the rest goes to stdout', async () => {
    const out = path.join(tempDir('leash-multi-'), 'report.sarif');
    const { stdout } = await run([BAD, '--format', 'sarif', '--output', out, '--format', 'compact']);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
    expect(stdout).toMatch(/^src\/agent\.ts:5:23: warning require-audit-trail: [^\n]*\nsrc\/lib\/process\.ts:8:36: error no-free-form-shell: /);
  });
});
