/**
 * Config extractors, one module per harness format. Each is matched against every discovered path.
 */
import type { ConfigExtractor } from '../types.js';

export const configExtractors: ConfigExtractor[] = [];
