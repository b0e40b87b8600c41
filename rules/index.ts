/**
 * The rule registry. Each rule lives in `rules/<id>/rule.ts` with its README beside it;
 * add new rules here, keeping the list sorted by id.
 */
import type { Rule, RuleMeta } from '../src/engine/rule.js';
import { metaRules as engineMetaRules } from './meta.js';

export const allRules: Rule[] = [];

export const metaRules: RuleMeta[] = engineMetaRules;
