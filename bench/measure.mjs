// One measured run in a fresh process: `node bench/measure.mjs floor <dir>` or
// `node bench/measure.mjs leash <dir> [leash flags...]`. Prints {wallMs, cpuMs, maxRssMiB} as JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { codeFiles } from './code-files.mjs';

const [mode, dir, ...flags] = process.argv.slice(2);
const started = performance.now();

if (mode === 'floor') {
  // The floor: read every code file of the tree and parse it with TypeScript, dropping each AST.
  const ts = createRequire(import.meta.url)('typescript');
  for (const file of codeFiles(dir)) ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
} else {
  const { main } = await import('../dist/src/cli/main.js');
  const io = { stdout: () => {}, stderr: () => {}, cwd: dir, env: { NO_COLOR: '1' }, isTTY: false };
  await main([dir, '--format', 'json', ...flags], io);
}

const usage = process.resourceUsage();
console.log(JSON.stringify({ wallMs: performance.now() - started, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMiB: usage.maxRSS / 1024 }));

