import type { GraphFragment } from '../graph/build.js';
import type { Diagnostic, Location } from '../graph/model.js';

/** A file found by discovery, with its text already read and checked (not binary, not too large). */
export interface SourceFile {
  /** POSIX path relative to the scanned root. */
  path: string;
  text: string;
}

/** `// leash-ignore-next-line rule-a, rule-b -- reason` (or `#` in YAML / TOML / shell). */
export interface SuppressionComment {
  file: string;
  /** The line the suppression applies to; 0 for the whole file (`leash-ignore-file`). */
  targetLine: number;
  rules: string[];
  reason?: string;
  /** `-- until 2027-03-01: …`: after this day (YYYY-MM-DD) the suppression no longer applies. */
  until?: string;
  location: Location;
}

/** What one config extractor makes of one file. */
export interface ConfigExtraction {
  fragment: GraphFragment;
  diagnostics: Diagnostic[];
}

/**
 * One module per harness format. `matches` is called with every discovered path;
 * `extract` must never throw on bad input: problems become diagnostics with file and line.
 */
export interface ConfigExtractor {
  id: string;
  matches(path: string): boolean;
  /** Reads code files for text of its own (agent CLI command lines): they are not counted as config files. */
  readsCode?: boolean;
  extract(file: SourceFile): ConfigExtraction;
}
