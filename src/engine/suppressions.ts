import type { Location } from '../graph/model.js';
import type { SourceFile, SuppressionComment } from '../extract/types.js';
import type { Finding } from './finding.js';
import { fingerprint } from './fingerprint.js';

/** A directive is a comment on a line of its own (`//`, `#`, `/*`, `<!--`), never text inside a string. */
const DIRECTIVE = /^[ \t]*(?:\/\/|\/\*|#|<!--)[ \t]*leash-ignore-(next-line|file)\b([^\n]*)/gm;

/** `until 2027-03-01: waiting for the sandbox migration` */
const EXPIRY = /^until\s+(\d{4}-\d{2}-\d{2})\s*:?\s*/;

/** Finds `leash-ignore-next-line <rule-id>[, <rule-id>] -- <reason>` comments in any file type. */
export function findSuppressions(file: SourceFile): SuppressionComment[] {
  if (!file.text.includes('leash-ignore-')) return [];
  const found: SuppressionComment[] = [];
  const lineStarts = [0];
  for (let i = 0; i < file.text.length; i++) if (file.text[i] === '\n') lineStarts.push(i + 1);
  for (const match of file.text.matchAll(DIRECTIVE)) {
    const offset = (match.index ?? 0) + (match[0].length - match[0].trimStart().length);
    const line = lineIndex(lineStarts, offset) + 1;
    const column = offset - lineStarts[line - 1] + 1;
    const body = match[2].replace(/\*\/\s*$|-->\s*$/, '').trim();
    const [rulePart, ...reasonParts] = body.split(/\s--\s|^--\s|\s--$/);
    let reason = reasonParts.join(' -- ').trim() || undefined;
    const expiry = reason ? EXPIRY.exec(reason) : null;
    const until = expiry?.[1];
    if (expiry) reason = reason!.slice(expiry[0].length).trim() || undefined;
    const rules = rulePart.split(/[\s,]+/).map((r) => r.trim()).filter(Boolean);
    const location: Location = { file: file.path, line, column, endLine: line, endColumn: column + match[0].length };
    found.push({ file: file.path, targetLine: match[1] === 'file' ? 0 : line + 1, rules, reason, ...(until ? { until } : {}), location });
  }
  return found;
}

function lineIndex(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: Finding[];
  /** Findings about the suppressions themselves: unused, or without a reason. */
  meta: Finding[];
}

/**
 * Applies inline suppressions. A suppression must give a reason after `--`; one without a reason
 * suppresses nothing and is reported, and so is one that matches no finding.
 */
export function applySuppressions(findings: Finding[], comments: SuppressionComment[], today = new Date().toISOString().slice(0, 10)): SuppressionOutcome {
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  const used = new Set<SuppressionComment>();
  const byLine = new Map<string, SuppressionComment[]>();
  // An expired suppression applies no more: the finding it hid comes back, and so does a note.
  const expired = (c: SuppressionComment) => !!c.until && c.until < today;
  for (const comment of comments) {
    if (!comment.reason || expired(comment)) continue;
    const key = `${comment.file}:${comment.targetLine}`;
    byLine.set(key, [...(byLine.get(key) ?? []), comment]);
  }
  for (const finding of findings) {
    const candidates = [...(byLine.get(`${finding.location.file}:${finding.location.line}`) ?? []), ...(byLine.get(`${finding.location.file}:0`) ?? [])];
    const match = candidates.find((c) => c.rules.includes(finding.ruleId));
    if (match) {
      used.add(match);
      suppressed.push(finding);
    } else kept.push(finding);
  }
  const meta: Finding[] = [];
  for (const comment of comments) {
    if (comment.reason && expired(comment)) {
      meta.push(metaFinding('invalid-suppression', comment, `Suppression of ${comment.rules.join(', ')} expired on ${comment.until}: what it hid is reported again.`, 'Fix the finding, or renew the suppression with a new date and a reason that still holds.'));
    } else if (!comment.reason) {
      meta.push(metaFinding('invalid-suppression', comment, `Suppression of ${comment.rules.join(', ') || 'nothing'} has no reason: write \`-- <why this is safe>\` after the rule ids; it suppresses nothing until then.`, 'Add ` -- <reason>` after the rule ids, e.g. `// leash-ignore-next-line no-free-form-shell -- runs inside a firecracker VM`.'));
    } else if (!used.has(comment)) {
      meta.push(metaFinding('unused-suppression', comment, `Suppression of ${comment.rules.join(', ') || 'nothing'} matches no finding ${comment.targetLine === 0 ? 'in this file' : `on line ${comment.targetLine}`}.`, 'Remove the comment, or move it to the line just above the reported line.'));
    }
  }
  return { kept, suppressed, meta };
}

function metaFinding(ruleId: string, comment: SuppressionComment, message: string, help: string): Finding {
  return {
    ruleId,
    severity: 'warning',
    message,
    location: comment.location,
    path: [],
    agents: [],
    help,
    fingerprint: fingerprint(ruleId, [comment.file, comment.rules.join(','), comment.reason ?? '']),
  };
}
