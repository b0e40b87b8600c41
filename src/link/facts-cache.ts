/**
 * The per-file facts cache: what extraction learned from a file, keyed by a hash of leash's
 * version, the file's path and its content, so that a file is parsed again only when it changed.
 * Facts are plain values (shared and even cyclic after in-place mutations), each file's serialised
 * with V8's structured serializer on its own, kept per scanned root in a base pack and a small
 * delta pack. A pack is opened by its index and an entry read only when asked for, so a run that
 * needs a few files' facts reads only theirs. A run that changed a few files writes only the delta
 * (the new entries), so touching one file does not re-serialise the facts of thousands; once the delta or the stale part of the base grows past a share of the
 * base, the run compacts: one pack holding exactly the entries it used. Every write goes through a
 * temporary file and a rename: two runs racing each leave whole, valid packs, and a broken pack is
 * ignored and rewritten.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
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
  // Packs are read by their index only: an entry's bytes are read when a run asks for them, so a
  // run that needs one file's facts (a pre-commit check) does not read the facts of thousands.
  let base: Pack | undefined;
  let delta: Pack | undefined;
  // Entries this run used: where their stored bytes are (read when the pack is rewritten), new
  // facts as objects (serialised one at a time when the pack is written, so a cold run never holds
  // every file's bytes at once).
  const used = new Map<string, StoredEntry | CodeFacts>();
  let changed = false;
  const load = () => {
    base ??= openPack(pack);
    delta ??= openPack(deltaPack);
    return { base, delta };
  };
  const write = (file: string, entries: Map<string, StoredEntry | CodeFacts>) => {
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
  const stored = (key: string): StoredEntry | undefined => {
    const packs = load();
    return packs.delta.entry(key) ?? packs.base.entry(key);
  };
  const cache: FactsCache = {
    hits: 0,
    keyOf,
    raw: (key) => stored(key)?.bytes(),
    keep(key) {
      const entry = stored(key);
      if (entry && !used.has(key)) used.set(key, entry);
    },
    get(file, text) {
      const key = keyOf(file, text);
      const entry = stored(key);
      const bytes = entry?.bytes();
      if (!entry || !bytes) return undefined;
      let facts: CodeFacts;
      try {
        facts = deserialize(bytes) as CodeFacts;
      } catch {
        return undefined;
      }
      if (!facts || facts.file !== file) return undefined;
      used.set(key, entry);
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
        // The facts are in objects by now (and on disk): nothing of the packs need stay open.
        used.clear();
        base?.close();
        delta?.close();
        base = emptyPack;
        delta = emptyPack;
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

/** An entry of a pack on disk: its bytes are read when asked for (undefined when the pack broke). */
interface StoredEntry {
  bytes(): Buffer | undefined;
}

interface Pack {
  size: number;
  has(key: string): boolean;
  entry(key: string): StoredEntry | undefined;
  close(): void;
}

const emptyPack: Pack = { size: 0, has: () => false, entry: () => undefined, close() {} };

const PACK_HEADER = Buffer.from('leash facts pack 2\n');
const PACK_TRAILER = Buffer.from('\nindex');

/**
 * A pack: a header, each entry's facts back to back, then an index (each entry's key and the
 * length of its facts, in the order they were written), the index's length and a trailer. The
 * index is at the end so that entries are written one at a time as they are serialised; it is
 * read first, and an entry's bytes only when the run needs them. Anything malformed reads as an
 * empty pack.
 */
function writePack(file: string, entries: Map<string, StoredEntry | CodeFacts>): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, PACK_HEADER);
    const index: Buffer[] = [];
    for (const [key, value] of entries) {
      const bytes = isStored(value) ? value.bytes() : serializeFacts(value);
      // An entry whose pack broke under this run is left out: it is extracted again next time.
      if (!bytes) continue;
      writeSync(fd, bytes);
      const keyBytes = Buffer.from(key, 'utf8');
      const lengths = Buffer.alloc(8);
      lengths.writeUInt32LE(keyBytes.length, 0);
      lengths.writeUInt32LE(bytes.length, 4);
      index.push(lengths, keyBytes);
    }
    const indexBytes = Buffer.concat(index);
    const indexLength = Buffer.alloc(4);
    indexLength.writeUInt32LE(indexBytes.length);
    writeSync(fd, indexBytes);
    writeSync(fd, indexLength);
    writeSync(fd, PACK_TRAILER);
  } finally {
    closeSync(fd);
  }
}

function isStored(value: StoredEntry | CodeFacts): value is StoredEntry {
  return typeof (value as StoredEntry).bytes === 'function';
}

/** Opens a pack by its index; its file stays open until `close` so that entries are read on demand. */
function openPack(file: string): Pack {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return emptyPack;
  }
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  try {
    const size = fstatSync(fd).size;
    const tail = PACK_TRAILER.length + 4;
    if (size < PACK_HEADER.length + tail) throw new Error('short');
    const header = readAt(fd, 0, PACK_HEADER.length);
    const end = readAt(fd, size - tail, tail);
    if (!header.equals(PACK_HEADER) || !end.subarray(4).equals(PACK_TRAILER)) throw new Error('not a pack');
    const indexLength = end.readUInt32LE(0);
    const indexStart = size - tail - indexLength;
    if (indexStart < PACK_HEADER.length) throw new Error('bad index');
    const index = readAt(fd, indexStart, indexLength);
    const entries = new Map<string, { offset: number; length: number }>();
    let offset = PACK_HEADER.length;
    for (let at = 0; at < index.length; ) {
      if (at + 8 > index.length) throw new Error('bad index');
      const keyLength = index.readUInt32LE(at);
      const length = index.readUInt32LE(at + 4);
      if (at + 8 + keyLength > index.length || offset + length > indexStart) throw new Error('bad index');
      entries.set(index.toString('utf8', at + 8, at + 8 + keyLength), { offset, length });
      at += 8 + keyLength;
      offset += length;
    }
    return {
      size: entries.size,
      has: (key) => entries.has(key),
      entry(key) {
        const at = entries.get(key);
        if (!at) return undefined;
        let bytes: Buffer | undefined;
        return {
          bytes() {
            if (bytes || !open) return bytes;
            try {
              bytes = readAt(fd, at.offset, at.length);
            } catch {
              return undefined;
            }
            return bytes;
          },
        };
      },
      close,
    };
  } catch {
    close();
    return emptyPack;
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) throw new Error('short read');
    done += n;
  }
  return buffer;
}
