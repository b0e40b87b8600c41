/**
 * Loads `leash.config.json` (JSONC allowed), `.jsonc`, `.yaml` or `.yml`, and validates it with
 * the zod schema. Errors name the file, the line and column of the bad key, and the key path.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { configSchema, DEFAULT_CONFIG, type LeashConfig } from './schema.js';

export const CONFIG_FILES = ['leash.config.json', 'leash.config.jsonc', 'leash.config.yaml', 'leash.config.yml'];

export class ConfigError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Finds the config like ESLint does: in `root`, else in its parents up to the repository's top
 * (the folder holding `.git`), so that `leash src` keeps the project's config. None: the defaults.
 */
export function findConfig(root: string): string | undefined {
  for (let dir = path.resolve(root), hops = 0; hops < 64; hops++) {
    const found = CONFIG_FILES.map((name) => path.join(dir, name)).find((p) => existsSync(p));
    if (found) return found;
    const parent = path.dirname(dir);
    if (existsSync(path.join(dir, '.git')) || parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/**
 * Reads and validates a config file. `ruleIds` are the registered rules, so that a typo in
 * `rules` is an error with a suggestion rather than a silently ignored setting.
 */
export function loadConfig(file: string | undefined, ruleIds: string[], seen = new Set<string>()): LeashConfig {
  if (!file) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  const name = path.basename(file);
  const parsed = /\.ya?ml$/.test(file) ? parseYaml(text, name) : parseJsonc(text, name);
  const result = configSchema.safeParse(parsed.value ?? {});
  const errors: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keyPath = issue.path.map(String);
      errors.push(`${name}:${parsed.position(keyPath)} ${keyPath.join('.') || '(root)'}: ${issue.message}`);
    }
    throw new ConfigError(errors);
  }
  for (const id of Object.keys(result.data.rules)) {
    if (ruleIds.includes(id)) continue;
    const close = closest(id, ruleIds);
    errors.push(`${name}:${parsed.position(['rules', id])} rules.${id}: unknown rule${close ? `; did you mean "${close}"?` : ''}`);
  }
  if (errors.length > 0) throw new ConfigError(errors);
  return resolveExtends(result.data, file, ruleIds, seen);
}

/**
 * Applies `extends`: presets and shared files first, this file last, so its settings win. Lists
 * (include, exclude, exceptions, roles, overrides) add up; rule severities merge key by key.
 */
function resolveExtends(config: LeashConfig, file: string, ruleIds: string[], seen: Set<string>): LeashConfig {
  const bases = config.extends === undefined ? [] : [config.extends].flat();
  let merged: LeashConfig = { ...DEFAULT_CONFIG };
  for (const base of bases) {
    let layer: LeashConfig;
    if (base === 'leash:recommended') layer = DEFAULT_CONFIG;
    else if (base === 'leash:strict') layer = { ...DEFAULT_CONFIG, rules: Object.fromEntries(ruleIds.map((id) => [id, 'error' as const])) };
    else {
      const target = path.resolve(path.dirname(file), base);
      if (seen.has(target)) throw new ConfigError([`${path.basename(file)}: extends ${base}, which extends it back`]);
      if (!existsSync(target)) throw new ConfigError([`${path.basename(file)}: extends ${base}, which does not exist`]);
      layer = loadConfig(target, ruleIds, new Set([...seen, path.resolve(file)]));
    }
    merged = mergeConfigs(merged, layer);
  }
  const { extends: _own, ...rest } = config;
  return mergeConfigs(merged, rest as LeashConfig);
}

function mergeConfigs(base: LeashConfig, over: LeashConfig): LeashConfig {
  return {
    ...base,
    ...(over.$schema ? { $schema: over.$schema } : {}),
    rules: { ...base.rules, ...over.rules },
    include: [...base.include, ...over.include],
    exclude: [...base.exclude, ...over.exclude],
    overrides: [...base.overrides, ...over.overrides],
    exceptions: [...base.exceptions, ...over.exceptions],
    roles: [...base.roles, ...over.roles],
  };
}

interface Parsed {
  value: unknown;
  /** `line:column` of a key path, 1-based; the file start when the key is absent. */
  position(keyPath: string[]): string;
}

function parseJsonc(text: string, name: string): Parsed {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lineOf = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return `${line}:${offset - before.lastIndexOf('\n')}`;
  };
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    throw new ConfigError([`${name}:${first ? lineOf(first.offset) : '1:1'} invalid JSON: ${first ? printParseErrorCode(first.error) : 'empty file'}`]);
  }
  return {
    value: JSON.parse(JSON.stringify(evaluateJsonc(tree))),
    position(keyPath) {
      for (let n = keyPath.length; n >= 0; n--) {
        const node = findNodeAtLocation(tree, keyPath.slice(0, n));
        if (node) return lineOf(node.parent?.type === 'property' ? node.parent.offset : node.offset);
      }
      return '1:1';
    },
  };
}

function evaluateJsonc(node: import('jsonc-parser').Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value as string, p.children![1] ? evaluateJsonc(p.children![1]) : null]));
    case 'array':
      return (node.children ?? []).map(evaluateJsonc);
    default:
      return node.value;
  }
}

function parseYaml(text: string, name: string): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = lineCounter.linePos(error.pos[0]);
    throw new ConfigError([`${name}:${pos.line}:${pos.col} invalid YAML: ${error.message.split('\n')[0]}`]);
  }
  let value: unknown;
  try {
    // Aliases expanding into a huge value (a "billion laughs" document) are refused, not built.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError([`${name}:1:1 invalid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  return {
    value,
    position(keyPath) {
      for (let n = keyPath.length; n >= 0; n--) {
        const node = doc.getIn(keyPath.slice(0, n), true) as YamlNode | undefined;
        const pair = n > 0 ? findPair(doc.getIn(keyPath.slice(0, n - 1), true) as YamlNode | undefined, keyPath[n - 1]) : undefined;
        const range = pair ?? node?.range?.[0];
        if (range !== undefined) {
          const pos = lineCounter.linePos(range);
          return `${pos.line}:${pos.col}`;
        }
      }
      return '1:1';
    },
  };
}

function findPair(parent: YamlNode | undefined, key: string): number | undefined {
  if (!parent || !(isMap(parent) || isSeq(parent))) return undefined;
  if (isMap(parent)) {
    const pair = parent.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === key);
    return (pair?.key as YamlNode | undefined)?.range?.[0];
  }
  return undefined;
}

/** The registered id closest to a typo (edit distance at most a third of its length). */
export function closest(input: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(input, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
