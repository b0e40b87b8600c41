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

/**
 * What a commit will contain, for a pre-commit check, in three git calls: the staged files
 * (added, copied, modified or the new side of a rename, as `changedFiles` lists them) and the index
 * version of each, keyed like `changedFiles`; deleted files map to `null`.
 */
export function stagedChanges(root: string): { names: Set<string>; contents: Map<string, string | null> } {
  const top = git(root, ['rev-parse', '--show-toplevel']).trim();
  const rootFromTop = path.relative(top, path.resolve(root)).split(path.sep).join('/');
  const prefix = rootFromTop ? rootFromTop + '/' : '';
  const names = new Set<string>();
  const contents = new Map<string, string | null>();
  // `--no-renames`: a rename is its old path deleted and its new path added.
  const entries = git(root, ['diff', '--cached', '--name-status', '-z', '--no-renames']).split('\0').filter(Boolean);
  const wanted: string[] = [];
  for (let i = 0; i + 1 < entries.length; i += 2) {
    const [status, name] = [entries[i], entries[i + 1]];
    if (!name.startsWith(prefix)) continue;
    if (status.startsWith('D')) contents.set(name.slice(prefix.length), null);
    else wanted.push(name);
    if (/^[ACMR]/.test(status)) names.add(name.slice(prefix.length));
  }
  if (wanted.length === 0) return { names, contents };
  // One `git cat-file --batch` for every blob: `:path` names the index version.
  const input = wanted.map((n) => `:${n}`).join('\n') + '\n';
  const raw = execFileSync('git', ['cat-file', '--batch'], { cwd: top, input, maxBuffer: 512 * 1024 * 1024 });
  let offset = 0;
  for (const name of wanted) {
    const newline = raw.indexOf(10, offset);
    const header = raw.subarray(offset, newline).toString('utf8').split(' ');
    offset = newline + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    contents.set(name.slice(prefix.length), raw.subarray(offset, offset + size).toString('utf8'));
    offset += size + 1;
  }
  return { names, contents };
}
