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
import { genkit } from './genkit.js';
import { llamaindex } from './llamaindex.js';
import { fastmcp, mcpFramework } from './mcp-frameworks.js';
import { mcpServer } from './mcp-server.js';
import { openaiAgents } from './openai-agents.js';
import { voltagent } from './voltagent.js';

export const recognizers: Recognizer[] = [aiSdk, openaiAgents, mcpServer, langchain, mastra, claudeAgentSdk, anthropic, fastmcp, mcpFramework, genkit, voltagent, llamaindex];
