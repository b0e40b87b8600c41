// The benchmark: leash's cold scan against the parse floor, both measured in this run.
//
//   npm run bench                 # a synthetic agent monorepo (default 2,000 files) in a temp dir
//   npm run bench -- <directory>  # any tree, e.g. a checkout of a real agent repository
//   npm run bench -- --files 5000
//
// The floor is what no static analyser of this kind can beat: read every code file and run
// `typescript.createSourceFile` on it. Figures are ratios against it, so they compare across machines.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { DEFAULT_CONFIG } from '../dist/src/config/schema.js';
import { scan } from '../dist/src/engine/pipeline.js';
import { plugins } from '../dist/src/plugins.js';

const args = process.argv.slice(2);
const filesArg = args.indexOf('--files');
const fileCount = filesArg >= 0 ? Number(args[filesArg + 1]) : 2000;
const dirArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--files');
const root = dirArg ? path.resolve(dirArg) : generate(fileCount);
const runs = 3;

const floor = median(Array.from({ length: runs }, () => parseFloor(root)));
const leash = median(Array.from({ length: runs }, () => timeScan(root)));
console.log(
  JSON.stringify(
    {
      tree: dirArg ?? `synthetic (${fileCount} files)`,
      codeFiles: floor.files,
      lines: floor.lines,
      floorMs: Math.round(floor.ms),
      leashMs: Math.round(leash.ms),
      ratio: Number((leash.ms / floor.ms).toFixed(2)),
      parsedByLeash: leash.parsed,
      agents: leash.agents,
      tools: leash.tools,
    },
    null,
    2,
  ),
);

function parseFloor(dir) {
  const started = performance.now();
  let lines = 0;
  const files = codeFiles(dir);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    lines += text.split('\n').length;
    ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  }
  return { ms: performance.now() - started, files: files.length, lines };
}

function timeScan(dir) {
  const started = performance.now();
  const result = scan({ root: dir, config: DEFAULT_CONFIG, plugins });
  return { ms: performance.now() - started, parsed: result.stats.codeFilesParsed, agents: result.stats.agents, tools: result.stats.tools };
}

function codeFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.git') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...codeFiles(full));
    else if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(name) && !/\.d\.[cm]?ts$/.test(name)) out.push(full);
  }
  return out;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)];
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
