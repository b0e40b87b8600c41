/**
 * The command line: the only code that touches argv, stdout, stderr and the exit code.
 * Exit codes are decided in src/cli and nowhere else: 0 clean, 1 findings at or above the
 * threshold, 2 usage, config or internal error (never a count). The other commands (lock, diff,
 * baseline, print-config, init) live beside this file.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import yargs from 'yargs';
import { analysisCacheVersion } from '../link/facts-cache.js';
import { loadManifest, scopeDiff, writeManifest } from './access-commands.js';
import { loadBaseline, writeBaseline, type ScanInputBaseline } from './baseline-commands.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, packageRoot, packageVersion, resolveTarget, writeAtomically, type CliIO } from './common.js';
import { init, printConfig } from './setup-commands.js';

export { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliIO } from './common.js';

const FORMATS = ['pretty', 'json', 'sarif', 'markdown', 'html', 'mermaid', 'dot', 'compact'] as const;
type Format = (typeof FORMATS)[number];

const processIO = (): CliIO => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
});

/** Runs leash with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let usageError: string | undefined;
  // Handlers only record what to run: nothing runs until the whole command line is known valid.
  let pending: (() => Promise<number>) | undefined;
  const parser = yargs(argv)
    .scriptName('leash')
    .usage('$0 [paths..]\n\nA least-privilege linter for AI agents: which agent reaches which tools, operations and credentials.')
    .command(
      ['$0 [paths..]', 'scan'],
      'Scan a repository (the current directory, or the directory given)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, describe: 'A directory to scan, or files and folders inside the current directory' })
          .option('format', { alias: 'f', choices: FORMATS, default: 'pretty' as const, describe: 'Report format; repeat with --output to write several reports at once' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file (atomically) instead of stdout; the n-th --output takes the n-th --format' })
          .option('config', { alias: 'c', type: 'string', describe: 'Config file (default: leash.config.{json,jsonc,yaml,yml} in the scanned root)' })
          .option('max-warnings', { type: 'number', describe: 'Exit 1 when there are more warnings than this' })
          .check((a) => {
            const max = a.maxWarnings as unknown;
            if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 0)) throw new Error('--max-warnings takes a whole number, 0 or more');
            return true;
          })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Report errors only' })
          .option('color', { type: 'boolean', describe: 'Force colours on or off (default: on for a terminal, off with NO_COLOR)' })
          .option('staged', { type: 'boolean', default: false, describe: 'Report only findings in staged files (pre-commit); everything is still analysed' })
          .option('changed-since', { type: 'string', describe: 'Report only findings in files changed since a git ref (pull requests)' })
          .option('timing', { type: 'boolean', default: false, describe: 'Print how long each stage took to stderr' })
          .option('include-tests', { type: 'boolean', default: false, describe: 'Also report findings in test, eval, mock and fixture files (always analysed)' })
          .option('cache', { type: 'boolean', default: true, describe: 'Reuse per-file facts from earlier runs (--no-cache: parse everything)' })
          .option('cache-location', { type: 'string', describe: "Cache folder (default: the project's node_modules/.cache/leash, else ~/.cache/leash)" })
          .option('manifest', { type: 'string', describe: 'Committed access manifest (default: leash-access.yaml in the scanned root, when present)' })
          .option('baseline', { type: 'string', describe: `Accepted findings (default: ${'.leash-baseline.json'} in the scanned root, when present); false to ignore it` }),
      (args) => {
        pending = () => runScan(args, io);
      },
    )
    .command(
      'lock [paths..]',
      "Write every agent's effective access to leash-access.yaml; later scans fail when it widens",
      (y) =>
        y
          .positional('paths', { type: 'string', array: true })
          .option('file', { type: 'string', describe: 'Manifest file (default: leash-access.yaml in the scanned root)' })
          .option('config', { alias: 'c', type: 'string' }),
      (args) => {
        pending = () => writeManifest(args, io);
      },
    )
    .command(
      'diff <base-ref> [paths..]',
      "What each agent can reach now that it could not at <base-ref>, and what it lost (Markdown for a PR comment, or JSON)",
      (y) =>
        y
          .positional('base-ref', { type: 'string', demandOption: true })
          .positional('paths', { type: 'string', array: true })
          .option('format', { alias: 'f', choices: ['markdown', 'json'] as const, default: 'markdown' as const })
          .option('config', { alias: 'c', type: 'string' }),
      (args) => {
        pending = () => scopeDiff(String(args.baseRef), args, io);
      },
    )
    .command(
      'report [paths..]',
      'The access report for leadership: per agent, what it can reach and what is missing (Markdown, or one self-contained HTML page)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true })
          .option('format', { alias: 'f', choices: ['markdown', 'html'] as const, default: 'markdown' as const })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file instead of stdout' })
          .option('config', { alias: 'c', type: 'string' })
          .option('include-tests', { type: 'boolean', default: false }),
      (args) => {
        pending = () => runScan({ ...args, quiet: false, staged: false, timing: false, cache: true, report: true } as ScanArgs, io);
      },
    )
    .command(
      'baseline [paths..]',
      'Write the current findings as the accepted baseline; later scans fail only on new findings',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true })
          .option('file', { type: 'string', describe: 'Baseline file (default: .leash-baseline.json in the scanned root)' })
          .option('prune', { type: 'boolean', default: false, describe: 'Only drop entries that match nothing any more; add none' })
          .option('config', { alias: 'c', type: 'string' }),
      (args) => {
        pending = () => writeBaseline(args, io);
      },
    )
    .command(
      'print-config [path]',
      'Print the configuration leash uses for a directory, with extends and defaults resolved',
      (y) => y.positional('path', { type: 'string' }).option('config', { alias: 'c', type: 'string' }),
      (args) => {
        pending = () => printConfig(args.path, args.config, io);
      },
    )
    .command(
      'init',
      'Write a starter leash.config.json (never overwrites); --hooks also writes a pre-commit hook and a GitHub workflow; --roles proposes one role per agent from what it reaches now',
      (y) => y.option('hooks', { type: 'boolean', default: false }).option('roles', { type: 'boolean', default: false, describe: 'Scan the project and propose a role per agent (respect-role-scope)' }),
      (args) => {
        pending = () => init(args.hooks, io, args.roles);
      },
    )
    .command(
      'rules',
      'List the rules',
      (y) => y.option('format', { choices: ['pretty', 'json'] as const, default: 'pretty' as const }),
      (args) => {
        pending = () => listRules(args.format, io);
      },
    )
    .command(
      'explain <rule-id>',
      "Print a rule's documentation",
      (y) => y.positional('rule-id', { type: 'string', demandOption: true }),
      (args) => {
        pending = () => explain(String(args.ruleId), io);
      },
    )
    .strict()
    .help()
    .version(packageVersion())
    .exitProcess(false)
    .fail((message, error) => {
      usageError = message || error?.message || 'invalid usage';
    })
    .wrap(Math.min(100, process.stdout.columns || 100));
  try {
    let helpText = '';
    await parser.parseAsync(argv, {}, (_err, _parsed, output) => {
      helpText = output;
    });
    if (usageError) {
      io.stderr(`leash: ${usageError}${await didYouMean(usageError)}\nRun \`leash --help\` for usage.\n`);
      return EXIT_ERROR;
    }
    if (helpText) {
      io.stdout(helpText.endsWith('\n') ? helpText : helpText + '\n');
      return EXIT_CLEAN;
    }
    return pending ? await pending() : EXIT_CLEAN;
  } catch (error) {
    // A bug in leash is reported in one line; the stack only when asked for (LEASH_DEBUG=1).
    const detail = io.env.LEASH_DEBUG ? ((error as Error).stack ?? String(error)) : ((error as Error).message ?? String(error)).split('\n')[0];
    io.stderr(`leash: internal error: ${detail}\nPlease report it with the command you ran; LEASH_DEBUG=1 prints the details.\n`);
    return EXIT_ERROR;
  }
}

interface ScanArgs {
  paths?: string[];
  format: Format | Format[];
  /** `leash report`: a report for people, never a failing exit code. */
  report?: boolean;
  output?: string | string[];
  config?: string;
  maxWarnings?: number;
  quiet: boolean;
  color?: boolean;
  staged: boolean;
  changedSince?: string;
  timing: boolean;
  includeTests: boolean;
  baseline?: string;
  cache: boolean;
  cacheLocation?: string;
  manifest?: string;
}

async function runScan(args: ScanArgs, io: CliIO): Promise<number> {
  const [{ scan }, { loadConfig, findConfig, ConfigError }, { plugins }, { allRules, metaRules }] = await Promise.all([
    import('../engine/pipeline.js'),
    import('../config/load.js'),
    import('../plugins.js'),
    import('../../rules/index.js'),
  ]);
  const target = resolveTarget(args.paths ?? [], io.cwd);
  if ('error' in target) {
    io.stderr(`leash: ${target.error}\n`);
    return EXIT_ERROR;
  }
  let config;
  try {
    const file = args.config ? path.resolve(io.cwd, args.config) : findConfig(target.root);
    config = loadConfig(file, [...allRules.map((r) => r.meta.id), ...metaRules.map((m) => m.id)]);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`leash: invalid config\n${error.messages.map((m) => `  ${m}`).join('\n')}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  let reportOnly: Set<string> | undefined;
  let overrides: Map<string, string | null> | undefined;
  if (args.staged || args.changedSince) {
    const { changedFiles, stagedChanges } = await import('../discover/changes.js');
    try {
      if (args.staged) {
        // A pre-commit check reads what will be committed: the index, not the working tree.
        const staged = stagedChanges(target.root);
        reportOnly = staged.names;
        overrides = staged.contents;
      } else reportOnly = changedFiles(target.root, { since: args.changedSince! });
    } catch (error) {
      io.stderr(`leash: cannot list changed files (is ${target.root} in a git repository?): ${(error as Error).message.split('\n')[0]}\n`);
      return EXIT_ERROR;
    }
    if (reportOnly.size === 0) {
      io.stdout(args.staged ? 'No staged files to check.\n' : `No files changed since ${args.changedSince}.\n`);
      return EXIT_CLEAN;
    }
  }
  let baseline: ScanInputBaseline | undefined;
  try {
    baseline = await loadBaseline(target.root, io.cwd, args.baseline);
  } catch (error) {
    io.stderr(`leash: ${(error as Error).message}\n`);
    return EXIT_ERROR;
  }
  let policy: import('../engine/rule.js').Policy;
  try {
    policy = { ...(await loadManifest(target.root, io.cwd, args.manifest)), ...(config.roles.length ? { roles: config.roles } : {}) };
  } catch (error) {
    io.stderr(`leash: ${(error as Error).message}\n`);
    return EXIT_ERROR;
  }
  const started = performance.now();
  const cache = args.cache ? { dir: cacheDir(target.root, io, args.cacheLocation), version: analysisCacheVersion(packageVersion()) } : undefined;
  // A progress line for long scans, only on a terminal, erased when the scan ends.
  let progressShown = false;
  const onProgress = io.isTTY && !io.env.CI ? (done: number, total: number) => {
    if (total < 500) return;
    progressShown = true;
    io.stderr(`\rleash: analysing ${done}/${total} code files…`);
  } : undefined;
  const result = scan({ root: target.root, paths: target.paths, config, plugins, reportOnly, includeTests: args.includeTests, overrides, baseline, cache, policy, ...(onProgress ? { onProgress } : {}) });
  if (progressShown) io.stderr('\r\u001b[2K');
  const renderStarted = performance.now();
  // `--format sarif --output leash.sarif --format pretty`: each format with its output, the rest to stdout.
  const formats = [args.format].flat();
  const outputs = [args.output ?? []].flat();
  const reports: { text: string; output?: string }[] = [];
  for (const [i, format] of formats.entries()) reports.push({ text: await render(result, { ...args, format, output: outputs[i] }, target.root, io), output: outputs[i] });
  if (args.timing) {
    const t = result.timings;
    const ms = (n: number | undefined) => `${Math.round(n ?? 0)} ms`;
    io.stderr(
      [
        `leash: ${result.stats.filesDiscovered} files, ${result.stats.codeFilesParsed} code files analysed (${t.resultCached ? 'unchanged tree: the whole analysis from the cache' : t.factsUnchanged !== undefined ? `${t.factsUnchanged} changed without changing their facts: the whole analysis from the cache` : `${t.cacheHits ?? 0} from the cache`})`,
        // A result from the cache skips choosing, parsing and linking: the code stage is that check.
        `  discover ${ms(t.discoverMs)} · ${t.resultCached || t.factsUnchanged !== undefined ? `cache check ${ms(t.codeMs)}` : `select ${ms(t.selectMs)} · parse ${ms(t.parseMs)} · extract ${ms(t.extractMs)} · link ${ms(t.linkMs)}`} · configs ${ms(t.configMs)} · rules ${ms(t.rulesMs)} · report ${ms(performance.now() - renderStarted)}`,
        `  total ${ms(performance.now() - started)}`,
      ].join('\n') + '\n',
    );
  }

  for (const report of reports) {
    if (!report.output) {
      io.stdout(report.text);
      continue;
    }
    try {
      writeAtomically(path.resolve(io.cwd, report.output), report.text);
    } catch (error) {
      io.stderr(`leash: cannot write ${report.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT_ERROR;
    }
  }

  if (args.report) return EXIT_CLEAN;
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = args.quiet ? 0 : result.findings.filter((f) => f.severity === 'warning').length;
  if (errors > 0) return EXIT_FINDINGS;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) return EXIT_FINDINGS;
  return EXIT_CLEAN;
}

async function render(result: import('../engine/pipeline.js').ScanResult, args: ScanArgs & { format: Format; output?: string }, root: string, io: CliIO): Promise<string> {
  const shown = args.quiet ? { ...result, findings: result.findings.filter((f) => f.severity === 'error') } : result;
  const version = packageVersion();
  if (args.format === 'json') {
    const { renderJson } = await import('../report/json.js');
    return renderJson(shown, { name: 'leash', version });
  }
  if (args.format === 'compact') {
    // One line a finding, for editors and grep: file:line:column: severity rule: message.
    return shown.findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column}: ${f.severity} ${f.ruleId}: ${f.message}\n`).join('');
  }
  if (args.format === 'mermaid' || args.format === 'dot') {
    const { renderMermaid, renderDot } = await import('../report/graph-export.js');
    return args.format === 'mermaid' ? renderMermaid(shown) : renderDot(shown);
  }
  if (args.format === 'markdown') {
    const { renderMarkdown } = await import('../report/markdown.js');
    return renderMarkdown(shown, { version });
  }
  if (args.format === 'html') {
    const { renderHtml } = await import('../report/html.js');
    // dagre's browser build is inlined: the page needs no network.
    const entry = createRequire(import.meta.url).resolve('@dagrejs/dagre');
    const layoutLibrary = readFileSync(path.join(path.dirname(entry), 'dagre.min.js'), 'utf8');
    return renderHtml(shown, { version, layoutLibrary });
  }
  if (args.format === 'sarif') {
    const [{ renderSarif }, { allRules, metaRules }, { docsUrl, PACKAGE_NAME }] = await Promise.all([import('../report/sarif.js'), import('../../rules/index.js'), import('../engine/rule.js')]);
    return renderSarif(shown, {
      tool: { name: 'leash', version, informationUri: `https://www.npmjs.com/package/${PACKAGE_NAME}` },
      rules: [...allRules.map((r) => r.meta), ...metaRules],
      helpUri: (id) => docsUrl(id, version),
    });
  }
  const [{ renderPretty, NO_COLORS }, pc, { isInsideRoot }] = await Promise.all([import('../report/pretty.js'), import('picocolors'), import('../discover/discover.js')]);
  // --color wins; then NO_COLOR, then FORCE_COLOR (CI logs that render ANSI), then a terminal.
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  const useColor = args.color ?? (!io.env.NO_COLOR && !args.output && (forced || io.isTTY));
  const colors = useColor ? pc.default.createColors(true) : NO_COLORS;
  const { docsUrl } = await import('../engine/rule.js');
  return renderPretty(result, {
    colors,
    docsUrl: (id) => docsUrl(id, version),
    quiet: args.quiet,
    readSource: (file) => {
      const abs = path.join(root, file);
      // Code frames are read again lazily, under the same rule as the scan: nothing outside the root.
      if (!isInsideRoot(root, abs)) return undefined;
      try {
        return readFileSync(abs, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
}

/** One directory argument is the root; otherwise the root is the current directory and paths narrow it. */
async function listRules(format: 'pretty' | 'json', io: CliIO): Promise<number> {
  const { allRules, metaRules } = await import('../../rules/index.js');
  const metas = [...allRules.map((r) => r.meta), ...metaRules].sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') {
    io.stdout(JSON.stringify(metas, null, 2) + '\n');
    return EXIT_CLEAN;
  }
  const width = Math.max(...metas.map((m) => m.id.length));
  for (const m of metas) io.stdout(`${m.id.padEnd(width)}  ${m.defaultSeverity.padEnd(7)}  ${m.category.padEnd(11)}  ${m.title}\n`);
  return EXIT_CLEAN;
}

async function explain(ruleId: string, io: CliIO): Promise<number> {
  const { allRules, metaRules } = await import('../../rules/index.js');
  const { closest } = await import('../config/load.js');
  const ids = [...allRules.map((r) => r.meta.id), ...metaRules.map((m) => m.id)];
  if (!ids.includes(ruleId)) {
    const suggestion = closest(ruleId, ids);
    io.stderr(`leash: unknown rule "${ruleId}"${suggestion ? `; did you mean "${suggestion}"?` : ''} Run \`leash rules\` for the list.\n`);
    return EXIT_ERROR;
  }
  io.stdout(readFileSync(path.join(packageRoot(), 'rules', ruleId, 'README.md'), 'utf8'));
  return EXIT_CLEAN;
}

/**
 * Where the facts cache lives: `--cache-location`, `LEASH_CACHE_DIR`, the scanned project's own
 * `node_modules/.cache/leash` when it has installed dependencies, else the user's cache folder.
 * leash never creates folders inside a project that does not already keep caches there.
 */
function cacheDir(root: string, io: CliIO, option: string | undefined): string {
  if (option) return path.resolve(io.cwd, option);
  const fromEnv = io.env.LEASH_CACHE_DIR ?? process.env.LEASH_CACHE_DIR;
  if (fromEnv) return path.resolve(io.cwd, fromEnv);
  if (existsSync(path.join(root, 'node_modules'))) return path.join(root, 'node_modules', '.cache', 'leash');
  const base = io.env.XDG_CACHE_HOME || path.join(io.env.HOME || os.tmpdir(), '.cache');
  return path.join(base, 'leash');
}

/** `Unknown argument: formt` → `; did you mean --format?` */
async function didYouMean(message: string): Promise<string> {
  const unknown = /Unknown arguments?: ([\w-]+)/.exec(message)?.[1];
  if (!unknown) return '';
  const { closest } = await import('../config/load.js');
  const flags = ['format', 'output', 'config', 'max-warnings', 'quiet', 'color', 'staged', 'changed-since', 'timing', 'include-tests', 'cache', 'cache-location', 'manifest', 'baseline', 'help', 'version'];
  const suggestion = closest(unknown, flags);
  return suggestion ? `; did you mean --${suggestion}?` : '';
}

