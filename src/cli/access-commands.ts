/** `leash lock`, `leash diff` and reading the committed access manifest. */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT_CLEAN, EXIT_ERROR, prepareScan, writeAtomically, type CliIO } from './common.js';

/** The committed access manifest named by `--manifest`, or `leash-access.yaml` in the root. */
export async function loadManifest(root: string, cwd: string, option: string | undefined): Promise<{ manifest?: { file: string; data: import('../graph/manifest.js').CommittedManifest } }> {
  const { MANIFEST_FILE } = await import('../graph/manifest.js');
  const file = option ? path.resolve(cwd, option) : path.join(root, MANIFEST_FILE);
  if (!existsSync(file)) {
    if (option) throw new Error(`manifest not found: ${option}`);
    return {};
  }
  const { parse } = await import('yaml');
  const { readManifest } = await import('../graph/manifest.js');
  const name = path.relative(cwd, file) || file;
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new Error(`invalid access manifest ${name}: ${(error as Error).message.split('\n')[0]}`);
  }
  const read = readManifest(raw);
  if ('error' in read) throw new Error(`invalid access manifest ${name}: ${read.error}`);
  return { manifest: { file: path.relative(root, file).split(path.sep).join('/'), data: read.manifest } };
}

export async function writeManifest(args: { paths?: string[]; file?: string; config?: string }, io: CliIO): Promise<number> {
  const [prepared, { MANIFEST_FILE, manifestOf }, { buildInventory }, { stringify }] = await Promise.all([prepareScan(args, io), import('../graph/manifest.js'), import('../graph/access.js'), import('yaml')]);
  if (!prepared) return EXIT_ERROR;
  const { target, scanAt } = prepared;
  const result = scanAt(target.root);
  const manifest = manifestOf(buildInventory(result.graph, []));
  const file = args.file ? path.resolve(io.cwd, args.file) : path.join(target.root, MANIFEST_FILE);
  const header = '# The access of every agent, written by `leash lock`. Review changes to it like code.\n';
  writeAtomically(file, header + stringify(manifest, { lineWidth: 0 }));
  io.stdout(`Wrote the access of ${Object.keys(manifest.agents).length} agents to ${path.relative(io.cwd, file) || file}.\n`);
  return EXIT_CLEAN;
}

/**
 * The access graph at a git ref against the working tree. The base is read with git itself
 * (`git archive` into a temporary folder), never by checking anything out: the working tree and
 * the index are untouched.
 */
export async function scopeDiff(ref: string, args: { paths?: string[]; format: 'markdown' | 'json'; config?: string }, io: CliIO): Promise<number> {
  const [prepared, { manifestOf, compareManifest }, { buildInventory }, { execFileSync }, { mkdtempSync, rmSync }] = await Promise.all([
    prepareScan(args, io),
    import('../graph/manifest.js'),
    import('../graph/access.js'),
    import('node:child_process'),
    import('node:fs'),
  ]);
  if (!prepared) return EXIT_ERROR;
  const { target, scanAt } = prepared;
  const git = (cwd: string, a: string[]) => execFileSync('git', a, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  let prefix: string;
  let top: string;
  try {
    top = git(target.root, ['rev-parse', '--show-toplevel']).toString().trim();
    prefix = path.relative(top, target.root).split(path.sep).join('/');
    git(target.root, ['rev-parse', '--verify', `${ref}^{commit}`]);
  } catch (error) {
    io.stderr(`leash: cannot read ${ref} (is ${target.root} in a git repository, and is ${ref} a commit?): ${(error as Error).message.split('\n')[0]}\n`);
    return EXIT_ERROR;
  }
  const base = mkdtempSync(path.join(os.tmpdir(), 'leash-diff-'));
  try {
    const archive = git(top, ['archive', '--format=tar', ref, ...(prefix ? [prefix] : [])]);
    execFileSync('tar', ['-x', '-C', base], { input: archive });
    const at = (root: string) => manifestOf(buildInventory(scanAt(root).graph, []));
    const before = at(path.join(base, prefix));
    const now = at(target.root);
    const changes = compareManifest(before, now);
    if (args.format === 'json') io.stdout(JSON.stringify({ base: ref, changes }, null, 2) + '\n');
    else io.stdout(diffMarkdown(ref, changes));
    return EXIT_CLEAN;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

function diffMarkdown(ref: string, changes: import('../graph/manifest.js').Drift[]): string {
  if (changes.length === 0) return `## leash: agent access unchanged since \`${ref}\`\n`;
  const lines = [`## leash: agent access since \`${ref}\``, ''];
  const agents = [...new Set(changes.map((c) => c.agent))];
  for (const id of agents) {
    const mine = changes.filter((c) => c.agent === id);
    lines.push(`### ${mine[0].name}`, '');
    for (const c of mine) lines.push(`- ${c.direction === 'widened' ? '**widened**' : 'narrowed'}: ${c.what}`);
    lines.push('');
  }
  const widened = changes.filter((c) => c.direction === 'widened').length;
  lines.push(`${widened} widening change${widened === 1 ? '' : 's'}, ${changes.length - widened} narrowing.`);
  return lines.join('\n') + '\n';
}

