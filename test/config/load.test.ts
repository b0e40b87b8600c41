import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tempDir } from '../support/temp.js';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfig, loadConfig } from '../../src/config/load.js';

const RULES = ['no-free-form-shell', 'no-code-eval', 'require-typed-schema'];

function configFile(name: string, text: string): string {
  const dir = tempDir('leash-config-');
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

function errorsOf(file: string): string[] {
  try {
    loadConfig(file, RULES);
  } catch (error) {
    if (error instanceof ConfigError) return error.messages;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('reads JSONC with comments and trailing commas', () => {
    const file = configFile('leash.config.json', '{\n  // stricter in CI\n  "rules": { "require-typed-schema": "error", },\n  "exclude": ["**/*.test.ts"],\n}\n');
    expect(loadConfig(file, RULES)).toEqual({ rules: { 'require-typed-schema': 'error' }, include: [], exclude: ['**/*.test.ts'], overrides: [], exceptions: [], roles: [] });
  });

  it('reads YAML', () => {
    const file = configFile('leash.config.yaml', 'rules:\n  no-code-eval: warning\ninclude:\n  - src/**\n');
    expect(loadConfig(file, RULES)).toEqual({ rules: { 'no-code-eval': 'warning' }, include: ['src/**'], exclude: [], overrides: [], exceptions: [], roles: [] });
  });

  it('names the file, line and key of a bad severity', () => {
    const file = configFile('leash.config.json', '{\n  "rules": {\n    "no-free-form-shell": "fatal"\n  }\n}\n');
    expect(errorsOf(file)).toEqual(['leash.config.json:3:5 rules.no-free-form-shell: must be one of "off", "note", "warning", "error"']);
  });

  it('rejects unknown keys and unknown rule ids with a suggestion', () => {
    expect(errorsOf(configFile('leash.config.json', '{ "rulez": {} }'))[0]).toMatch(/^leash\.config\.json:1:1 .*rulez/);
    expect(errorsOf(configFile('leash.config.yml', 'rules:\n  no-free-form-shel: error\n'))).toEqual(['leash.config.yml:2:3 rules.no-free-form-shel: unknown rule; did you mean "no-free-form-shell"?']);
  });

  it('reports malformed files with their position', () => {
    expect(errorsOf(configFile('leash.config.json', '{\n  "rules": { "no-code-eval": "error" \n'))[0]).toMatch(/^leash\.config\.json:\d+:\d+ invalid JSON: /);
    expect(errorsOf(configFile('leash.config.yaml', 'rules:\n  - [unclosed\n'))[0]).toMatch(/^leash\.config\.yaml:\d+:\d+ invalid YAML: /);
  });

  it('finds the config in the root, and uses the defaults without one', () => {
    const file = configFile('leash.config.yaml', 'rules: {}\n');
    expect(findConfig(path.dirname(file))).toBe(file);
    expect(loadConfig(undefined, RULES)).toEqual({ rules: {}, include: [], exclude: [], overrides: [], exceptions: [], roles: [] });
  });
});
