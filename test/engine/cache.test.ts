import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    factsUnchanged: Number(/(\d+) changed without changing their facts/.exec(stderr)?.[1] ?? 0),
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

  it('keeps the analysis when changed files keep their facts (a comment added at the end), and links again when they do not', async () => {
    const cold = await run();
    const ops = path.join(project, 'src', 'tools', 'ops.ts');
    const original = readFileSync(ops, 'utf8');
    writeFileSync(ops, original + '\n// reviewed\n');
    const commented = await run();
    expect([commented.whole, commented.factsUnchanged]).toEqual([true, 1]);
    expect(commented.stdout).toBe(cold.stdout);
    expect(commented.stdout).toBe((await run('--no-cache')).stdout);
    // The other files' facts are still in the pack: the next real edit parses only the edited file.
    writeFileSync(ops, original + '\nexport const reviewedAt = "2026-11-30";\n');
    const edited = await run();
    expect([edited.whole, edited.factsUnchanged]).toEqual([false, 0]);
    expect(edited.hits).toBe(edited.analysed - 1);
    expect(edited.stdout).toBe((await run('--no-cache')).stdout);
  });

  it('chooses the files again when a change moves what the import scan reads, even where the facts stay the same', async () => {
    // A module nothing imports is not analysed.
    writeFileSync(path.join(project, 'src', 'notes.ts'), 'export const notes = ["check the queue"];\n');
    const cold = await run();
    const ops = path.join(project, 'src', 'tools', 'ops.ts');
    const original = readFileSync(ops, 'utf8');
    // Text the import scan reads as an import (it does not parse), in a comment the facts ignore.
    writeFileSync(ops, original + "\n// notes live in import('../notes.js')\n");
    const rescanned = await run();
    expect([rescanned.whole, rescanned.analysed]).toEqual([false, cold.analysed + 1]);
    expect(rescanned.stdout).toBe((await run('--no-cache')).stdout);
    // A comment the scan does not read keeps the stored result.
    writeFileSync(ops, original + "\n// notes live in import('../notes.js')\n// reviewed\n");
    expect((await run()).whole).toBe(true);
  });

  it('a few changed files go to a small delta pack; the base pack is not rewritten until it is worth compacting', async () => {
    await run();
    const packs = () => Object.fromEntries(readdirSync(cache).filter((n) => n.startsWith('facts-')).map((n) => [n.replace(/^facts-\w+/, 'facts'), statSync(path.join(cache, n))]));
    const base = packs()['facts.bin'];
    expect(Object.keys(packs())).toEqual(['facts.bin']);
    const ops = path.join(project, 'src', 'tools', 'ops.ts');
    writeFileSync(ops, '// edited\n' + readFileSync(ops, 'utf8'));
    const edited = await run();
    expect(Object.keys(packs()).sort()).toEqual(['facts.bin', 'facts.delta.bin']);
    // Same base file, untouched: only the edited file's facts were written.
    expect(packs()['facts.bin'].mtimeMs).toBe(base.mtimeMs);
    expect(packs()['facts.delta.bin'].size).toBeLessThan(base.size);
    // Another file changes: the first edit's facts come from the delta, only the new edit is parsed.
    const agents = path.join(project, 'src', 'agents', 'ops.ts');
    writeFileSync(agents, '// edited\n' + readFileSync(agents, 'utf8'));
    const again = await run();
    expect(again.hits).toBe(edited.analysed - 1);
    expect(again.stdout).toBe((await run('--no-cache')).stdout);
    // A broken delta is ignored: the two files whose facts it held are parsed again, nothing else.
    writeFileSync(path.join(cache, readdirSync(cache).find((n) => n.endsWith('.delta.bin'))!), 'not a cache');
    writeFileSync(ops, '// edited twice\n' + readFileSync(ops, 'utf8'));
    const recovered = await run();
    expect(recovered.hits).toBe(recovered.analysed - 2);
  });

  it('--no-cache reads and writes nothing', async () => {
    await run('--no-cache');
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('facts packs', () => {
  it('compacts into one pack once the delta passes its share of the base', async () => {
    const { openFactsCache } = await import('../../src/link/facts-cache.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leash-packs-'));
    try {
      const facts = (file: string) => ({ file, imports: [], exports: [], bindings: {}, functions: {}, classes: {}, tools: [], agents: [], servers: [], secrets: [], topLevel: { id: `${file}:<module>`, name: '<module>', loc: { file, line: 1, column: 1, endLine: 1, endColumn: 1 }, params: [], calls: [], returns: [], envReads: [] } });
      const files = (n: number, tag: string) => Array.from({ length: n }, (_, i) => [`f${i}.ts`, `${tag}${i}`] as const);
      const runWith = (entries: readonly (readonly [string, string])[]) => {
        const c = openFactsCache(dir, 'v', '/root');
        for (const [file, text] of entries) if (!c.get(file, text)) c.set(file, text, facts(file) as never);
        c.flush();
        return c.hits;
      };
      const names = () => readdirSync(dir).map((n) => n.replace(/^facts-\w+/, 'facts')).sort();
      expect(runWith(files(100, 'a'))).toBe(0);
      expect(names()).toEqual(['facts.bin']);
      // Two files change: a delta.
      const two = [...files(100, 'a').slice(0, 98), ...files(100, 'b').slice(98)];
      expect(runWith(two)).toBe(98);
      expect(names()).toEqual(['facts.bin', 'facts.delta.bin']);
      expect(runWith(two)).toBe(100);
      // Half the files change: past the share, one compacted pack again.
      const half = [...files(100, 'a').slice(0, 50), ...files(100, 'c').slice(50)];
      expect(runWith(half)).toBe(50);
      expect(names()).toEqual(['facts.bin']);
      expect(runWith(half)).toBe(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads an entry only when asked: damage to one entry costs that entry, a damaged index the pack', async () => {
    const { openFactsCache } = await import('../../src/link/facts-cache.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leash-packs-'));
    try {
      const facts = (file: string) => ({ file, imports: [], exports: [], bindings: {}, functions: {}, classes: {}, tools: [], agents: [], servers: [], secrets: [], topLevel: { id: `${file}:<module>`, name: '<module>', loc: { file, line: 1, column: 1, endLine: 1, endColumn: 1 }, params: [], calls: [], returns: [], envReads: [] } });
      const first = openFactsCache(dir, 'v', '/root');
      for (const name of ['a.ts', 'b.ts', 'c.ts']) first.set(name, name, facts(name) as never);
      first.flush();
      const packFile = path.join(dir, readdirSync(dir)[0]);
      const original = readFileSync(packFile);
      // The header is 19 bytes; the first entry's facts start right after it.
      const damaged = Buffer.from(original);
      damaged.fill(0xff, 19, 27);
      writeFileSync(packFile, damaged);
      const second = openFactsCache(dir, 'v', '/root');
      expect(['a.ts', 'b.ts', 'c.ts'].map((n) => second.get(n, n)?.file)).toEqual([undefined, 'b.ts', 'c.ts']);
      // A truncated pack has no index to read: it is an empty pack, not an error.
      writeFileSync(packFile, original.subarray(0, original.length - 3));
      const third = openFactsCache(dir, 'v', '/root');
      expect(['a.ts', 'b.ts', 'c.ts'].map((n) => third.get(n, n)?.file)).toEqual([undefined, undefined, undefined]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('code cache', () => {
  it('compiles a module once, runs it from the cache after, and recompiles when the cache is damaged', async () => {
    const { requireWithCodeCache, saveCodeCache } = await import('../../src/extract/code/typescript.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leash-code-cache-'));
    try {
      const file = path.join(dir, 'parser.cjs');
      writeFileSync(file, "const path = require('node:path');\nexports.parse = (text) => text.split(path.sep === '/' ? ' ' : ' ').length;\n");
      const cacheFile = path.join(dir, 'cache', 'parser.v8cache');
      const first = requireWithCodeCache(file, cacheFile) as { exports: { parse(text: string): number }; unsaved?: Parameters<typeof saveCodeCache>[0] };
      expect(first.exports.parse('a b c')).toBe(3);
      // No cache yet: the compiled code is to be saved.
      expect(first.unsaved).toBeDefined();
      saveCodeCache(first.unsaved!);
      expect(statSync(cacheFile).size).toBeGreaterThan(0);
      const second = requireWithCodeCache(file, cacheFile) as typeof first;
      expect([second.exports.parse('a b'), second.unsaved]).toEqual([2, undefined]);
      // A damaged cache is rejected by V8: the module still runs, and the cache is to be written
      // again. (The source changes too: V8 keeps what this process compiled and would not look.)
      writeFileSync(file, readFileSync(file, 'utf8') + '// changed\n');
      writeFileSync(cacheFile, 'not a code cache');
      const third = requireWithCodeCache(file, cacheFile) as typeof first;
      expect(third.exports.parse('a')).toBe(1);
      expect(third.unsaved).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
