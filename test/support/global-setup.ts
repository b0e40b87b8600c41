import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every test run works in one temporary folder of its own — the facts cache and the folders the
 * tests create — and removes it at the end: nothing is left behind.
 */
export default function setup() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'leash-tests-'));
  process.env.LEASH_TEST_TMP = root;
  process.env.LEASH_CACHE_DIR = path.join(root, 'cache');
  return () => rmSync(root, { recursive: true, force: true });
}
