import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import { FIXTURES } from '../support/fixtures.js';

let project: string;
let cache: string;
beforeEach(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'leash-cached-'));
  cache = mkdtempSync(path.join(os.tmpdir(), 'leash-cache-'));
  cpSync(path.join(FIXTURES, 'projects', 'support-desk'), project, { recursive: true });
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

async function run(...extra: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: project, env: { NO_COLOR: '1' }, isTTY: false };
  await main([project, '--format', 'json', '--cache-location', cache, '--timing', ...extra], io);
  return { stdout, hits: Number(/\((\d+) from the cache\)/.exec(stderr)?.[1]) };
}

describe('facts cache', () => {
  it('answers unchanged files from the cache and gives the same report, byte for byte', async () => {
    const cold = await run();
    expect(cold.hits).toBe(0);
    const warm = await run();
    expect(warm.hits).toBeGreaterThan(5);
    expect(warm.stdout).toBe(cold.stdout);
  });

  it('parses a changed file again, and survives a corrupt cache', async () => {
    await run();
    const before = (await run()).hits;
    const ops = path.join(project, 'src', 'tools', 'ops.ts');
    writeFileSync(ops, '// edited\n' + readFileSync(ops, 'utf8'));
    const edited = await run();
    expect(edited.hits).toBe(before - 1);
    for (const name of readdirSync(cache)) writeFileSync(path.join(cache, name), 'not a cache');
    const recovered = await run();
    expect(recovered.hits).toBe(0);
    expect(JSON.parse(recovered.stdout).findings.length).toBe(JSON.parse(edited.stdout).findings.length);
  });

  it('--no-cache reads and writes nothing', async () => {
    await run('--no-cache');
    expect(readdirSync(cache)).toEqual([]);
  });
});
