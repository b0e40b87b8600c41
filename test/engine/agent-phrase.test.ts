import { describe, expect, it } from 'vitest';
import { agentPhrase } from '../../rules/support.js';
import type { AgentNode } from '../../src/graph/model.js';

const agent = (name: string, framework: string, file: string): AgentNode =>
  ({ id: `agent:${file}#${name}`, kind: 'agent', name, framework, origin: 'code', location: { file, line: 1, column: 1, endLine: 1, endColumn: 1 } }) as AgentNode;

describe('agentPhrase', () => {
  it('names an MCP server built in two entry points once', () => {
    expect(agentPhrase([agent('files', 'mcp', 'src/stdio.ts'), agent('files', 'mcp', 'src/http.ts')])).toBe('MCP server `files` (built in 2 places) (and any agent connected to it)');
  });

  it('names one MCP server as the server its tools belong to', () => {
    expect(agentPhrase([agent('files', 'mcp', 'src/stdio.ts')])).toBe('MCP server `files` (and any agent connected to it)');
  });

  it('lists distinct agents, at most three', () => {
    const agents = ['triage', 'billing', 'refunds', 'support'].map((n) => agent(n, 'openai-agents', 'src/agents.ts'));
    expect(agentPhrase(agents)).toBe('Agents `triage`, `billing`, `refunds` and 1 more');
  });
});
