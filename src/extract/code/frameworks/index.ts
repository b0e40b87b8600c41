/**
 * Framework recognizers, one module per SDK. A recognizer runs only on files that import
 * one of its modules.
 */
import type { Recognizer } from '../recognizer.js';
import { aiSdk } from './ai-sdk.js';
import { anthropic } from './anthropic.js';
import { claudeAgentSdk } from './claude-agent-sdk.js';
import { langchain } from './langchain.js';
import { mastra } from './mastra.js';
import { mcpServer } from './mcp-server.js';
import { openaiAgents } from './openai-agents.js';

export const recognizers: Recognizer[] = [aiSdk, openaiAgents, mcpServer, langchain, mastra, claudeAgentSdk, anthropic];
