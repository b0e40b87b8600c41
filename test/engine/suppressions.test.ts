import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import { FIXTURES } from '../support/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'leash-suppress-'));
  cpSync(path.join(FIXTURES, 'projects', 'support-desk'), dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function findings() {
  let out = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: () => {}, cwd: dir, env: { NO_COLOR: '1' }, isTTY: false };
  await main([dir, '--format', 'json'], io);
  return (JSON.parse(out).findings as { ruleId: string; message: string; location: { file: string; line: number } }[]).map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}${f.ruleId.endsWith('suppression') ? ` ${f.message}` : ''}`);
}

const prepend = (rel: string, line: string) => writeFileSync(path.join(dir, rel), line + '\n' + readFileSync(path.join(dir, rel), 'utf8'));

describe('suppressions with accountability', () => {
  it('an expiry date: applies until then, reports again after', async () => {
    const before = await findings();
    const sql = before.find((f) => f.includes('no-raw-sql'))!;
    const [file, line] = sql.split(' ')[0].split(':');
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.splice(Number(line) - 1, 0, '  // leash-ignore-next-line no-raw-sql -- until 2999-01-01: the stats view is read-only');
    writeFileSync(path.join(dir, file), lines.join('\n'));
    expect((await findings()).some((f) => f.includes('no-raw-sql'))).toBe(false);
    writeFileSync(path.join(dir, file), lines.join('\n').replace('2999-01-01', '2020-01-01'));
    const after = await findings();
    expect(after.some((f) => f.endsWith('no-raw-sql'))).toBe(true);
    expect(after.some((f) => /invalid-suppression Suppression of no-raw-sql expired on 2020-01-01/.test(f))).toBe(true);
  });

  it('a file-level suppression covers the whole file', async () => {
    prepend('src/tools/ops.ts', '// leash-ignore-file no-raw-sql -- reporting database, read replica only');
    expect((await findings()).some((f) => f.includes('no-raw-sql'))).toBe(false);
  });

  it('config exceptions cover files that cannot carry comments, until they expire', async () => {
    const config = (until: string) => JSON.stringify({ exceptions: [{ path: '.mcp.json', rule: 'no-unpinned-mcp-server', reason: 'pinned by the lock file of the dev container', until }] });
    writeFileSync(path.join(dir, 'leash.config.json'), config('2999-12-31'));
    expect((await findings()).some((f) => f.includes('no-unpinned-mcp-server'))).toBe(false);
    writeFileSync(path.join(dir, 'leash.config.json'), config('2020-12-31'));
    expect((await findings()).some((f) => f.includes('no-unpinned-mcp-server'))).toBe(true);
  });
});
