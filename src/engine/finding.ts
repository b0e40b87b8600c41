import type { Location } from '../graph/model.js';

export type Severity = 'error' | 'warning' | 'note';
export type SeveritySetting = Severity | 'off';

/** One problem leash reports. The JSON report and SARIF are built from this shape. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  /** agent -> tool -> ... -> sink, for code flows. */
  path: PathStep[];
  /** Ids of the agents affected. */
  agents: string[];
  /** Id of the tool involved, when there is one. */
  tool?: string;
  /** The operation the finding is about (`fs.write`, `shell.exec`), when it is about one. */
  operation?: string;
  help: string;
  /** Stable across unrelated edits: built from the rule and semantic ids, never from line numbers. */
  fingerprint: string;
}

export interface PathStep {
  /** What this hop is: `agent Triage`, `tool run_shell`, `runCommand()`, `execSync`. */
  label: string;
  location: Location;
}

/** What a rule returns; the engine adds rule id, severity, help and fingerprint. */
export interface RuleFinding {
  message: string;
  location: Location;
  path?: PathStep[];
  agents?: string[];
  tool?: string;
  /** The operation reached (`fs.write`): one tool's findings of one rule and operation are one problem. */
  operation?: string;
  /** Overrides the rule's default severity for this finding (e.g. warning for reads, error for writes). */
  severity?: Severity;
  /** Overrides the rule's help for this finding. */
  help?: string;
  /**
   * The semantic identity of this finding (node ids, setting names). Two findings with the same key
   * are one problem; the fingerprint is derived from it, so it must not contain line numbers.
   */
  key: string[];
}
