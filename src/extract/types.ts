import type { GraphFragment } from '../graph/build.js';
import type { Diagnostic, Location } from '../graph/model.js';

/** A file found by discovery, with its text already read and checked (not binary, not too large). */
export interface SourceFile {
  /** POSIX path relative to the scanned root. */
  path: string;
  text: string;
  /**
   * Names this file imports from the project's own modules that re-export an SDK (`export {
   * McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'` in a `third_party/index.ts`): by
   * specifier, the SDK module and name each stands for. Extraction reads them as SDK imports.
   */
  sdkAliases?: SdkAliases;
  /**
   * SDK modules a JavaScript file works with without importing them: it registers tools on a
   * server its importer hands it (`registerListProjectsTool(server)` in a file that imports only
   * zod). Extraction reads the file as if it imported them.
   */
  untypedSdk?: string[];
}

/** Specifier → imported name (or `*` for every name a barrel re-exports whole) → the SDK's module and name. */
export type SdkAliases = Record<string, Record<string, { module: string; name: string }>>;

/** The text that decides what extraction learns from a file: its own, and the SDK names it imports through barrels. */
export function analysisText(file: SourceFile): string {
  return file.sdkAliases || file.untypedSdk ? `${file.text}\0${JSON.stringify(file.sdkAliases ?? {})}\0${JSON.stringify(file.untypedSdk ?? [])}` : file.text;
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
