import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { findConfig, loadConfig } from '../../src/config/load.js';
import { scan, type ScanResult } from '../../src/engine/pipeline.js';
import { plugins } from '../../src/plugins.js';
import { MANIFEST_FILE, type AccessManifest } from '../../src/graph/manifest.js';
import { parse } from 'yaml';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(REPO, 'fixtures');

/** One expectation read from a fixture: `// expect: rule` (must be reported) or `// ok: rule` (must not). */
export interface Annotation {
  file: string;
  line: number;
  rule: string;
  kind: 'expect' | 'ok' | 'todo-expect' | 'todo-ok';
}

const ANNOTATION = /(?:\/\/|#|\/\*|<!--)\s*(todo-expect|todo-ok|expect|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g;

/** Cases of a rule: every directory directly under `fixtures/<rule>/{bad,good}/`. */
export function listCases(ruleId: string): { bad: string[]; good: string[] } {
  const dirOf = (kind: string) => {
    const dir = path.join(FIXTURES, ruleId, kind);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((name) => path.join(dir, name))
      .filter((p) => statSync(p).isDirectory())
      .sort();
  };
  return { bad: dirOf('bad'), good: dirOf('good') };
}

/**
 * Reads annotations. A comment alone on its line refers to the next line that is not a comment
 * (a suppression directive counts as a line); a trailing comment refers to its own line. JSON files carry theirs in `expected.json`.
 */
export function readAnnotations(caseDir: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const file of walkFiles(caseDir)) {
    const rel = path.relative(caseDir, file).split(path.sep).join('/');
    if (rel === 'expected.json') {
      const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { file: string; line: number; rule: string }[]>;
      for (const kind of ['expect', 'ok', 'todo-expect', 'todo-ok'] as const) {
        for (const a of data[kind] ?? []) annotations.push({ ...a, kind });
      }
      continue;
    }
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      for (const match of text.matchAll(ANNOTATION)) {
        const before = text.slice(0, match.index).trim();
        const standalone = before === '' || before === '*';
        let line = index + 1;
        if (standalone) {
          let next = index + 1;
          // Skip further comment lines (stacked annotations, explanations); a suppression directive
          // is a comment that can itself be reported, so it is a target.
          while (next < lines.length && /^\s*(?:\/\/|#|\/\*|\*|<!--)/.test(lines[next]) && !lines[next].includes('leash-ignore-next-line')) next++;
          line = next + 1;
        }
        for (const rule of match[2].split(',').map((r) => r.trim())) {
          annotations.push({ file: rel, line, rule, kind: match[1] as Annotation['kind'] });
        }
      }
    });
  }
  return annotations;
}

/** Scans a case as the CLI would, with its committed access manifest when it has one. */
export function scanCase(caseDir: string): ScanResult {
  const manifest = path.join(caseDir, MANIFEST_FILE);
  const configFile = findConfig(caseDir);
  const config = configFile ? loadConfig(configFile, [...plugins.rules.map((r) => r.meta.id), ...plugins.metaRules.map((m) => m.id)]) : DEFAULT_CONFIG;
  const policy = {
    ...(existsSync(manifest) ? { manifest: { file: MANIFEST_FILE, data: parse(readFileSync(manifest, 'utf8')) as AccessManifest } } : {}),
    ...(config.roles.length ? { roles: config.roles } : {}),
  };
  return scan({ root: caseDir, config, plugins, policy });
}

export function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walkFiles(full));
    else out.push(full);
  }
  return out;
}
