/**
 * The per-file facts cache: what extraction learned from a file, keyed by a hash of leash's
 * version, the file's path and its content, so that a file is parsed again only when it changed.
 * Facts are plain values (shared and even cyclic after in-place mutations), each file's serialised
 * with V8's structured serializer on its own, kept per scanned root in a base pack and a small
 * delta pack. A run that changed
 * a few files writes only the delta (the new entries), so touching one file does not re-serialise
 * the facts of thousands; once the delta or the stale part of the base grows past a share of the
 * base, the run compacts: one pack holding exactly the entries it used. Every write goes through a
 * temporary file and a rename: two runs racing each leave whole, valid packs, and a broken pack is
 * ignored and rewritten.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { CodeFacts } from '../extract/code/facts.js';

export interface FactsCache {
  get(file: string, text: string): CodeFacts | undefined;
  set(file: string, text: string, facts: CodeFacts): void;
  /** The key a file's facts are stored under: the analysis version, its path and its content. */
  keyOf(file: string, text: string): string;
  /** The stored facts of an entry as written (serialised). */
  raw(key: string): Buffer | undefined;
  /** Keeps an entry this run did not read (its result came from elsewhere) from being dropped as stale. */
  keep(key: string): void;
  /** Writes the pack when anything changed. */
  flush(): void;
  /** Lookups answered from the cache in this run. */
  hits: number;
}

/** One file's facts, serialised on their own: the same facts give the same bytes. */
function serializeFacts(facts: CodeFacts): Buffer {
  return serialize(facts);
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

/** Compact when the delta, or the base entries no run uses any more, pass this share of the base. */
const COMPACT_SHARE = 0.2;

export function openFactsCache(dir: string, version: string, root: string): FactsCache {
  const stem = path.join(dir, `facts-${createHash('sha256').update(root).digest('hex').slice(0, 16)}`);
  const pack = `${stem}.bin`;
  const deltaPack = `${stem}.delta.bin`;
  const keyOf = (file: string, text: string) => createHash('sha256').update(version).update('\0').update(file).update('\0').update(text).digest('base64');
  // Packs map keys to each file's facts serialised on their own: loading a pack copies bytes, and
  // only the facts a run asks for are turned back into objects.
  let base: Map<string, Buffer> | undefined;
  let delta: Map<string, Buffer> | undefined;
  // Entries this run used: stored bytes as they were read, new facts as objects (serialised one
  // at a time when the pack is written, so a cold run never holds every file's bytes at once).
  const used = new Map<string, Buffer | CodeFacts>();
  let changed = false;
  const read = (file: string): Map<string, Buffer> => {
    try {
      return readPack(readFileSync(file));
    } catch {
      return new Map();
    }
  };
  const load = () => {
    base ??= read(pack);
    delta ??= read(deltaPack);
    return { base, delta };
  };
  const write = (file: string, entries: Map<string, Buffer | CodeFacts>) => {
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      writePack(temporary, entries);
      renameSync(temporary, file);
    } catch {
      // A read-only or full disk costs speed, never the scan.
      rmSync(temporary, { force: true });
    }
  };
  const raw = (key: string) => {
    const packs = load();
    return packs.delta.get(key) ?? packs.base.get(key);
  };
  const cache: FactsCache = {
    hits: 0,
    keyOf,
    raw,
    keep(key) {
      const bytes = raw(key);
      if (bytes && !used.has(key)) used.set(key, bytes);
    },
    get(file, text) {
      const key = keyOf(file, text);
      const bytes = raw(key);
      if (!bytes) return undefined;
      let facts: CodeFacts;
      try {
        facts = deserialize(bytes) as CodeFacts;
      } catch {
        return undefined;
      }
      if (!facts || facts.file !== file) return undefined;
      used.set(key, bytes);
      cache.hits++;
      return facts;
    },
    set(file, text, facts) {
      used.set(keyOf(file, text), facts);
      changed = true;
    },
    flush() {
      try {
        writeChanges();
      } finally {
        // The facts are in objects by now (and on disk): their bytes need not stay in memory.
        used.clear();
        base = new Map();
        delta = new Map();
      }
    },
  };
  const writeChanges = () => {
    const packs = load();
    const fresh = new Map([...used].filter(([key]) => !packs.base.has(key)));
    const stale = packs.base.size - (used.size - fresh.size);
    if (!changed && fresh.size === packs.delta.size && stale === 0) return;
    const limit = Math.max(32, packs.base.size * COMPACT_SHARE);
    if (packs.base.size > 0 && fresh.size <= limit && stale <= limit) {
      // A few files changed: only their facts are written; the base stays as it is.
      if (changed || fresh.size !== packs.delta.size) write(deltaPack, fresh);
      return;
    }
    // Compaction: one pack of exactly the entries this run used; the delta is folded in.
    write(pack, used);
    rmSync(deltaPack, { force: true });
  };
  return cache;
}

const PACK_HEADER = Buffer.from('leash facts pack 1\n');

/**
 * A pack: a header, then each entry as its key's length and bytes and its facts' length and
 * bytes. Written piece by piece and read as views into the file's bytes, so neither side makes
 * one more copy of every file's facts. Anything malformed reads as an empty pack.
 */
function writePack(file: string, entries: Map<string, Buffer | CodeFacts>): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, PACK_HEADER);
    const lengths = Buffer.alloc(4);
    for (const [key, value] of entries) {
      const bytes = Buffer.isBuffer(value) ? value : serializeFacts(value);
      const keyBytes = Buffer.from(key, 'utf8');
      lengths.writeUInt32LE(keyBytes.length);
      writeSync(fd, lengths);
      writeSync(fd, keyBytes);
      lengths.writeUInt32LE(bytes.length);
      writeSync(fd, lengths);
      writeSync(fd, bytes);
    }
  } finally {
    closeSync(fd);
  }
}

function readPack(data: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  if (data.length < PACK_HEADER.length || !data.subarray(0, PACK_HEADER.length).equals(PACK_HEADER)) return entries;
  let at = PACK_HEADER.length;
  const take = (): Buffer | undefined => {
    if (at + 4 > data.length) return undefined;
    const length = data.readUInt32LE(at);
    if (at + 4 + length > data.length) return undefined;
    const bytes = data.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return bytes;
  };
  while (at < data.length) {
    const key = take();
    const bytes = take();
    if (!key || !bytes) return new Map();
    entries.set(key.toString('utf8'), bytes);
  }
  return entries;
}
