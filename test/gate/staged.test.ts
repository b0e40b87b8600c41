import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, main, type CliIO } from '../../src/cli/main.js';

/**
 * The pre-commit and pull-request gates, end to end in a git repository the test creates: they
 * judge what will be committed (the index), and a change anywhere on a finding's path counts.
 */
let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  writeFileSync(path.join(repo, rel), text);
};

async function leash(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: repo, env: { NO_COLOR: '1' }, isTTY: false };
  const code = await main([repo, ...argv], io);
  return { code, stdout, stderr };
}

const SHELL_HELPER = "import { execSync } from 'node:child_process';\nexport const run = (command: string) => execSync(command, { encoding: 'utf8' });\n";
const SAFE_TOOLS = [
  "import { tool } from 'ai';",
  "import { z } from 'zod';",
  "export const status = tool({ description: 'Service status', inputSchema: z.object({ service: z.enum(['api', 'web']) }), execute: async ({ service }) => ({ service, up: true }) });",
  '',
].join('\n');
const RISKY_TOOLS = [
  "import { tool } from 'ai';",
  "import { z } from 'zod';",
  "import { run } from './shell.js';",
  "export const status = tool({ description: 'Service status', inputSchema: z.object({ service: z.enum(['api', 'web']) }), execute: async ({ service }) => ({ service, up: true }) });",
  "export const shell = tool({ description: 'Run a command', inputSchema: z.object({ command: z.string() }), execute: async ({ command }) => run(command) });",
  '',
].join('\n');
const AGENT = "import { generateText } from 'ai';\nimport * as tools from './tools.js';\nexport const ask = (prompt: string) => generateText({ model: 'openai/gpt-5', tools: { ...tools }, prompt });\n";

beforeEach(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'leash-gate-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  write('package.json', JSON.stringify({ name: 'ops-bot', type: 'module', dependencies: { ai: '^6.0.0', zod: '^4.0.0' } }));
  write('src/shell.ts', SHELL_HELPER);
  write('src/tools.ts', SAFE_TOOLS);
  write('src/agent.ts', AGENT);
  write('README.md', '# ops bot\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('--staged', () => {
  it('judges the staged version: a risky tool staged and fixed only in the working tree still fails', async () => {
    write('src/tools.ts', RISKY_TOOLS);
    git('add', 'src/tools.ts');
    write('src/tools.ts', SAFE_TOOLS); // the fix is not staged
    const { code, stdout } = await leash('--staged');
    expect(code).toBe(EXIT_FINDINGS);
    expect(stdout).toContain('no-free-form-shell');
  });

  it('reports a new staged tool that calls an unchanged shell helper', async () => {
    write('src/tools.ts', RISKY_TOOLS);
    git('add', 'src/tools.ts');
    const { code, stdout } = await leash('--staged');
    expect(code).toBe(EXIT_FINDINGS);
    expect(stdout).toContain('src/shell.ts:2');
  });

  it('passes an unrelated staged change, and says when nothing is staged', async () => {
    expect((await leash('--staged')).stdout).toBe('No staged files to check.\n');
    write('README.md', '# ops bot\n\nNow with docs.\n');
    git('add', 'README.md');
    const { code } = await leash('--staged');
    expect(code).toBe(EXIT_CLEAN);
  });
});

describe('--changed-since', () => {
  it('reports findings whose path crosses the change, and passes unrelated changes', async () => {
    git('checkout', '-q', '-b', 'feature');
    write('README.md', '# ops bot\n\nUnrelated.\n');
    git('commit', '-q', '-am', 'docs');
    expect((await leash('--changed-since', 'main')).code).toBe(EXIT_CLEAN);
    write('src/tools.ts', RISKY_TOOLS);
    git('commit', '-q', '-am', 'shell tool');
    const { code, stdout } = await leash('--changed-since', 'main');
    expect(code).toBe(EXIT_FINDINGS);
    expect(stdout).toContain('no-free-form-shell');
  });
});

describe('outside a git repository', () => {
  it('says so clearly and exits 2', async () => {
    rmSync(path.join(repo, '.git'), { recursive: true, force: true });
    const { code, stderr } = await leash('--staged');
    expect(code).toBe(EXIT_ERROR);
    expect(stderr).toMatch(/^leash: cannot list changed files \(is .* in a git repository\?\)/);
  });
});
