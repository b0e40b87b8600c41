import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import { FIXTURES } from '../support/fixtures.js';

// ajv-draft-04 is CommonJS: its class is the default export's `default`.
type AjvClass = new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } };
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as unknown as AjvClass;

// The official SARIF 2.1.0 schema (rtm.5), shipped inside a dev dependency: never fetched.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

async function sarif(dir: string) {
  let out = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: () => {}, cwd: process.cwd(), env: { NO_COLOR: '1' }, isTTY: false };
  await main([dir, '--format', 'sarif'], io);
  return JSON.parse(out);
}

describe('SARIF report', () => {
  it('validates against the SARIF 2.1.0 schema, with one code flow per finding listing each hop', async () => {
    const log = await sarif(path.join(FIXTURES, 'projects', 'support-desk'));
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // The check can fail: a log with a wrong version or a result without a message does not pass.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ruleId: 'x' }] }] })).toBe(false);
    const results = log.runs[0].results;
    expect(results.length).toBeGreaterThan(3);
    const shell = results.find((r: { ruleId: string }) => r.ruleId === 'no-free-form-shell');
    expect(shell.codeFlows).toHaveLength(1);
    const hops = shell.codeFlows[0].threadFlows[0].locations.map((l: { location: { message: { text: string } } }) => l.location.message.text);
    expect(hops).toEqual(['agent on-call', 'tool runDiagnostics', 'run()', 'execAsync']);
    expect(shell.partialFingerprints['leashFingerprint/v1']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('describes every rule with its docs link, CWE and OWASP tags and a security severity', async () => {
    const log = await sarif(path.join(FIXTURES, 'projects', 'support-desk'));
    const rules = log.runs[0].tool.driver.rules;
    const shell = rules.find((r: { id: string }) => r.id === 'no-free-form-shell');
    expect(shell.helpUri).toBe(`https://unpkg.com/leash-lint@${log.runs[0].tool.driver.version}/rules/no-free-form-shell/README.md`);
    expect(shell.properties.tags).toEqual(['security', 'external/cwe/cwe-78', 'owasp/LLM06', 'owasp/ASI05', 'owasp/MCP05']);
    expect(shell.properties['security-severity']).toBe('8.0');
    for (const result of log.runs[0].results) expect(rules[result.ruleIndex].id).toBe(result.ruleId);
  });
});
