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
  return {
    stdout,
    analysed: Number(/(\d+) code files analysed/.exec(stderr)?.[1]),
    hits: Number(/\((\d+) from the cache\)/.exec(stderr)?.[1] ?? 0),
    whole: stderr.includes('the whole analysis from the cache'),
  };
}

describe('facts cache', () => {
  it('reuses the whole analysis of an unchanged tree and gives the same report, byte for byte', async () => {
    const cold = await run();
    expect([cold.hits, cold.whole]).toEqual([0, false]);
    const warm = await run();
    expect(warm.whole).toBe(true);
    expect(warm.stdout).toBe(cold.stdout);
  });

  it('parses only a changed file again, and survives a corrupt cache', async () => {
    const cold = await run();
    const ops = path.join(project, 'src', 'tools', 'ops.ts');
    writeFileSync(ops, '// edited\n' + readFileSync(ops, 'utf8'));
    const edited = await run();
    expect(edited.whole).toBe(false);
    expect(edited.analysed).toBe(cold.analysed);
    expect(edited.hits).toBe(cold.analysed - 1);
    // A change to a file that is not code (a tsconfig can change module resolution) misses too.
    writeFileSync(path.join(project, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
    expect((await run()).whole).toBe(false);
    for (const name of readdirSync(cache)) writeFileSync(path.join(cache, name), 'not a cache');
    const recovered = await run();
    expect(recovered.hits).toBe(0);
    expect(recovered.stdout).toBe((await run('--no-cache')).stdout);
  });

  it('--no-cache reads and writes nothing', async () => {
    await run('--no-cache');
    expect(readdirSync(cache)).toEqual([]);
  });
});
