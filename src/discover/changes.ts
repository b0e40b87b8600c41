import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Files changed in git, as POSIX paths relative to `root`: staged changes (`--staged`, for a
 * pre-commit hook) or everything changed since a ref (`--changed-since main`, for pull requests).
 * Used to narrow what is reported; the whole tree is still analysed, since a change in one file
 * can give an agent in another file new reach.
 */
export function changedFiles(root: string, mode: { staged: true } | { since: string }): Set<string> {
  const top = git(root, ['rev-parse', '--show-toplevel']).trim();
  const args = 'staged' in mode ? ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'] : ['diff', '--name-only', '-z', '--diff-filter=ACMR', `${mode.since}...HEAD`];
  const names = git(root, args).split('\0').filter(Boolean);
  if (!('staged' in mode)) {
    // Uncommitted work counts as changed too when comparing with a ref.
    names.push(...git(root, ['diff', '--name-only', '-z', '--diff-filter=ACMR', 'HEAD']).split('\0').filter(Boolean));
    names.push(...git(root, ['ls-files', '-z', '--others', '--exclude-standard', '--full-name']).split('\0').filter(Boolean));
  }
  const rootFromTop = path.relative(top, path.resolve(root)).split(path.sep).join('/');
  const prefix = rootFromTop ? rootFromTop + '/' : '';
  return new Set(names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)));
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}
