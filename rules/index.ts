/**
 * The rule registry. Each rule lives in `rules/<id>/rule.ts` with its README beside it;
 * add new rules here (one import line and one array line), keeping both lists sorted by id.
 */
import type { Rule, RuleMeta } from '../src/engine/rule.js';
import { metaRules as engineMetaRules } from './meta.js';
import noFreeFormShell from './no-free-form-shell/rule.js';

export const allRules: Rule[] = [
  noFreeFormShell,
];

export const metaRules: RuleMeta[] = engineMetaRules;
