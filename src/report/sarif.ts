/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, any SARIF viewer): one run, the rules
 * with their docs, CWE and OWASP tags and a `security-severity`, one result per finding with its
 * region, its agent → tool → sink path as a code flow, and the semantic fingerprint as a partial
 * fingerprint so that results survive unrelated edits. A pure function of the scan result.
 */
import type { Log, ReportingDescriptor, Result, ThreadFlowLocation } from 'sarif';
import type { Finding, PathStep } from '../engine/finding.js';
import type { ScanResult } from '../engine/pipeline.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Location } from '../graph/model.js';

export interface SarifOptions {
  tool: { name: string; version: string; informationUri: string };
  rules: RuleMeta[];
  /** The page of a rule's documentation. */
  helpUri(ruleId: string): string;
}

const LEVEL = { error: 'error', warning: 'warning', note: 'note' } as const;
/** GitHub's severity scale (0–10) by default level: error → high, warning → medium, note → low. */
const SECURITY_SEVERITY = { error: '8.0', warning: '5.5', note: '3.0' } as const;

export function renderSarif(result: ScanResult, options: SarifOptions): string {
  const used = new Set(result.findings.map((f) => f.ruleId));
  const rules = [...options.rules].filter((r) => used.has(r.id) || r.category !== 'meta').sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: options.tool.name, version: options.tool.version, informationUri: options.tool.informationUri, rules: rules.map((r) => descriptor(r, options)) } },
        results: result.findings.map((f) => toResult(f, index.get(f.ruleId))),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function descriptor(rule: RuleMeta, options: SarifOptions): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}. ${rule.help}` },
    help: { text: rule.help, markdown: `${rule.help}\n\n[Documentation](${options.helpUri(rule.id)})` },
    helpUri: options.helpUri(rule.id),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags: ['security', ...rule.cwe.map((c) => `external/cwe/${c.toLowerCase()}`), ...rule.owasp.map((o) => `owasp/${o}`)],
      'security-severity': SECURITY_SEVERITY[rule.defaultSeverity],
      precision: 'high',
    },
  };
}

function toResult(f: Finding, ruleIndex: number | undefined): Result {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [physical(f.location)],
    partialFingerprints: { 'leashFingerprint/v1': f.fingerprint },
    ...(f.path.length > 1 ? { codeFlows: [{ threadFlows: [{ locations: f.path.map(step) }] }] } : {}),
    ...(f.agents.length ? { properties: { agents: f.agents, ...(f.tool ? { tool: f.tool } : {}) } } : {}),
  };
}

function step(s: PathStep, i: number): ThreadFlowLocation {
  return { location: { ...physical(s.location), message: { text: s.label } }, executionOrder: i + 1 };
}

function physical(l: Location) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(l.file), uriBaseId: '%SRCROOT%' },
      region: { startLine: Math.max(1, l.line), startColumn: Math.max(1, l.column), ...(l.endLine >= l.line ? { endLine: l.endLine } : {}), ...(l.endLine === l.line && l.endColumn > l.column ? { endColumn: l.endColumn } : {}) },
    },
  };
}
