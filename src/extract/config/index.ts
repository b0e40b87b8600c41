/**
 * Config extractors, one module per harness format. Each is matched against every discovered path.
 */
import type { ConfigExtractor } from '../types.js';
import { claudeSettings } from './claude-settings.js';
import { claudeSubagents } from './claude-subagents.js';
import { codexToml } from './codex-toml.js';
import { editorSettings } from './editor-settings.js';
import { githubActions } from './github-actions.js';
import { mcpJson } from './mcp-json.js';
import { agentScripts } from './scripts.js';
import { agentLaunches } from './agent-launches.js';
import { geminiPolicy } from './gemini-policy.js';

export const configExtractors: ConfigExtractor[] = [mcpJson, claudeSettings, claudeSubagents, codexToml, editorSettings, githubActions, agentScripts, agentLaunches, geminiPolicy];
