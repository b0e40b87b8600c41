import type { AccessGraph } from '../graph/graph.js';
import type { CommittedManifest } from '../graph/manifest.js';
import type { RuleFinding, Severity } from './finding.js';

export type RuleCategory = 'operations' | 'credentials' | 'registry' | 'harness' | 'meta';

export interface RuleMeta {
  /** Stable kebab-case id, equal to the rule's folder under `rules/`. */
  id: string;
  title: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  cwe: string[];
  owasp: string[];
  /** How to fix, one or two sentences; findings may override it. */
  help: string;
}

export interface RuleContext {
  graph: AccessGraph;
  /** What the team declared: the committed access manifest, roles. Rules read it, never files. */
  policy?: Policy;
}

export interface Policy {
  manifest?: { file: string; data: CommittedManifest };
  roles?: Role[];
}

/** A role from the config: what the agents assigned to it may reach. */
export interface Role {
  name: string;
  /** Agent ids or names, `*` wildcards allowed. */
  agents: string[];
  /** Operation classes (`fs.read`, `db.*`), tool names, MCP server names, credential references. */
  operations: string[];
  tools?: string[];
  mcpServers?: string[];
  credentials?: string[];
}

/** A rule reads the graph and nothing else: no fs, no parser, no process. */
export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): RuleFinding[];
}

/** Meta rules are reported by the engine itself (suppressions, parse errors); they have no check. */
export interface MetaRule {
  meta: RuleMeta;
}

/** The npm package leash is published as; its rule pages ship inside it. */
export const PACKAGE_NAME = 'leash-lint';

/**
 * A rule's documentation page, derived from its id so that it can never drift from the folder:
 * the README shipped in the published package, for the version that reported the finding.
 */
export function docsUrl(ruleId: string, version: string): string {
  return `https://unpkg.com/${PACKAGE_NAME}@${version}/rules/${ruleId}/README.md`;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
