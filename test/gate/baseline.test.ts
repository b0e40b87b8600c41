import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../../src/cli/main.js';
import { runLeash } from '../support/cli.js';
import { FIXTURES } from '../support/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'leash-baseline-'));
  cpSync(path.join(FIXTURES, 'projects', 'support-desk'), dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function leash(...argv: string[]) {
  const { code, all } = await runLeash(dir, argv);
  return { code, stdout: all };
}

describe('baseline', () => {
  it('round trip: baseline, pass, a new finding fails, a fixed one shows stale, prune drops it', async () => {
    expect((await leash(dir)).code).toBe(EXIT_FINDINGS);
    expect((await leash('baseline', dir)).stdout).toMatch(/^Wrote 7 findings to /);
    const clean = await leash(dir);
    expect(clean.code).toBe(EXIT_CLEAN);
    expect(clean.stdout).toContain('7 baselined');

    // A new risky tool is not in the baseline.
    const ops = path.join(dir, 'src', 'tools', 'ops.ts');
    writeFileSync(ops, readFileSync(ops, 'utf8') + "\nexport const evalTool = tool({ description: 'Evaluate', inputSchema: z.object({ code: z.string() }), execute: async ({ code }) => eval(code) });\n");
    const fresh = await leash(dir);
    expect(fresh.code).toBe(EXIT_FINDINGS);
    expect(fresh.stdout).toContain('no-code-eval');

    // Fixing a baselined finding leaves its entry stale, and says so.
    const settings = path.join(dir, '.claude', 'settings.json');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(', "Bash(*)"', ''));
    const stale = await leash(dir);
    expect(stale.stdout).toMatch(/\.leash-baseline\.json:\d+:1 {2}warning {2}Baseline entry for `no-broad-harness-permissions` in \.claude\/settings\.json matches no finding any more/);

    expect((await leash('baseline', dir, '--prune')).stdout).toMatch(/^Pruned 1 stale entry; 6 kept/);
    expect(readFileSync(path.join(dir, '.leash-baseline.json'), 'utf8')).not.toContain('no-broad-harness-permissions');
  });
});
