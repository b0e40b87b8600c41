/**
 * What every command shares: the I/O seam, exit codes, the scan target, atomic writes, and the
 * package's own files.
 */
import { accessSync, constants, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/** Every rule id leash knows, built-in and meta, for config validation. */
export async function knownRuleIds(): Promise<string[]> {
  const { allRules, metaRules } = await import('../../rules/index.js');
  return [...allRules.map((r) => r.meta.id), ...metaRules.map((m) => m.id)];
}

/**
 * The scan a command other than the default one runs (lock, diff, baseline): the target, its
 * config (found walking up, or `--config`) and the scan function; undefined after reporting a bad
 * target.
 */
export async function prepareScan(args: { paths?: string[]; config?: string }, io: CliIO) {
  const target = resolveTarget(args.paths ?? [], io.cwd);
  if ('error' in target) {
    io.stderr(`leash: ${target.error}\n`);
    return undefined;
  }
  const [{ scan }, { loadConfig, findConfig }, { plugins }] = await Promise.all([import('../engine/pipeline.js'), import('../config/load.js'), import('../plugins.js')]);
  const config = loadConfig(args.config ? path.resolve(io.cwd, args.config) : findConfig(target.root), await knownRuleIds());
  return { target, config, scanAt: (root: string) => scan({ root, paths: target.paths, config, plugins }) };
}

export function resolveTarget(paths: string[], cwd: string): { root: string; paths: string[] } | { error: string } {
  for (const p of paths) if (!existsSync(path.resolve(cwd, p))) return { error: `no such file or directory: ${p}` };
  const single = paths.length === 1 ? path.resolve(cwd, paths[0]) : undefined;
  // A directory given alone, or any path outside the current directory, is scanned as its own root.
  const outside = single && path.relative(cwd, single).startsWith('..');
  const root = single && (statSync(single).isDirectory() || outside) ? (statSync(single).isDirectory() ? single : path.dirname(single)) : cwd;
  try {
    accessSync(root, constants.R_OK | constants.X_OK);
  } catch {
    return { error: `cannot read ${path.relative(cwd, root) || root}: permission denied` };
  }
  if (root !== cwd) return { root, paths: single && !statSync(single).isDirectory() ? [path.basename(single)] : [] };
  return { root: cwd, paths: paths.map((p) => path.relative(cwd, path.resolve(cwd, p))) };
}

/** Writes through a temporary file and a rename, so a reader never sees half a report. */
export function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'rules'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the leash package root');
    dir = parent;
  }
  return dir;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
