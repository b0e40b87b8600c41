import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, metaRules } from '../rules/index.js';
import { FIXTURES, REPO, listCases, readAnnotations, scanCase } from './support/fixtures.js';

const README_HEADINGS = ['## What it reports', '## Why it matters', '## Examples', '## How to fix', '## Options'];
const everyRule = [...allRules.map((r) => r.meta), ...metaRules];

describe.each(everyRule.map((meta) => [meta.id, meta] as const))('rule %s', (ruleId) => {
  it('has a README with the fixed headings', () => {
    const readme = path.join(REPO, 'rules', ruleId, 'README.md');
    expect(existsSync(readme), `${readme} is missing`).toBe(true);
    const text = readFileSync(readme, 'utf8');
    expect(text.startsWith(`# ${ruleId}`), 'README must start with "# <rule-id>"').toBe(true);
    for (const heading of README_HEADINGS) expect(text, `README lacks "${heading}"`).toContain(heading);
  });

  const cases = listCases(ruleId);
  it('has bad and good fixtures', () => {
    expect(cases.bad.length, `fixtures/${ruleId}/bad/ has no case`).toBeGreaterThan(0);
    expect(cases.good.length, `fixtures/${ruleId}/good/ has no case`).toBeGreaterThan(0);
  });

  for (const caseDir of [...cases.bad, ...cases.good]) {
    const name = path.relative(FIXTURES, caseDir);
    it(`matches the annotations of ${name} exactly`, () => {
      const annotations = readAnnotations(caseDir);
      if (caseDir.includes(`${path.sep}bad${path.sep}`)) {
        expect(annotations.some((a) => a.kind === 'expect' && a.rule === ruleId), 'a bad case must expect the rule at least once').toBe(true);
      } else {
        expect(annotations.some((a) => a.kind === 'expect' && a.rule === ruleId), 'a good case must not expect its own rule').toBe(false);
      }
      // Rules compared: the one under test and any rule the case annotates.
      const rules = new Set([ruleId, ...annotations.map((a) => a.rule)]);
      const result = scanCase(caseDir);
      // Known gaps (todo-expect / todo-ok) are listed in the fixture but may go either way.
      const todo = new Set(annotations.filter((a) => a.kind.startsWith('todo-')).map((a) => `${a.file}:${a.line} ${a.rule}`));
      const actual = [...new Set(result.findings
        .filter((f) => rules.has(f.ruleId))
        .map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}`))]
        .filter((key) => !todo.has(key))
        .sort();
      const expected = annotations
        .filter((a) => a.kind === 'expect')
        .map((a) => `${a.file}:${a.line} ${a.rule}`)
        .sort();
      expect(actual).toEqual([...new Set(expected)].sort());
      for (const ok of annotations.filter((a) => a.kind === 'ok')) {
        expect(actual, `ok: ${ok.rule} at ${ok.file}:${ok.line} was reported`).not.toContain(`${ok.file}:${ok.line} ${ok.rule}`);
      }
    });
  }
});
