import type { RuleMeta } from '../src/engine/rule.js';

/** Rules the engine reports itself: their findings come from suppressions and diagnostics, not the graph. */
export const metaRules: RuleMeta[] = [
  {
    id: 'invalid-suppression',
    title: 'Suppression comment without a reason',
    category: 'meta',
    defaultSeverity: 'warning',
    cwe: [],
    owasp: [],
    help: 'Add ` -- <reason>` after the rule ids; a suppression without a reason suppresses nothing.',
  },
  {
    id: 'parse-error',
    title: 'File leash could not read or parse',
    category: 'meta',
    defaultSeverity: 'warning',
    cwe: [],
    owasp: [],
    help: 'Fix the file so that it parses, or exclude it; the rest of the scan went on.',
  },
  {
    id: 'unused-suppression',
    title: 'Suppression that matches no finding',
    category: 'meta',
    defaultSeverity: 'warning',
    cwe: [],
    owasp: [],
    help: 'Remove the comment, or move it just above the reported line.',
  },
];
