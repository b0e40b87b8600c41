/**
 * The per-file facts cache: what extraction learned from a file, keyed by a hash of leash's
 * version, the file's path and its content, so that a file is parsed again only when it changed.
 * Facts are plain values (shared and even cyclic after in-place mutations), stored with V8's
 * structured serializer in one pack per scanned root: one read at the start, one write at the end
 * holding exactly the entries this run used, so the pack never grows stale. The write goes
 * through a temporary file and a rename: two runs racing each leave a whole, valid pack, and a
 * broken pack is ignored and rewritten.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { CodeFacts } from '../extract/code/facts.js';

export interface FactsCache {
  get(file: string, text: string): CodeFacts | undefined;
  set(file: string, text: string, facts: CodeFacts): void;
  /** Writes the pack when anything changed. */
  flush(): void;
  /** Lookups answered from the cache in this run. */
  hits: number;
}

/**
 * The package version plus a hash of the analysis code itself (discovery's file classes,
 * extraction, linking, the graph vocabulary): facts and linked results from a build whose analysis
 * differs (a development build, a patched install) are never reused, whatever the version says.
 */
export function analysisCacheVersion(packageVersion: string): string {
  const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256').update(packageVersion);
  const visit = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const file = path.join(dir, name);
      if (/\.[cm]?[jt]s$/.test(name) && !name.endsWith('.d.ts')) hash.update(name).update(readFileSync(file));
      else if (!name.includes('.')) visit(file);
    }
  };
  for (const part of ['discover', 'extract', 'link', 'graph']) visit(path.join(src, part));
  return `${packageVersion}+${hash.digest('hex').slice(0, 12)}`;
}

export function openFactsCache(dir: string, version: string, root: string): FactsCache {
  const pack = path.join(dir, `facts-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.bin`);
  const keyOf = (file: string, text: string) => createHash('sha256').update(version).update('\0').update(file).update('\0').update(text).digest('base64');
  let stored: Map<string, CodeFacts> | undefined;
  const used = new Map<string, CodeFacts>();
  let changed = false;
  const load = () => {
    if (stored) return stored;
    try {
      const data = deserialize(readFileSync(pack)) as unknown;
      stored = data instanceof Map ? (data as Map<string, CodeFacts>) : new Map();
    } catch {
      stored = new Map();
    }
    return stored;
  };
  const cache: FactsCache = {
    hits: 0,
    get(file, text) {
      const key = keyOf(file, text);
      const facts = load().get(key);
      if (!facts || facts.file !== file) return undefined;
      used.set(key, facts);
      cache.hits++;
      return facts;
    },
    set(file, text, facts) {
      used.set(keyOf(file, text), facts);
      changed = true;
    },
    flush() {
      // Entries of files that changed or went away are dropped: the pack holds this run only.
      if (!changed && used.size === load().size) return;
      const temporary = `${pack}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temporary, serialize(used));
        renameSync(temporary, pack);
      } catch {
        // A read-only or full disk costs speed, never the scan.
        rmSync(temporary, { force: true });
      }
    },
  };
  return cache;
}
