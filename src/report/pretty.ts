/**
 * The terminal report, in the ESLint / oxlint tradition: per finding a header, a code frame, the
 * evidence path from agent to sink, a help line and the docs; then a summary. A pure function:
 * file text arrives through `readSource`, colours through `colors`.
 */
import type { Finding } from '../engine/finding.js';
import { unresolvedTools } from '../graph/access.js';
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
  /** Where a rule's documentation is (`leash explain <id>` when not given). */
  docsUrl?(ruleId: string): string;
  /** Set by renderPretty: the file's lines, read once. */
  readLines?(file: string): string[] | undefined;
  colors: Colors;
  /** Only errors (`--quiet`). */
  quiet?: boolean;
}

/** Unresolved parts of tool registries listed under the summary; the rest are in the JSON report. */
const MAX_GAPS_SHOWN = 5;

function agentCount(gaps: { agent: string }[]): string {
  const n = new Set(gaps.map((g) => g.agent)).size;
  return `${n} agent${n === 1 ? '' : 's'}`;
}

export function renderPretty(result: ScanResult, options: PrettyOptions): string {
  // Each file is read and split once, however many findings it has (a 1 MB one-line file with
  // thousands of findings must not be re-read per finding).
  const sources = new Map<string, string[] | undefined>();
  const readLines = (file: string) => {
    if (!sources.has(file)) sources.set(file, options.readSource(file)?.split('\n'));
    return sources.get(file);
  };
  options = { ...options, readLines };
  const c = options.colors;
  const findings = options.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  const blocks = findings.map((f) => renderFinding(f, options));
  const { errors, warnings, notes } = result.stats;
  const counts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`, ...(notes ? [`${notes} note${notes === 1 ? '' : 's'}`] : [])].join(', ');
  const scope = `${result.stats.agents} agent${result.stats.agents === 1 ? '' : 's'}, ${result.stats.tools} tool${result.stats.tools === 1 ? '' : 's'} in ${result.stats.filesDiscovered} files`;
  const hidden = (result.stats.baselined ? `; ${result.stats.baselined} baselined` : '') + (result.stats.inTests ? `; ${result.stats.inTests} in test files not shown (--include-tests)` : '');
  // "No problems" over zero files would be a false all-clear: say that nothing was read.
  const nothingRead = result.stats.filesDiscovered === 0 && findings.length === 0;
  // What leash could not follow is said next to the verdict: an all-clear covers only what it understood.
  const gaps = unresolvedTools(result.graph).map((u) => ({ ...u, agent: u.agent.name }));
  const clear = gaps.length > 0 ? `✔ No problems found in what leash could resolve (${scope}${hidden}).` : `✔ No problems found (${scope}${hidden}).`;
  const summary = nothingRead
    ? c.bold(c.yellow('⚠ Nothing scanned: no code, harness config or workflow files found (check the path, include and exclude).'))
    : findings.length === 0 ? c.bold(clear) : c.bold(`✖ ${counts} (${scope}${result.stats.suppressed ? `; ${result.stats.suppressed} suppressed` : ''}${hidden}).`);
  const coverage = gaps.length === 0 ? [] : [[
    c.yellow(`⚠ Tools leash could not resolve (${agentCount(gaps)}): what they do is checked only as far as leash could follow it.`),
    ...gaps.slice(0, MAX_GAPS_SHOWN).map((g) => `  ${printable(g.agent)}: ${printable(g.reason)}${g.location ? c.dim(` (${printable(g.location.file)}:${g.location.line})`) : ''}`),
    ...(gaps.length > MAX_GAPS_SHOWN ? [`  … and ${gaps.length - MAX_GAPS_SHOWN} more (see \`unresolved\` in --format json)`] : []),
  ].join('\n')];
  return [...blocks, summary, ...coverage].join('\n\n') + '\n';
}

function renderFinding(f: Finding, options: PrettyOptions): string {
  const c = options.colors;
  const severity = f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.blue('note');
  const lines = [`${c.bold(`${printable(f.location.file)}:${f.location.line}:${f.location.column}`)}  ${severity}  ${printable(f.message)}  ${c.dim(f.ruleId)}`];
  const source = options.readLines ? options.readLines(f.location.file) : options.readSource(f.location.file)?.split('\n');
  const frame = codeFrame(source, f.location.line, f.location.column, f.location.endLine === f.location.line ? f.location.endColumn : undefined);
  if (frame) lines.push(frame.map((l) => `  ${l}`).join('\n'));
  if (f.path.length > 1) lines.push(`  ${c.cyan('path:')} ${f.path.map((s) => `${printable(s.label)} ${c.dim(`(${printable(s.location.file)}:${s.location.line})`)}`).join(' → ')}`);
  lines.push(`  ${c.cyan('help:')} ${f.help}`);
  lines.push(`  ${c.dim(`docs: ${options.docsUrl ? options.docsUrl(f.ruleId) : `leash explain ${f.ruleId}`}`)}`);
  return lines.join('\n');
}

/** Two lines of context around the line, with a caret under the reported columns. */
export function codeFrame(source: string | string[] | undefined, line: number, column: number, endColumn?: number): string[] | undefined {
  if (source === undefined) return undefined;
  const all = typeof source === 'string' ? source.split('\n') : source;
  if (line < 1 || line > all.length) return undefined;
  const first = Math.max(1, line - 2);
  const last = Math.min(all.length, line + 2);
  const width = String(last).length;
  const hidden = privateKeyLines(all, first, last);
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = all[n - 1].replace(/\t/g, '  ').replace(/\r$/, '');
    // A long line is shown as a window around the reported column, so the caret still points at it.
    const start = n === line && raw.length > FRAME_WIDTH ? Math.max(0, column - 1 - FRAME_WIDTH / 2) : 0;
    const window = raw.slice(start, start + FRAME_WIDTH);
    // Secrets on the shown lines are redacted: leash never prints a secret's value. Lines inside a
    // PEM private key block are hidden whole: their base64 has no key name to recognise it by.
    const shown = hidden.has(n) ? '[private key material hidden]' : printable(redactSecrets(window));
    const text = (start > 0 ? '…' : '') + shown + (start + FRAME_WIDTH < raw.length ? '…' : '');
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`);
    if (n === line && !hidden.has(n)) {
      const col = column - start + (start > 0 ? 1 : 0);
      const span = Math.max(1, Math.min((endColumn ?? column + 1) - column, text.length - col + 1));
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}${'^'.repeat(span)}`);
    }
  }
  return out;
}

const FRAME_WIDTH = 160;

/** Lines between `-----BEGIN … PRIVATE KEY-----` and its END (inclusive) among lines first..last. */
function privateKeyLines(all: string[], first: number, last: number): Set<number> {
  const hidden = new Set<number>();
  // Look back from the frame for an unclosed BEGIN; a key block is at most a few hundred lines.
  let inside = false;
  for (let n = Math.max(1, first - 200); n <= last; n++) {
    const text = all[n - 1];
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/.test(text)) inside = true;
    if (inside && n >= first) hidden.add(n);
    if (/-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/.test(text)) inside = false;
  }
  return hidden;
}

/** Control characters (ANSI escapes, newlines in file names) are shown escaped, never sent to the terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
