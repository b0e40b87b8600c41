// The benchmark, on real code and on generated monorepos of three sizes. Every figure is a ratio
// to the parse floor measured in the same run on the same tree (read every code file and parse it
// with TypeScript), so results compare across machines. Each measurement runs in a fresh process.
//
//   npm run bench                   # real published agent code + generated trees at 1x, 4x, 16x
//   npm run bench -- --base 500     # size of the 1x generated tree (default 1,000 files)
//   npm run bench -- <directory>    # any tree, e.g. a checkout of a real agent repository
//
// Rows: cold scan (empty cache), warm repeat, one file touched (a comment appended: its facts do
// not change), one file edited (an export appended: its facts change, so the link runs again), and `--staged` with one
// staged file (warm cache, git index) — wall time, CPU and peak memory, each against the floor's.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { codeFiles } from './code-files.mjs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const baseArg = args.indexOf('--base');
const base = baseArg >= 0 ? Number(args[baseArg + 1]) : 1000;
const dirArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--base');
const RUNS = 3;

const trees = dirArg
  ? [{ name: path.basename(dirArg), dir: path.resolve(dirArg) }]
  : [{ name: 'real (published agent SDK and MCP code)', dir: realTree() }, ...[1, 4, 16].map((k) => ({ name: `generated ${k}x`, dir: generate(base * k) }))];

const rows = [];
for (const tree of trees) rows.push(measureTree(tree));
console.log(table(rows));

function measureTree({ name, dir }) {
  const cache = mkdtempSync(path.join(tmpdir(), 'leash-bench-cache-'));
  const floor = median(() => run('floor', dir));
  const cold = median(() => {
    rmSync(cache, { recursive: true, force: true });
    return run('leash', dir, '--cache-location', cache);
  });
  run('leash', dir, '--cache-location', cache); // fill the cache
  const warm = median(() => run('leash', dir, '--cache-location', cache));
  const touched = touchOneFile(dir);
  const oneFile = median(() => {
    writeFileSync(touched.file, touched.text + `\n// touched ${Math.random()}\n`);
    return run('leash', dir, '--cache-location', cache);
  });
  // An edit that changes what the file says (code, not a comment): the link runs again.
  const edited = median(() => {
    // A new export each time: the file's facts change, so the stored result cannot be kept. (A
    // statement that calls nothing and exports nothing may leave the facts as they were.)
    writeFileSync(touched.file, touched.text + `\nexport const leashBenchEdit${Math.random().toString(36).slice(2)} = 1;\n`);
    return run('leash', dir, '--cache-location', cache);
  });
  writeFileSync(touched.file, touched.text);
  const staged = stagedRun(dir, cache, touched);
  rmSync(cache, { recursive: true, force: true });
  return { name, files: countCode(dir), floor, cold, warm, oneFile, edited, staged };
}

/** A git repository of the tree, one file changed and staged, scanned with `--staged` (warm cache). */
function stagedRun(dir, cache, touched) {
  const git = (...a) => execFileSync('git', a, { cwd: dir, stdio: 'pipe' });
  if (!existsSync(path.join(dir, '.git'))) {
    git('init', '-q');
    git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'add', '-A');
    git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'bench');
  }
  run('leash', dir, '--cache-location', cache);
  // A new staged change for every sample: a pre-commit run follows an edit, never repeats one.
  const result = median(() => {
    writeFileSync(touched.file, touched.text + `\n// staged change ${Math.random()}\n`);
    git('add', path.relative(dir, touched.file));
    return run('leash', dir, '--staged', '--cache-location', cache);
  });
  git('reset', '-q', 'HEAD', '--', path.relative(dir, touched.file));
  writeFileSync(touched.file, touched.text);
  return result;
}

function run(mode, dir, ...flags) {
  const out = execFileSync(process.execPath, [path.join(here, 'measure.mjs'), mode, dir, ...flags], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop());
}

function median(sample) {
  const all = Array.from({ length: RUNS }, sample).sort((a, b) => a.wallMs - b.wallMs);
  return all[Math.floor(all.length / 2)];
}

/**
 * A file leash really analyses: where the first tool of the report is defined. A file picked by
 * name could be one leash skips (build output beside its source), and touching it would measure
 * nothing.
 */
function touchOneFile(dir) {
  // Exit 1 (findings) is expected: read stdout whatever the status.
  const scan = spawnSync(process.execPath, [path.join(here, '..', 'bin', 'leash.js'), dir, '--format', 'json', '--no-cache'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const report = JSON.parse(scan.stdout || '{}');
  const defined = report.tools?.find((t) => t.location?.file)?.location.file;
  const file = defined ? path.join(dir, defined) : codeFiles(dir)[0];
  return { file, text: readFileSync(file, 'utf8') };
}

function table(rows) {
  const r = (a, b) => (a / b).toFixed(2);
  const lines = ['| tree | code files | floor wall | cold | warm | one file touched (comment) | one file edited (code) | --staged (1 file, comment) | cold CPU | peak memory cold / floor |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const x of rows) {
    lines.push(`| ${x.name} | ${x.files} | ${Math.round(x.floor.wallMs)} ms | ${r(x.cold.wallMs, x.floor.wallMs)}x (${Math.round(x.cold.wallMs)} ms) | ${r(x.warm.wallMs, x.floor.wallMs)}x | ${r(x.oneFile.wallMs, x.floor.wallMs)}x | ${r(x.edited.wallMs, x.floor.wallMs)}x | ${r(x.staged.wallMs, x.floor.wallMs)}x (${Math.round(x.staged.wallMs)} ms) | ${r(x.cold.cpuMs, x.floor.cpuMs)}x | ${r(x.cold.maxRssMiB, x.floor.maxRssMiB)}x (${Math.round(x.cold.maxRssMiB)} / ${Math.round(x.floor.maxRssMiB)} MiB) |`);
  }
  return lines.join('\n');
}

/**
 * Real code that runs offline: the published builds of agent SDKs and the MCP SDK installed as
 * devDependencies, copied into one tree (discovery skips node_modules) as a monorepo's packages.
 */
function realTree() {
  const dir = mkdtempSync(path.join(tmpdir(), 'leash-bench-real-'));
  const packages = ['@openai/agents-core', '@openai/agents-openai', '@modelcontextprotocol/sdk', '@langchain/langgraph', '@langchain/core', 'ai', '@mastra/core', 'mcp-server-commands', '@modelcontextprotocol/server-filesystem', '@modelcontextprotocol/server-memory'];
  for (const name of packages) {
    const from = path.join(here, '..', 'node_modules', name);
    if (!existsSync(from)) continue;
    cpSync(from, path.join(dir, 'packages', name.replace('/', '__')), { recursive: true, filter: (src) => !/\.(?:map|d\.[cm]?ts)$/.test(src) && !path.relative(from, src).split(path.sep).includes('node_modules') });
  }
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "bench-real", "private": true }\n');
  return dir;
}

function countCode(dir) {
  return codeFiles(dir).length;
}


/**
 * A monorepo shaped like real agent apps: most files are ordinary application code; one in ten
 * defines tools (with helpers in other modules), one in fifty defines an agent.
 */
function generate(count) {
  const dir = mkdtempSync(path.join(tmpdir(), 'leash-bench-'));
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  write('package.json', '{ "name": "bench-monorepo", "private": true, "type": "module" }\n');
  for (let i = 0; i < count; i++) {
    const pkg = `packages/p${i % 40}`;
    if (i % 10 === 0) {
      write(`${pkg}/src/tools/t${i}.ts`, toolFile(i));
      write(`${pkg}/src/lib/h${i}.ts`, helperFile(i));
    } else if (i % 50 === 1) write(`${pkg}/src/agents/a${i}.ts`, agentFile(i));
    else write(`${pkg}/src/app/m${i}.ts`, appFile(i));
  }
  return dir;
}

function toolFile(i) {
  return `import { tool } from 'ai';
import { z } from 'zod';
import { run${i} } from '../lib/h${i}.js';

export const search${i} = tool({
  description: 'Search records of kind ${i}',
  inputSchema: z.object({ query: z.string(), limit: z.number().int().max(50) }),
  execute: async ({ query, limit }) => run${i}(query, limit),
});

export const status${i} = tool({
  description: 'Show status',
  inputSchema: z.object({ service: z.enum(['api', 'worker']) }),
  execute: async ({ service }) => \`\${service} ok\`,
});
`;
}

function helperFile(i) {
  return `import { readFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve('/srv/data/${i}');

export async function run${i}(query: string, limit: number): Promise<string[]> {
  const file = path.resolve(ROOT, 'index.json');
  const rows: string[] = JSON.parse(await readFile(file, 'utf8'));
  return rows.filter((row) => row.includes(query)).slice(0, limit);
}
`;
}

function agentFile(i) {
  const tools = Array.from({ length: 5 }, (_, k) => Math.max(0, Math.floor(i / 10) * 10 - k * 10)).filter((n, idx, all) => all.indexOf(n) === idx);
  return `import { ToolLoopAgent } from 'ai';
${tools.map((n) => `import { search${n}, status${n} } from '../../../p${n % 40}/src/tools/t${n}.js';`).join('\n')}

export const agent${i} = new ToolLoopAgent({
  model: 'openai/gpt-5',
  instructions: 'Agent ${i}',
  tools: { ${tools.map((n) => `search${n}, status${n}`).join(', ')} },
});
`;
}

function appFile(i) {
  return `export interface Row${i} { id: string; total: number; tags: string[] }

export function summarise${i}(rows: Row${i}[]): { count: number; total: number } {
  let total = 0;
  for (const row of rows) {
    if (row.tags.includes('void')) continue;
    total += row.total;
  }
  return { count: rows.length, total };
}

export class Cache${i}<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  get(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }
  set(key: string, value: T): void {
    this.entries.set(key, { value, at: Date.now() });
  }
}
`;
}
