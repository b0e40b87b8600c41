import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Diagnostic } from '../graph/model.js';
import type { SourceFile } from '../extract/types.js';

export interface DiscoverOptions {
  /** Absolute path of the scanned root. */
  root: string;
  /** Optional sub-paths (relative to root) to restrict the scan to. */
  paths?: string[];
  include?: string[];
  exclude?: string[];
  /** Files larger than this are skipped with a diagnostic. */
  maxFileBytes?: number;
  /**
   * Contents to use instead of the working tree (`--staged`: the index version of each staged
   * file); `null` drops a file the index deletes.
   */
  overrides?: Map<string, string | null>;
}

export interface Discovered {
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** Directories never worth reading: dependencies, VCS internals, caches, coverage output. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', 'coverage', '.next', '.turbo', '.leash-cache']);
/**
 * Build output: a second copy of code whose source sits beside it, so reading both would report
 * every finding twice. A published package ships only its build, though (an MCP server installed
 * from npm is `build/index.js`), so build output is read when its package has no source of its own.
 */
const BUILD_OUTPUT = new Set(['dist', 'build', 'out', 'lib-esm']);

/**
 * Finds the files to scan: `git ls-files` when the root is inside a git work tree (tracked and
 * untracked-but-not-ignored files), otherwise a walk that honours `.gitignore`.
 * Reads each file once; binary, oversized and unreadable files become diagnostics.
 */
export function discover(options: DiscoverOptions): Discovered {
  const diagnostics: Diagnostic[] = [];
  // A root git lists nothing for (ignored by an enclosing repository, like a package under
  // node_modules) was still named on purpose: walk it.
  const fromGit = listFromGit(options.root);
  const candidates = fromGit?.length ? fromGit : walk(options.root, diagnostics);
  const include = options.include?.length ? ignore().add(options.include) : undefined;
  const exclude = options.exclude?.length ? ignore().add(options.exclude) : undefined;
  const prefixes = (options.paths ?? []).map((p) => toPosix(p).replace(/\/+$/, '')).filter((p) => p && p !== '.');
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  const files: SourceFile[] = [];
  const unique = [...new Set(candidates)].sort();
  const isDuplicateBuild = duplicateBuildOutput(unique);
  for (const rel of unique) {
    if (rel.split('/').some((part) => ALWAYS_SKIPPED.has(part))) continue;
    if (isDuplicateBuild(rel)) continue;
    if (!isInteresting(rel)) continue;
    if (prefixes.length && !prefixes.some((p) => rel === p || rel.startsWith(p + '/'))) continue;
    if (include && !include.ignores(rel)) continue;
    if (exclude && exclude.ignores(rel)) continue;
    const override = options.overrides?.get(rel);
    if (override === null) continue;
    const file = override !== undefined ? { path: rel, text: override } : readChecked(options.root, rel, maxBytes, diagnostics);
    if (file) files.push(file);
  }
  // Staged files the working tree does not have (added, then deleted from disk) still count.
  const listed = new Set(candidates);
  for (const [rel, text] of options.overrides ?? []) {
    if (text !== null && !listed.has(rel) && isInteresting(rel)) files.push({ path: rel, text });
  }
  return { files, diagnostics };
}

/**
 * A file under a build-output directory is skipped when the directory holding that build (the
 * package) also has code outside any build output: its source is scanned instead.
 */
function duplicateBuildOutput(files: string[]): (rel: string) => boolean {
  const buildIndex = (parts: string[]) => parts.findIndex((part) => BUILD_OUTPUT.has(part));
  const hasSource = new Set<string>();
  for (const rel of files) {
    const parts = rel.split('/');
    if (!CODE_EXTENSIONS.test(rel) || /\.d\.[cm]?ts$/.test(rel) || buildIndex(parts) >= 0) continue;
    // Tool configs and bin stubs sit beside a shipped build without being its source.
    if (/(?:^|\/)[^/]*\.config\.[cm]?[jt]s$/.test(rel) || parts.includes('bin')) continue;
    // Every ancestor directory of a source file has source.
    for (let i = 0; i < parts.length; i++) hasSource.add(parts.slice(0, i).join('/'));
  }
  return (rel) => {
    const parts = rel.split('/');
    const at = buildIndex(parts);
    return at >= 0 && hasSource.has(parts.slice(0, at).join('/'));
  };
}

const CODE_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const CONFIG_FILES =
  /(?:^|\/)(?:\.mcp\.json|mcp\.json|mcp_config\.json|claude_desktop_config\.json|settings(?:\.local)?\.json|cli\.json|hooks\.json|config\.toml|opencode\.jsonc?|package\.json|Makefile|gemini-extension\.json|cline_mcp_settings\.json)$/;

const ENV_FILE = /(?:^|\/)\.env(?:\.(?:local|development|production|dev|prod|staging))?$/;

/**
 * The documents a project explains its configuration in (a README, an MCP registry `server.json`):
 * read for what they say a variable holds, never as code.
 */
export function isDocumentation(rel: string): boolean {
  return /(?:^|\/)(?:README(?:\.[\w-]+)?\.md|server\.json)$/i.test(rel);
}

/** `.env`, `.env.production`…: not the `.env.example` a project ships as documentation. */
export function isEnvFile(rel: string): boolean {
  return ENV_FILE.test(rel);
}

/** Code files, harness configs, agent markdown, workflows and scripts: everything an extractor may read. */
export function isInteresting(rel: string): boolean {
  if (rel.endsWith('.d.ts') || rel.endsWith('.d.mts') || rel.endsWith('.d.cts')) return false;
  if (CODE_EXTENSIONS.test(rel)) return true;
  if (CONFIG_FILES.test(rel)) return true;
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(rel)) return true;
  if (/(?:^|\/)\.(?:claude|github|gemini|opencode|codex|cursor)\/.*\.(?:md|json|jsonc|toml|ya?ml)$/.test(rel)) return true;
  // The tool-neutral folder that `.claude/commands` and `.claude/skills` often link to.
  if (/(?:^|\/)\.agents\/(?:commands|skills)\/.*\.md$/.test(rel)) return true;
  if (/\.(?:sh|bash)$/.test(rel)) return true;
  // Gemini CLI policy files can sit anywhere a launch's `--policy` names: TOML is read and checked
  // for `[[rule]]` tables (TOML files are few and small).
  if (rel.endsWith('.toml')) return true;
  // A committed env file is the environment dotenv hands the servers started next to it (switches).
  if (isEnvFile(rel)) return true;
  if (/(?:^|\/)\.vscode\/settings\.json$/.test(rel)) return true;
  if (isDocumentation(rel)) return true;
  // Module resolution reads tsconfig paths.
  if (/(?:^|\/)[tj]sconfig(?:\.[\w-]+)?\.json$/.test(rel)) return true;
  return false;
}

/**
 * True when `abs` (after following every symlink) is the root or lies below it. leash never reads
 * outside the scanned root: a link to `..`, to `/` or to a sibling repository is not followed.
 */
export function isInsideRoot(root: string, abs: string): boolean {
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(abs);
  } catch {
    return false;
  }
  const rel = path.relative(realRoot, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function readChecked(root: string, rel: string, maxBytes: number, diagnostics: Diagnostic[]): SourceFile | undefined {
  const abs = path.join(root, rel);
  try {
    if (lstatSync(abs).isSymbolicLink() && !isInsideRoot(root, abs)) {
      diagnostics.push({ file: rel, code: 'outside-root', message: 'skipped: symlink to a file outside the scanned root' });
      return undefined;
    }
    const stat = statSync(abs);
    if (!stat.isFile()) return undefined;
    if (stat.size > maxBytes) {
      diagnostics.push({ file: rel, code: 'too-large', message: `skipped: ${stat.size} bytes is over the ${maxBytes}-byte limit` });
      return undefined;
    }
    const buffer = readFileSync(abs);
    if (buffer.subarray(0, 8192).includes(0)) {
      diagnostics.push({ file: rel, code: 'binary', message: 'skipped: binary file (contains NUL bytes)' });
      return undefined;
    }
    return { path: rel, text: buffer.toString('utf8') };
  } catch (error) {
    diagnostics.push({ file: rel, code: 'unreadable', message: `could not read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    return undefined;
  }
}

function listFromGit(root: string): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    // Paths from git are relative to `cwd` when given `-- .`.
    return out.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** A directory walk honouring nested `.gitignore` files, that never follows a symlink loop. */
function walk(root: string, diagnostics: Diagnostic[]): string[] {
  const results: string[] = [];
  const visited = new Set<string>();
  const visit = (dirRel: string, rules: { base: string; ig: Ignore }[]) => {
    const dirAbs = path.join(root, dirRel);
    let real: string;
    try {
      real = realpathSync(dirAbs);
    } catch {
      return;
    }
    if (visited.has(real)) {
      diagnostics.push({ file: dirRel || '.', code: 'symlink-loop', message: 'skipped: directory already visited through a symlink (loop)' });
      return;
    }
    visited.add(real);
    const localIgnore = readGitignore(dirAbs);
    const active = localIgnore ? [...rules, { base: dirRel, ig: localIgnore }] : rules;
    let entries: string[];
    try {
      entries = readdirSync(dirAbs);
    } catch (error) {
      diagnostics.push({ file: dirRel || '.', code: 'unreadable', message: `could not list directory: ${(error as NodeJS.ErrnoException).code}` });
      return;
    }
    for (const name of entries.sort()) {
      if (ALWAYS_SKIPPED.has(name)) continue;
      const rel = dirRel ? `${dirRel}/${name}` : name;
      let isDir: boolean;
      try {
        const lst = lstatSync(path.join(root, rel));
        isDir = lst.isSymbolicLink() ? statSync(path.join(root, rel)).isDirectory() : lst.isDirectory();
        if (lst.isSymbolicLink() && isDir && !isInsideRoot(root, path.join(root, rel))) {
          diagnostics.push({ file: rel, code: 'outside-root', message: 'skipped: symlink to a directory outside the scanned root' });
          continue;
        }
      } catch {
        diagnostics.push({ file: rel, code: 'unreadable', message: 'skipped: broken symlink or unreadable entry' });
        continue;
      }
      // An env file is what dotenv hands the processes started next to it, ignored by git or not
      // (and, outside git, leash cannot tell an ignored file from one committed anyway).
      if (!(!isDir && isEnvFile(rel)) && active.some(({ base, ig }) => ig.ignores(relativeTo(base, rel) + (isDir ? '/' : '')))) continue;
      if (isDir) visit(rel, active);
      else results.push(rel);
    }
  };
  visit('', []);
  return results;
}

function readGitignore(dirAbs: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(path.join(dirAbs, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

function relativeTo(base: string, rel: string): string {
  return base ? rel.slice(base.length + 1) : rel;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
