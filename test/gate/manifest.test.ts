import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runLeash } from '../support/cli.js';
import { FIXTURES } from '../support/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'leash-lock-'));
  cpSync(path.join(FIXTURES, 'projects', 'support-desk'), dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function leash(...argv: string[]) {
  const { code, all } = await runLeash(dir, argv);
  return { code, out: all };
}

const drift = (out: string) => out.split('\n').filter((l) => l.includes('access-manifest-drift') && /  (?:error|note)  /.test(l));

describe('access manifest', () => {
  it('round trip: lock, no drift, widen a tool, drift reported, narrow, notice', async () => {
    expect((await leash('lock', dir)).out).toMatch(/^Wrote the access of 4 agents to /);
    expect(readFileSync(path.join(dir, 'leash-access.yaml'), 'utf8')).toContain('agent:src/agents/ops.ts#on-call:');
    expect(drift((await leash(dir)).out)).toEqual([]);

    // Widen: the on-call agent gets a new tool that writes files.
    const ops = path.join(dir, 'src', 'tools', 'ops.ts');
    const original = readFileSync(ops, 'utf8');
    writeFileSync(ops, "import { writeFile } from 'node:fs/promises';\n" + original + "\nexport const saveNote = tool({ description: 'Save a note', inputSchema: z.object({ text: z.string() }), execute: async ({ text }) => writeFile('/srv/notes/today.md', text) });\n");
    const agents = path.join(dir, 'src', 'agents', 'ops.ts');
    const agentsText = readFileSync(agents, 'utf8');
    writeFileSync(agents, agentsText.replace('ticketStats: tools.ticketStats,', 'ticketStats: tools.ticketStats,\n    saveNote: tools.saveNote,'));
    const widened = drift((await leash(dir)).out);
    expect(widened.some((l) => /error {2}Agent `on-call` can do more than the committed manifest says \(tool added: saveNote\)/.test(l))).toBe(true);
    expect(widened.some((l) => /operation added: fs\.write \(constant\)/.test(l))).toBe(true);

    // Narrow: back to the committed code, minus a tool.
    writeFileSync(ops, original);
    writeFileSync(agents, agentsText.replace('    ticketStats: tools.ticketStats,\n', ''));
    const narrowed = drift((await leash(dir)).out);
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.every((l) => /^leash-access\.yaml:1:1 {2}note {2}Agent `on-call` can do less/.test(l))).toBe(true);
    expect(narrowed.join('\n')).toContain('tool removed: ticketStats');
  });
});

describe('a hand-written or broken manifest', () => {
  it('tracks only the lists it has, and a wrong shape is a clear error naming the key', async () => {
    await leash('lock', dir);
    const agents = path.join(dir, 'src', 'agents', 'ops.ts');
    writeFileSync(agents, readFileSync(agents, 'utf8').replace('    ticketStats: tools.ticketStats,\n', ''));
    // Only tools are tracked for on-call: the removed tool is noticed, nothing else is compared.
    writeFileSync(path.join(dir, 'leash-access.yaml'), "version: 1\nagents:\n  'agent:src/agents/ops.ts#on-call':\n    tools: [ticketStats, restartService, pageOnCall]\n");
    const partial = await leash(dir);
    expect(partial.out).not.toContain('parse-error');
    expect(drift(partial.out).join('\n')).toContain('tool removed: ticketStats');
    expect(drift(partial.out).join('\n')).not.toMatch(/operation|credential|resource/);

    writeFileSync(path.join(dir, 'leash-access.yaml'), "version: 1\nagents:\n  'agent:src/agents/ops.ts#on-call':\n    tools: ticketStats\n");
    const broken = await leash(dir);
    expect(broken.code).toBe(2);
    expect(broken.out).toBe("leash: invalid access manifest leash-access.yaml: agents.agent:src/agents/ops.ts#on-call.tools: Invalid input: expected array, received string\n");
  });
});

describe('leash diff', () => {
  it('compares the access at a git ref with the working tree, without touching either', async () => {
    const { execFileSync } = await import('node:child_process');
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.email=d@example.com', '-c', 'user.name=d', 'commit', '-qm', 'base');
    expect((await leash('diff', 'HEAD', dir)).out).toBe('## leash: agent access unchanged since `HEAD`\n');
    const agents = path.join(dir, 'src', 'agents', 'ops.ts');
    writeFileSync(agents, readFileSync(agents, 'utf8').replace('    restartService: tools.restartService,\n', ''));
    git('-c', 'user.email=d@example.com', '-c', 'user.name=d', 'commit', '-qam', 'narrow');
    writeFileSync(path.join(dir, 'README.md'), 'uncommitted work stays as it is\n');
    const { code, out } = await leash('diff', 'HEAD~1', dir);
    expect(code).toBe(0);
    expect(out).toContain('### on-call');
    expect(out).toContain('- narrowed: tool removed: restartService');
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('uncommitted work stays as it is\n');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toBe(' M README.md\n');
    const json = JSON.parse((await leash('diff', 'HEAD~1', dir, '--format', 'json')).out);
    expect(json.changes.some((c: { direction: string; what: string }) => c.direction === 'narrowed' && c.what === 'tool removed: restartService')).toBe(true);
  });
});
