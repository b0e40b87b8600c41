/**
 * The baseline: findings accepted when leash was adopted, by semantic fingerprint (never by line),
 * so that a gate fails only on new findings. Entries that no longer match anything are stale and
 * reported, so the baseline shrinks as findings are fixed (`leash baseline --prune`).
 */
import type { Finding } from './finding.js';

export const BASELINE_FILE = '.leash-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  /** The message when the entry was written: for the reader, never matched on. */
  message: string;
}

export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

/** The baseline file's text for these findings: sorted, one entry per line, diff-friendly. */
export function serializeBaseline(findings: (Finding | BaselineEntry)[]): string {
  const entries = findings
    .map((f): BaselineEntry => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: 'location' in f ? f.location.file : f.file, message: f.message }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  const unique = entries.filter((e, i) => i === 0 || e.fingerprint !== entries[i - 1].fingerprint || e.ruleId !== entries[i - 1].ruleId);
  return `{\n  "version": 1,\n  "findings": [\n${unique.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
}

export function parseBaseline(text: string): Baseline {
  const data = JSON.parse(text) as Partial<Baseline>;
  if (data.version !== 1 || !Array.isArray(data.findings)) throw new Error('not a leash baseline (expected {"version": 1, "findings": [...]})');
  return { version: 1, findings: data.findings.filter((f): f is BaselineEntry => typeof f?.fingerprint === 'string' && typeof f?.ruleId === 'string') };
}

/** Splits findings into new ones and baselined ones; entries matching nothing are stale. */
export function applyBaseline(findings: Finding[], baseline: Baseline): { kept: Finding[]; baselined: Finding[]; stale: BaselineEntry[] } {
  const known = new Set(baseline.findings.map((e) => `${e.ruleId}\u0000${e.fingerprint}`));
  const seen = new Set<string>();
  const kept: Finding[] = [];
  const baselined: Finding[] = [];
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.fingerprint}`;
    if (known.has(key)) {
      baselined.push(f);
      seen.add(key);
    } else kept.push(f);
  }
  return { kept, baselined, stale: baseline.findings.filter((e) => !seen.has(`${e.ruleId}\u0000${e.fingerprint}`)) };
}
