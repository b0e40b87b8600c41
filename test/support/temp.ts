import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary folder inside the run's own folder (test/support/global-setup.ts removes it at the end). */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(process.env.LEASH_TEST_TMP ?? os.tmpdir(), prefix));
}
