// Regenerates the generated parts of the docs from the built registry: the README's rule table and
// the JSON Schema of leash.config.json. Run with `npm run docs` (after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { allRules, metaRules } from '../dist/rules/index.js';
import { renderRulesTable, withRulesTable } from '../dist/src/report/rules-table.js';
import { configJsonSchema } from '../dist/src/config/json-schema.js';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withRulesTable(readme, renderRulesTable([...allRules.map((r) => r.meta), ...metaRules])));
writeFileSync('schema/leash.config.schema.json', JSON.stringify(configJsonSchema([...allRules.map((r) => r.meta.id), ...metaRules.map((m) => m.id)]), null, 2) + '\n');
console.log('README.md rule table and schema/leash.config.schema.json are up to date');
