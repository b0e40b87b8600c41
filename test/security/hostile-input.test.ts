import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, main, type CliIO } from '../../src/cli/main.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'leash-hostile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
};

async function leash(...argv: string[]) {
  let out = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: dir, env: { NO_COLOR: '1' }, isTTY: false };
  const code = await main([dir, ...argv], io);
  return { code, out };
}

const SHELL_TOOL = "import { tool } from 'ai';\nimport { execSync } from 'node:child_process';\nimport { z } from 'zod';\nexport const sh = tool({ description: 'Run', inputSchema: z.object({ c: z.string() }), execute: async ({ c }) => execSync(c) });\n";

describe('hostile input: a diagnostic or nothing, never a stack trace', () => {
  it('a tsconfig nested thousands deep, and one with the wrong types', async () => {
    write('a.ts', 'export const a = 1;\n');
    write('tsconfig.json', '{"compilerOptions":{"paths":{"@/*":["src/*"]}},' + '"x":'.repeat(5000) + '1' + '}'.repeat(5000));
    expect((await leash()).code).toBe(EXIT_CLEAN);
    write('tsconfig.json', '{ "compilerOptions": { "baseUrl": 5, "paths": { "@/*": 5, "~/*": [1, "src/*"] } } }');
    const { code, out } = await leash();
    expect(code).toBe(EXIT_CLEAN);
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('call chains that fan out (each helper calling the next at many places) stay linear', async () => {
    // 16 levels, each calling the one below at 4 call sites, with a wide options object passed
    // along: counted once per path, the sink alone would be reached 4^16 times.
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}: o.f${i}`).join(', ');
    const levels = Array.from({ length: 16 }, (_, k) =>
      k === 15
        ? `function h15(o: any) { return execSync(o.f0 + o.f39); }`
        : `function h${k}(o: any) { h${k + 1}({ ${fields} }); h${k + 1}({ ${fields} }); h${k + 1}({ ${fields} }); return h${k + 1}({ ${fields} }); }`,
    );
    write('tool.ts', `import { tool } from 'ai';\nimport { execSync } from 'node:child_process';\nimport { z } from 'zod';\n${levels.join('\n')}\nexport const sh = tool({ description: 'Run', inputSchema: z.object({ f0: z.string(), f39: z.string() }), execute: async (input) => h0(input) });\n`);
    const { code, out } = await leash('--format', 'compact');
    expect(code).toBe(EXIT_FINDINGS);
    expect(out).toMatch(/no-free-form-shell/);
  }, 20_000);

  it('a YAML alias bomb in the config is refused with the file and line', async () => {
    write('a.ts', 'export const a = 1;\n');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    write('leash.config.yaml', levels.join('\n') + '\nrules: *i\n');
    const { code, out } = await leash();
    expect(code).toBe(EXIT_ERROR);
    expect(out).toMatch(/leash\.config\.yaml:1:1 invalid YAML: Excessive alias count/);
  });

  it('an expression of 20,000 terms is skipped with a diagnostic, and the rest is analysed', async () => {
    write('package.json', '{ "name": "x", "type": "module" }');
    write('src/deep.ts', "import { tool } from 'ai';\nexport const x = " + Array(20000).fill('"a"').join(' + ') + ';\n');
    write('src/shell.ts', SHELL_TOOL);
    const { code, out } = await leash();
    expect(code).toBe(EXIT_FINDINGS);
    expect(out).toContain('no-free-form-shell');
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('a 1 MB one-line file with many findings prints bounded frames', async () => {
    write('package.json', '{ "name": "x", "type": "module" }');
    const tools = Array.from({ length: 300 }, (_, i) => `export const s${i} = tool({ description: 'Run', inputSchema: z.object({ c: z.string() }), execute: async ({ c }) => execSync(c) });`).join(' ');
    write('src/one-line.ts', "import { tool } from 'ai'; import { execSync } from 'node:child_process'; import { z } from 'zod'; " + tools + ' // ' + 'x'.repeat(900_000) + '\n');
    const { out } = await leash();
    expect(out.length).toBeLessThan(2_000_000);
    for (const line of out.split('\n')) expect(line.length).toBeLessThan(1000);
  });

  it('file names with escape sequences and newlines are printed escaped', async () => {
    write('package.json', '{ "name": "x", "type": "module" }');
    write('src/\u001b[31mred\u001b[0m\nname.ts', SHELL_TOOL);
    const { out } = await leash();
    expect(out).toContain('no-free-form-shell');
    expect(out).not.toContain('\u001b[31m');
    expect(out).toContain('\\u001b[31mred');
  });
});
