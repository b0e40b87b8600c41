/** `leash baseline` and reading the committed baseline. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT_CLEAN, EXIT_ERROR, prepareScan, writeAtomically, type CliIO } from './common.js';

export type ScanInputBaseline = NonNullable<import('../engine/pipeline.js').ScanInput['baseline']>;

/** The baseline named by `--baseline`, or the default one in the root when it exists. */
export async function loadBaseline(root: string, cwd: string, option: string | undefined): Promise<ScanInputBaseline | undefined> {
  if (option === 'false') return undefined;
  const { BASELINE_FILE, parseBaseline } = await import('../engine/baseline.js');
  const file = option ? path.resolve(cwd, option) : path.join(root, BASELINE_FILE);
  if (!existsSync(file)) {
    if (option) throw new Error(`baseline not found: ${option}`);
    return undefined;
  }
  const text = readFileSync(file, 'utf8');
  try {
    return { file: path.relative(root, file).split(path.sep).join('/'), text, data: parseBaseline(text) };
  } catch (error) {
    throw new Error(`invalid baseline ${path.relative(cwd, file) || file}: ${(error as Error).message}`);
  }
}

export async function writeBaseline(args: { paths?: string[]; file?: string; prune: boolean; config?: string }, io: CliIO): Promise<number> {
  const [prepared, { BASELINE_FILE, parseBaseline, serializeBaseline, applyBaseline }, { metaRules }] = await Promise.all([prepareScan(args, io), import('../engine/baseline.js'), import('../../rules/index.js')]);
  if (!prepared) return EXIT_ERROR;
  const { target, scanAt } = prepared;
  const file = args.file ? path.resolve(io.cwd, args.file) : path.join(target.root, BASELINE_FILE);
  const result = scanAt(target.root);
  // Meta findings (parse errors, unused suppressions) are about leash's input, not accepted risk.
  const metaIds = new Set(metaRules.map((m) => m.id));
  const current = result.findings.filter((f) => !metaIds.has(f.ruleId));
  if (args.prune) {
    if (!existsSync(file)) {
      io.stderr(`leash: no baseline to prune at ${path.relative(io.cwd, file) || file}\n`);
      return EXIT_ERROR;
    }
    const before = parseBaseline(readFileSync(file, 'utf8'));
    const { baselined, stale } = applyBaseline(current, before);
    writeAtomically(file, serializeBaseline(before.findings.filter((e) => !stale.includes(e))));
    io.stdout(`Pruned ${stale.length} stale ${stale.length === 1 ? 'entry' : 'entries'}; ${baselined.length} kept in ${path.relative(io.cwd, file) || file}.\n`);
    return EXIT_CLEAN;
  }
  writeAtomically(file, serializeBaseline(current));
  io.stdout(`Wrote ${current.length} finding${current.length === 1 ? '' : 's'} to ${path.relative(io.cwd, file) || file}.\n`);
  return EXIT_CLEAN;
}

