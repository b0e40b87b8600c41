/**
 * The composition root: the one place that names every rule and extractor.
 * The engine receives these as data and never imports them itself.
 */
import { allRules, metaRules } from '../rules/index.js';
import { configExtractors } from './extract/config/index.js';
import { analyzeCode } from './link/analyze.js';
import type { Plugins } from './engine/pipeline.js';

export const plugins: Plugins = {
  rules: allRules,
  metaRules,
  configExtractors,
  analyzeCode,
};
