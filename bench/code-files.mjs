// The code files of a tree, as the parse floor counts them: every JS/TS source outside
// node_modules and .git (declaration files excluded). Shared by the benchmark and its measurer.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function codeFiles(root) {
  const out = [];
  for (const name of readdirSync(root)) {
    if (name === 'node_modules' || name === '.git') continue;
    const full = path.join(root, name);
    if (statSync(full).isDirectory()) out.push(...codeFiles(full));
    else if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(name) && !/\.d\.[cm]?ts$/.test(name)) out.push(full);
  }
  return out;
}
