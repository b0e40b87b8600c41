/**
 * The terminal report, in the ESLint / oxlint tradition: per finding a header, a code frame, the
 * evidence path from agent to sink, a help line and the docs; then a summary. A pure function:
 * file text arrives through `readSource`, colours through `colors`.
 */
import type { Finding } from '../engine/finding.js';
import type { ScanResult } from '../engine/pipeline.js';
import { redactSecrets } from '../engine/redact.js';

export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  cyan(s: string): string;
}

export const NO_COLORS: Colors = { red: (s) => s, yellow: (s) => s, blue: (s) => s, dim: (s) => s, bold: (s) => s, cyan: (s) => s };

export interface PrettyOptions {
  readSource(file: string): string | undefined;
  colors: Colors;
  /** Only errors (`--quiet`). */
  quiet?: boolean;
}

export function renderPretty(result: ScanResult, options: PrettyOptions): string {
  const c = options.colors;
  const findings = options.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  const blocks = findings.map((f) => renderFinding(f, options));
  const { errors, warnings, notes } = result.stats;
  const counts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`, ...(notes ? [`${notes} note${notes === 1 ? '' : 's'}`] : [])].join(', ');
  const scope = `${result.stats.agents} agent${result.stats.agents === 1 ? '' : 's'}, ${result.stats.tools} tool${result.stats.tools === 1 ? '' : 's'} in ${result.stats.filesDiscovered} files`;
  const summary = findings.length === 0 ? c.bold(`✔ No problems found (${scope}).`) : c.bold(`✖ ${counts} (${scope}${result.stats.suppressed ? `; ${result.stats.suppressed} suppressed` : ''}).`);
  return [...blocks, summary].join('\n\n') + '\n';
}

function renderFinding(f: Finding, options: PrettyOptions): string {
  const c = options.colors;
  const severity = f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.blue('note');
  const lines = [`${c.bold(`${f.location.file}:${f.location.line}:${f.location.column}`)}  ${severity}  ${f.message}  ${c.dim(f.ruleId)}`];
  const frame = codeFrame(options.readSource(f.location.file), f.location.line, f.location.column, f.location.endLine === f.location.line ? f.location.endColumn : undefined);
  if (frame) lines.push(frame.map((l) => `  ${l}`).join('\n'));
  if (f.path.length > 1) lines.push(`  ${c.cyan('path:')} ${f.path.map((s) => `${s.label} ${c.dim(`(${s.location.file}:${s.location.line})`)}`).join(' → ')}`);
  lines.push(`  ${c.cyan('help:')} ${f.help}`);
  lines.push(`  ${c.dim(`docs: rules/${f.ruleId}/README.md`)}`);
  return lines.join('\n');
}

/** Two lines of context around the line, with a caret under the reported columns. */
export function codeFrame(text: string | undefined, line: number, column: number, endColumn?: number): string[] | undefined {
  if (text === undefined) return undefined;
  const all = text.split('\n');
  if (line < 1 || line > all.length) return undefined;
  const first = Math.max(1, line - 2);
  const last = Math.min(all.length, line + 2);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    // Secrets on the shown lines are redacted: leash never prints a secret's value.
    const source = redactSecrets(all[n - 1].replace(/\t/g, '  ').replace(/\r$/, ''));
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${source.length > 160 ? source.slice(0, 160) + '…' : source}`);
    if (n === line) {
      const span = Math.max(1, Math.min((endColumn ?? column + 1) - column, source.length - column + 1));
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}${'^'.repeat(span)}`);
    }
  }
  return out;
}
