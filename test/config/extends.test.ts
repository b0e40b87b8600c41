import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLeash } from '../support/cli.js';
import { findConfig, loadConfig } from '../../src/config/load.js';
import { tempDir } from '../support/temp.js';

const RULES = ['no-free-form-shell', 'no-code-eval', 'require-typed-schema'];

async function leash(cwd: string, ...argv: string[]) {
  const { code, stdout: out, stderr: err } = await runLeash(cwd, argv);
  return { code, out, err };
}

describe('configuration like ESLint', () => {
  it('is found by walking up to the repository top, not beyond', () => {
    const repo = tempDir('leash-walk-');
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'packages', 'bot', 'src'), { recursive: true });
    writeFileSync(path.join(repo, 'leash.config.json'), '{}');
    expect(findConfig(path.join(repo, 'packages', 'bot', 'src'))).toBe(path.join(repo, 'leash.config.json'));
    const outside = tempDir('leash-walk-');
    mkdirSync(path.join(outside, 'inner', '.git'), { recursive: true });
    writeFileSync(path.join(outside, 'leash.config.json'), '{}');
    expect(findConfig(path.join(outside, 'inner'))).toBeUndefined();
  });

  it('extends presets and shared files, the file itself last; overrides are kept for the engine', () => {
    const dir = tempDir('leash-extends-');
    writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ rules: { 'no-code-eval': 'warning' }, exclude: ['dist/**'] }));
    writeFileSync(path.join(dir, 'leash.config.json'), JSON.stringify({ extends: ['leash:strict', './base.json'], rules: { 'require-typed-schema': 'off' }, overrides: [{ files: ['scripts/**'], rules: { 'no-free-form-shell': 'off' } }] }));
    const config = loadConfig(path.join(dir, 'leash.config.json'), RULES);
    expect(config.rules).toEqual({ 'no-free-form-shell': 'error', 'no-code-eval': 'warning', 'require-typed-schema': 'off' });
    expect(config.exclude).toEqual(['dist/**']);
    expect(config.overrides).toEqual([{ files: ['scripts/**'], rules: { 'no-free-form-shell': 'off' } }]);
    writeFileSync(path.join(dir, 'loop.json'), JSON.stringify({ extends: './leash.config.json' }));
    writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ extends: './loop.json' }));
    expect(() => loadConfig(path.join(dir, 'leash.config.json'), RULES)).toThrow(/extends .* back/);
  });

  it('print-config shows the effective settings; init writes starters and never overwrites', async () => {
    const dir = tempDir('leash-init-');
    const first = await leash(dir, 'init', '--hooks');
    expect(first.out).toBe('wrote leash.config.json\nwrote .husky/pre-commit\nwrote .github/workflows/leash.yml\n');
    writeFileSync(path.join(dir, 'leash.config.json'), JSON.stringify({ extends: 'leash:recommended', rules: { 'no-code-eval': 'warning' } }));
    expect((await leash(dir, 'init')).out).toBe('kept leash.config.json (it exists)\n');
    const printed = JSON.parse((await leash(dir, 'print-config')).out);
    expect(printed.rules['no-code-eval']).toBe('warning');
    expect(printed.rules['no-free-form-shell']).toBe('error');
  });
});

describe('init --roles', () => {
  it('proposes one role per agent from what it reaches; a later widening is reported by respect-role-scope', async () => {
    const dir = tempDir('leash-roles-');
    mkdirSync(path.join(dir, 'src'));
    const tools = `import { tool, ToolLoopAgent } from 'ai';
import { z } from 'zod';
import { readFile } from 'node:fs/promises';
export const readDoc = tool({ description: 'Read a doc', inputSchema: z.object({ name: z.enum(['faq', 'terms']) }), execute: async ({ name }) => readFile(\`docs/\${name}.md\`, 'utf8') });
export const helper = new ToolLoopAgent({ model: 'openai/gpt-5', tools: { readDoc } });
`;
    writeFileSync(path.join(dir, 'src/agent.ts'), tools);
    expect((await leash(dir, 'init', '--roles')).out).toBe('wrote leash.config.json\n');
    const config = JSON.parse(readFileSync(path.join(dir, 'leash.config.json'), 'utf8'));
    expect(config.roles).toEqual([{ name: 'helper', agents: ['agent:src/agent.ts#helper'], operations: ['fs.read'], tools: ['readDoc'], mcpServers: [], credentials: [] }]);
    expect((await leash(dir, '--format', 'compact')).out).not.toMatch(/respect-role-scope/);
    // The agent gains a shell tool: beyond the role it was given.
    writeFileSync(path.join(dir, 'src/agent.ts'), tools.replace("import { readFile } from 'node:fs/promises';", "import { readFile } from 'node:fs/promises';\nimport { execSync } from 'node:child_process';\nexport const sh = tool({ description: 'Run', inputSchema: z.object({ c: z.string() }), execute: async ({ c }) => execSync(c).toString() });").replace('tools: { readDoc }', 'tools: { readDoc, sh }'));
    expect((await leash(dir, '--format', 'compact')).out).toMatch(/respect-role-scope: Agent `helper` reaches beyond its role `helper`: operation `shell.exec` \(sh\), tool `sh`/);
  });
});

describe('per-path overrides in a scan', () => {
  const shellTool = `import { tool } from 'ai';
import { z } from 'zod';
import { execSync } from 'node:child_process';
export const run = tool({
  description: 'Run a shell command',
  inputSchema: z.object({ command: z.string() }),
  execute: async ({ command }) => execSync(command).toString(),
});
`;

  it('silences a rule only in the files the override names', async () => {
    const dir = tempDir('leash-overrides-');
    mkdirSync(path.join(dir, 'scripts'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ops', dependencies: { ai: '^5.0.0', zod: '^3.23.0' } }));
    writeFileSync(path.join(dir, 'scripts', 'local.ts'), shellTool);
    writeFileSync(path.join(dir, 'src', 'agent.ts'), shellTool);
    writeFileSync(path.join(dir, 'leash.config.json'), JSON.stringify({ overrides: [{ files: ['scripts/**'], rules: { 'no-free-form-shell': 'off' } }] }));
    const shellFiles = async () => {
      const report = JSON.parse((await leash(dir, '--format', 'json', '.')).out);
      return report.findings.filter((f: { ruleId: string }) => f.ruleId === 'no-free-form-shell').map((f: { location: { file: string } }) => f.location.file);
    };
    expect(await shellFiles()).toEqual(['src/agent.ts']);
    writeFileSync(path.join(dir, 'leash.config.json'), JSON.stringify({ rules: { 'no-free-form-shell': 'off' }, overrides: [{ files: ['scripts/**'], rules: { 'no-free-form-shell': 'warning' } }] }));
    expect(await shellFiles()).toEqual(['scripts/local.ts']);
  });
});
