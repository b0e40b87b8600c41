import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, metaRules } from '../rules/index.js';
import { configJsonSchema } from '../src/config/json-schema.js';
import { renderRulesTable, withRulesTable } from '../src/report/rules-table.js';
import { REPO } from './support/fixtures.js';

describe('generated docs stay in sync (run `npm run docs` when this fails)', () => {
  it('the README rule table matches the registry', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    expect(readme).toBe(withRulesTable(readme, renderRulesTable([...allRules.map((r) => r.meta), ...metaRules])));
  });

  it('the shipped JSON Schema matches the zod schema', () => {
    const shipped = JSON.parse(readFileSync(path.join(REPO, 'schema', 'leash.config.schema.json'), 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(configJsonSchema([...allRules.map((r) => r.meta.id), ...metaRules.map((m) => m.id)]))));
    // Editors complete rule ids from it.
    expect(shipped.properties.rules.propertyNames.enum).toContain('no-free-form-shell');
  });

  it('the README starts with the two newcomer commands', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const firstBlock = readme.split('```sh\n')[1].split('```')[0];
    expect(firstBlock.trim().split('\n')).toEqual(['npm ci && npx leash fixtures/projects/support-desk', 'npm test']);
  });
});
