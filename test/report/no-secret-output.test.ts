import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import { FIXTURES } from '../support/fixtures.js';

/** The secrets written in the no-hardcoded-secrets fixture: no output of leash may contain them. */
const SECRETS = ['xoxb-2210535565-8842210535565-Qd7uNw3bXkT9pLmZr4HsVcYe', '9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa9988'];

async function output(format: string): Promise<string> {
  let text = '';
  const io: CliIO = { stdout: (t) => (text += t), stderr: (t) => (text += t), cwd: process.cwd(), env: { NO_COLOR: '1' }, isTTY: false };
  await main([path.join(FIXTURES, 'no-hardcoded-secrets', 'bad', 'inline-tokens'), '--format', format], io);
  return text;
}

describe('secret values are never printed', () => {
  it.each(['pretty', 'json'])('%s output names the key and redacts the value', async (format) => {
    const text = await output(format);
    expect(text).toContain('SLACK_BOT_TOKEN');
    for (const secret of SECRETS) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(8, 24));
    }
  });
});
