import type { LeashConfig } from '../config/schema.js';
import { discover, isDocumentation } from '../discover/discover.js';
import type { ConfigExtractor, SourceFile } from '../extract/types.js';
import { buildGraph, type GraphFragment } from '../graph/build.js';
import type { AccessGraph } from '../graph/graph.js';
import type { Diagnostic } from '../graph/model.js';
import type { Finding, Severity } from './finding.js';
import { fingerprint } from './fingerprint.js';
import type { Policy, Rule, RuleMeta } from './rule.js';
import { applySuppressions, findSuppressions } from './suppressions.js';
import { fileClass } from '../discover/file-class.js';
import ignore from 'ignore';
import { applyBaseline, type Baseline, type BaselineEntry } from './baseline.js';
import { compareFindings } from './sort.js';

/** Turns code into graph facts (it picks the code files itself); provided by the code extractor and linker. */
export type CodeAnalyzer = (files: SourceFile[], options?: { cacheDir?: string; version?: string; root?: string; onProgress?: (done: number, total: number) => void }) => { fragment: GraphFragment; diagnostics: Diagnostic[]; parsedFiles: number; timings?: Record<string, number> };

/** Everything the engine runs, registered by the composition root; the engine names none of them. */
export interface Plugins {
  rules: Rule[];
  /** Rules the engine reports itself (suppressions, parse errors): metadata only. */
  metaRules: RuleMeta[];
  configExtractors: ConfigExtractor[];
  analyzeCode: CodeAnalyzer;
}

export interface ScanInput {
  /** Absolute path of the scanned root; every reported path is relative to it. */
  root: string;
  paths?: string[];
  config: LeashConfig;
  plugins: Plugins;
  /** When set, only findings in these files are reported (pre-commit); everything is still analysed. */
  reportOnly?: Set<string>;
  /** Report findings in test, eval, mock and fixture files too (they are always analysed). */
  includeTests?: boolean;
  /** File contents to use instead of the working tree (the index, for `--staged`). */
  overrides?: Map<string, string | null>;
  /** Called as code files are analysed, for a progress line on a terminal. */
  onProgress?: (done: number, total: number) => void;
  /** The team's declared policy (manifest, roles), handed to the rules. */
  policy?: Policy;
  /** Where per-file facts are cached between runs (none: no cache), and the version keying them. */
  cache?: { dir: string; version: string };
  /** Accepted findings: not reported, counted; entries matching nothing are reported as stale. */
  baseline?: { file: string; text: string; data: Baseline };
}

export interface ScanStats {
  filesDiscovered: number;
  codeFilesParsed: number;
  configFiles: number;
  agents: number;
  tools: number;
  errors: number;
  warnings: number;
  notes: number;
  suppressed: number;
  /** Findings in test files, not reported (see `--include-tests`). */
  inTests: number;
  /** Findings accepted by the baseline. */
  baselined: number;
}

export interface ScanResult {
  /** Milliseconds per stage, and how many files the cache answered. */
  timings: Record<string, number>;
  graph: AccessGraph;
  findings: Finding[];
  diagnostics: Diagnostic[];
  stats: ScanStats;
}

/** discover → extract → link → graph → rules → suppress. Reporting is the caller's. */
export function scan(input: ScanInput): ScanResult {
  const { plugins, config } = input;
  const t0 = performance.now();
  const discovered = discover({ root: input.root, paths: input.paths, include: config.include, exclude: config.exclude, overrides: input.overrides });
  const diagnostics = [...discovered.diagnostics];

  const fragments: GraphFragment[] = [];
  // The analyzer gets every file: it also reads tsconfig paths and workspace package names.
  const t1 = performance.now();
  const code = plugins.analyzeCode(discovered.files, { ...(input.cache ? { cacheDir: input.cache.dir, version: input.cache.version, root: input.root } : {}), ...(input.onProgress ? { onProgress: input.onProgress } : {}) });
  const t2 = performance.now();
  fragments.push(code.fragment);
  diagnostics.push(...code.diagnostics);

  let configFiles = 0;
  for (const file of discovered.files) {
    for (const extractor of plugins.configExtractors) {
      if (!extractor.matches(file.path)) continue;
      if (!extractor.readsCode) configFiles++;
      const extraction = safeExtract(extractor, file);
      fragments.push(extraction.fragment);
      diagnostics.push(...extraction.diagnostics);
    }
  }

  const t3 = performance.now();
  const graph = buildGraph(fragments);
  const metas = new Map<string, RuleMeta>([...plugins.rules.map((r) => [r.meta.id, r.meta] as const), ...plugins.metaRules.map((m) => [m.id, m] as const)]);
  const raw: Finding[] = [];
  const overrides = config.overrides.map((o) => ({ match: ignore().add(o.files), rules: o.rules }));
  // The last override matching the finding's file wins over the top-level setting.
  const settingFor = (ruleId: string, file: string) => [...overrides].reverse().find((o) => o.rules[ruleId] && o.match.ignores(file))?.rules[ruleId] ?? config.rules[ruleId];
  for (const rule of plugins.rules) {
    if (config.rules[rule.meta.id] === 'off' && overrides.every((o) => !o.rules[rule.meta.id] || o.rules[rule.meta.id] === 'off')) continue;
    for (const found of safeCheck(rule, graph, diagnostics, input.policy)) {
      const setting = settingFor(rule.meta.id, found.location.file);
      if (setting === 'off') continue;
      raw.push({
        ruleId: rule.meta.id,
        severity: (setting as Severity | undefined) ?? found.severity ?? rule.meta.defaultSeverity,
        message: found.message,
        location: found.location,
        path: found.path ?? [],
        agents: [...new Set(found.agents ?? [])].sort(),
        ...(found.tool ? { tool: found.tool } : {}),
        ...(found.operation ? { operation: found.operation } : {}),
        help: found.help ?? rule.meta.help,
        fingerprint: fingerprint(rule.meta.id, found.key),
      });
    }
  }
  for (const diagnostic of diagnostics) raw.push(parseErrorFinding(diagnostic));

  // A README is read for what it says of credentials; a suppression shown in its examples is text.
  const suppressions = discovered.files.filter((file) => !isDocumentation(file.path)).flatMap(findSuppressions);
  const outcome = applySuppressions(onePerSink(dedupe(raw)), suppressions);
  applyExceptions(outcome, config.exceptions);
  // A finding only test code can reach (a tool wired to a server a test builds) is a test's too.
  const testAgent = (id: string) => /^agent:(?!harness:|ci:)([^#]+)#/.test(id) && fileClass(/^agent:([^#]+)#/.exec(id)![1]) === 'test';
  const reportable = (f: Finding) => input.includeTests || (fileClass(f.location.file) === 'production' && !(f.agents.length > 0 && f.agents.every(testAgent)));
  const inTests = [...outcome.kept, ...outcome.meta].filter((f) => !reportable(f)).length;
  const findings = [...onePerToolOperation(outcome.kept.filter(reportable)), ...outcome.meta.filter(reportable)]
    .flatMap((f) => {
      // Rule findings already carry their configured severity; meta findings get theirs here.
      const setting = settingFor(f.ruleId, f.location.file);
      if (setting === 'off') return [];
      return [setting && metas.has(f.ruleId) ? { ...f, severity: setting } : f];
    })
    // A change anywhere on a finding's path counts: a new tool calling an unchanged shell helper
    // is a new finding, though the sink's file did not change.
    .filter((f) => !input.reportOnly || input.reportOnly.has(f.location.file) || f.path.some((step) => input.reportOnly!.has(step.location.file)))
    .sort(compareFindings);

  let baselined = 0;
  if (input.baseline) {
    const applied = applyBaseline(findings, input.baseline.data);
    baselined = applied.baselined.length;
    findings.splice(0, findings.length, ...applied.kept);
    // A stale entry is a fixed finding still in the baseline: say so, so that it gets pruned.
    if (!input.reportOnly) for (const entry of applied.stale) findings.push(staleEntryFinding(entry, input.baseline.file, input.baseline.text, config.rules['unused-suppression'] as Severity | undefined));
    findings.sort(compareFindings);
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const t4 = performance.now();
  return {
    timings: { discoverMs: t1 - t0, ...(code.timings ?? {}), codeMs: t2 - t1, configMs: t3 - t2, rulesMs: t4 - t3, totalMs: t4 - t0 },
    graph,
    findings,
    diagnostics: diagnostics.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)),
    stats: {
      filesDiscovered: discovered.files.length,
      codeFilesParsed: code.parsedFiles,
      configFiles,
      agents: graph.nodesOf('agent').length,
      tools: graph.nodesOf('tool').length,
      errors: count('error'),
      warnings: count('warning'),
      notes: count('note'),
      suppressed: outcome.suppressed.length,
      inTests,
      baselined,
    },
  };
}

/**
 * Config-level exceptions, for files that cannot carry a comment: a finding of `rule` in a file
 * matching `path` is accepted while the exception has not expired; an expired one is said so.
 */
function applyExceptions(outcome: ReturnType<typeof applySuppressions>, exceptions: LeashConfig['exceptions']): void {
  if (exceptions.length === 0) return;
  const today = new Date().toISOString().slice(0, 10);
  const live = exceptions.filter((e) => !e.until || e.until >= today).map((e) => ({ ...e, match: ignore().add(e.path) }));
  const kept = outcome.kept.filter((f) => {
    const hit = live.find((e) => e.rule === f.ruleId && e.match.ignores(f.location.file));
    if (hit) outcome.suppressed.push(f);
    return !hit;
  });
  outcome.kept.splice(0, outcome.kept.length, ...kept);
}

function staleEntryFinding(entry: BaselineEntry, file: string, text: string, severity: Severity | undefined): Finding {
  const offset = text.indexOf(entry.fingerprint);
  const line = offset < 0 ? 1 : text.slice(0, offset).split('\n').length;
  return {
    ruleId: 'unused-suppression',
    severity: severity ?? 'warning',
    message: `Baseline entry for \`${entry.ruleId}\` in ${entry.file} matches no finding any more: it was fixed or moved out of scope.`,
    location: { file, line, column: 1, endLine: line, endColumn: 1 },
    path: [],
    agents: [],
    help: 'Run `leash baseline --prune` to drop entries that no longer match.',
    fingerprint: fingerprint('unused-suppression', ['baseline', entry.ruleId, entry.fingerprint]),
  };
}

/**
 * One finding per sink: when several tools reach the same call for the same rule (a shared helper
 * that shells out), they are one problem, reported once, naming every tool and agent.
 */
function onePerSink(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    // Findings about agents or configs at the same place stay apart only when their messages differ.
    const key = f.tool ? `${f.ruleId}\u0000${f.location.file}:${f.location.line}:${f.location.column}` : `single\u0000${f.ruleId}\u0000${f.message}\u0000${f.location.file}:${f.location.line}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  // For each rule and tool, at how many sinks it is among the tools: a sink is shown as the
  // finding of the tool that reaches the most of that rule's sinks, so that a helper's sinks
  // reached by the same tools name the same tool and join as that tool's finding (below).
  const sinksOf = new Map<string, number>();
  for (const group of groups.values()) {
    for (const tool of new Set(group.map((f) => f.tool).filter((t): t is string => !!t))) {
      const key = `${group[0].ruleId}\u0000${tool}`;
      sinksOf.set(key, (sinksOf.get(key) ?? 0) + 1);
    }
  }
  const reach = (f: Finding) => sinksOf.get(`${f.ruleId}\u0000${f.tool ?? ''}`) ?? 0;
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0];
    // The shortest path is shown, then the tool that reaches the most sinks, then the first by
    // name. The fingerprint is the first in a stable order, so it does not depend on which tool
    // was found first.
    const ordered = [...group].sort((a, b) => a.path.length - b.path.length || reach(b) - reach(a) || (a.tool ?? '').localeCompare(b.tool ?? '') || a.fingerprint.localeCompare(b.fingerprint));
    const first = ordered[0];
    const tools = [...new Set(group.map((f) => f.tool).filter((t): t is string => !!t))].sort();
    const others = tools.length - 1;
    return {
      ...first,
      message: others > 0 ? `${first.message} The same call is reached by ${others} other tool${others === 1 ? '' : 's'}: ${tools.filter((t) => t !== first.tool).map((t) => `\`${t.replace(/^.*#/, '')}\``).slice(0, 6).join(', ')}${others > 6 ? ', …' : ''}.` : first.message,
      agents: [...new Set(group.flatMap((f) => f.agents))].sort(),
      fingerprint: [...group].map((f) => f.fingerprint).sort()[0],
    };
  });
}

/**
 * One finding per tool, rule and kind of operation: a tool that writes unconfined paths through
 * three calls has one problem to fix. The most severe, then the shortest path is shown; the
 * message names the other places. Runs after suppressions, so a suppressed call is not counted among them.
 */
function onePerToolOperation(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  // Reads, writes and deletes of one unconfined path are one problem: the tool's paths are not confined.
  const family = (op: string) => (op.startsWith('fs.') ? 'fs' : op.split('.').slice(0, 2).join('.'));
  const rank: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
  findings.forEach((f, i) => {
    const key = f.tool && f.operation ? `${f.ruleId}\u0000${f.tool}\u0000${family(f.operation)}` : `single\u0000${i}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  });
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0];
    // A place in the tool's own file comes first: that is where its author reads.
    const away = (f: Finding) => (f.tool && f.location.file === toolFile(f.tool) ? 0 : 1);
    // Making the folder is only the way to the write: the file written is the place to read.
    const onlyMakesFolder = (f: Finding) => (/(?:^|\.)mkdir/i.test(f.path[f.path.length - 1]?.label ?? '') ? 1 : 0);
    const ordered = [...group].sort((a, b) => rank[a.severity] - rank[b.severity] || away(a) - away(b) || onlyMakesFolder(a) - onlyMakesFolder(b) || a.path.length - b.path.length || a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line);
    const first = ordered[0];
    const others = [...new Set(ordered.slice(1).map((f) => `${f.location.file}:${f.location.line}`))];
    return {
      ...first,
      message: `${first.message} It does the same at ${others.length} other place${others.length === 1 ? '' : 's'}: ${others.slice(0, 4).join(', ')}${others.length > 4 ? ', …' : ''}.`,
      agents: [...new Set(group.flatMap((f) => f.agents))].sort(),
      fingerprint: group.map((f) => f.fingerprint).sort()[0],
    };
  });
}

/** The file a tool id names (`tool:src/tools.ts#bash`, `src/tools.ts#tool:bash@3:1`). */
function toolFile(toolId: string): string {
  return toolId.replace(/^tool:/, '').replace(/#.*$/, '');
}

/** Two rules may reach the same conclusion through two paths; one finding per fingerprint and line. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.fingerprint}:${f.location.file}:${f.location.line}`;
    const existing = seen.get(key);
    if (!existing || f.path.length < existing.path.length) seen.set(key, f);
  }
  return [...seen.values()];
}

function safeExtract(extractor: ConfigExtractor, file: SourceFile) {
  try {
    return extractor.extract(file);
  } catch (error) {
    return {
      fragment: { nodes: [], edges: [] },
      diagnostics: [{ file: file.path, code: 'internal-error', message: `${extractor.id} extractor failed: ${(error as Error).message}` }],
    };
  }
}

function safeCheck(rule: Rule, graph: AccessGraph, diagnostics: Diagnostic[], policy: Policy | undefined) {
  try {
    return rule.check({ graph, ...(policy ? { policy } : {}) });
  } catch (error) {
    diagnostics.push({ file: '.', code: 'internal-error', message: `rule ${rule.meta.id} failed: ${(error as Error).message}` });
    return [];
  }
}

function parseErrorFinding(d: Diagnostic): Finding {
  const line = d.line ?? 1;
  const column = d.column ?? 1;
  return {
    ruleId: 'parse-error',
    severity: 'warning',
    message: `${d.file}: ${d.message}`,
    location: { file: d.file, line, column, endLine: line, endColumn: column },
    path: [],
    agents: [],
    help: 'Fix the file so that it parses, or exclude it in leash.config.json; leash analysed everything else.',
    fingerprint: fingerprint('parse-error', [d.file, d.code]),
  };
}
