import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every test run caches facts in a folder of its own, removed at the end: nothing is left behind. */
export default function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leash-test-cache-'));
  process.env.LEASH_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
