/**
 * Config extractors, one module per harness format. Each is matched against every discovered path.
 */
import type { ConfigExtractor } from '../types.js';
import { claudeSettings } from './claude-settings.js';
import { mcpJson } from './mcp-json.js';

export const configExtractors: ConfigExtractor[] = [mcpJson, claudeSettings];
