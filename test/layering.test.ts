import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, walkFiles } from './support/fixtures.js';

/**
 * The layering of STYLE.md, checked from the import graph: rules read the graph only, extractors
 * write facts only, reporters render only, and the engine names no rule or extractor.
 */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g;

function importsOf(dir: string): { file: string; target: string }[] {
  const root = path.join(REPO, dir);
  return walkFiles(root)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => ({ file: path.relative(REPO, file), specifier: m[1] })))
    .map(({ file, specifier }) => ({
      file,
      target: specifier.startsWith('.') ? path.relative(REPO, path.resolve(REPO, path.dirname(file), specifier)) : specifier,
    }));
}

function violations(dir: string, allowed: (target: string) => boolean): string[] {
  return importsOf(dir)
    .filter(({ target }) => !allowed(target))
    .map(({ file, target }) => `${file} imports ${target}`);
}

describe('layering', () => {
  it('rules import only the graph, the engine types and their shared helpers', () => {
    expect(violations('rules', (t) => /^(?:src\/graph\/|src\/engine\/(?:rule|finding)\.js$|rules\/)/.test(t))).toEqual([]);
  });

  it('the engine names no rule and no extractor', () => {
    expect(violations('src/engine', (t) => !/^(?:rules\/|src\/extract\/(?:code|config)\/|src\/link\/|src\/report\/|src\/cli\/)/.test(t))).toEqual([]);
  });

  it('extractors import no rule, reporter or CLI code', () => {
    expect(violations('src/extract', (t) => !/^(?:rules\/|src\/report\/|src\/cli\/|src\/engine\/pipeline)/.test(t))).toEqual([]);
  });

  it('reporters do no analysis: no parser, extractor or linker', () => {
    expect(violations('src/report', (t) => !/^(?:typescript$|src\/extract\/|src\/link\/|src\/discover\/|node:fs)/.test(t))).toEqual([]);
  });
});

describe('layering check itself', () => {
  it('sees the imports it judges (a rule importing the parser would be caught)', () => {
    const ruleImports = importsOf('rules').map((i) => i.target);
    expect(ruleImports).toContain('src/engine/rule.js');
    expect(violations('rules', (t) => t !== 'src/engine/rule.js').length).toBeGreaterThan(0);
  });
});
