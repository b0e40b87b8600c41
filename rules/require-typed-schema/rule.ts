import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { ToolNode } from '../../src/graph/model.js';
import { agentPhrase } from '../support.js';

/** Frameworks where a tool without an input schema still receives whatever the model sends. */
const SCHEMA_EXPECTED = new Set(['ai-sdk', 'openai-agents', 'mastra', 'langchain', 'anthropic', 'claude-agent-sdk']);

/**
 * Reports tools whose input is not typed: no input schema at all, `z.any()` / `z.unknown()`,
 * open records and passthrough objects, JSON schema without properties, or a property typed
 * `any` / `unknown` / an open record. A schema leash cannot read (imported from a package) is
 * not reported.
 */
export default defineRule({
  meta: {
    id: 'require-typed-schema',
    title: 'Tool without a typed input schema',
    category: 'operations',
    defaultSeverity: 'warning',
    cwe: ['CWE-20'],
    owasp: ['LLM06', 'MCP03'],
    help: 'Declare every input of the tool with a precise type: z.object with typed fields, z.enum for choices, anchored regexes or formats for strings; no z.any(), z.record() or passthrough.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    for (const tool of graph.nodesOf('tool')) {
      // A tool that says it takes no arguments (`properties: {}`) and uses none of what it is sent
      // has nothing to type; one that reads arguments it never declared is reported.
      if (tool.schema?.noArguments && tool.attrs?.readsInput !== true) continue;
      const problem = untyped(tool);
      if (!problem || !tool.location) continue;
      const agents = graph.agentsReaching(tool.id);
      findings.push({
        message: `${agentPhrase(agents)} can send anything to tool \`${tool.name}\`: ${problem}.`,
        location: tool.schema?.location ?? tool.location,
        agents: agents.map((a) => a.id),
        tool: tool.id,
        key: [tool.id, problem],
      });
    }
    return findings;
  },
});

function untyped(tool: ToolNode): string | undefined {
  if (tool.toolKind !== 'function') return undefined;
  const schema = tool.schema;
  if (!schema) return undefined;
  if (schema.form === 'none') return SCHEMA_EXPECTED.has(tool.framework) ? 'it declares no input schema' : undefined;
  if (schema.form === 'unknown') return undefined;
  if (schema.open) {
    const only = Object.values(schema.properties);
    if (only.length === 1 && only[0].type === 'any') return 'its input schema accepts any value (`z.any()` / `z.unknown()`)';
    if (only.length === 1 && only[0].type === 'record') return 'its input schema is an open record';
    return schema.form === 'json-schema' ? 'its JSON schema declares no properties (or allows additional ones)' : 'its input schema lets unknown properties through (passthrough / catchall / loose)';
  }
  // A free-form field among typed ones that the code only stores, shows or forwards to a fixed
  // service (a JSON schema for an extraction API, metadata, GraphQL variables) admits nothing:
  // such a field matters where it reaches an operation. Kept when the implementation was not
  // analysed; not judged for a tool known only from the server's list, whose implementation
  // leash could not find (the scan's coverage says so).
  if (tool.attrs?.implementationUnknown === true && !tool.inputAtSinks) return undefined;
  const reaching = tool.inputAtSinks;
  const reaches = (field: string) => !reaching || reaching.includes('*') || reaching.includes(field);
  const loose = Object.entries(schema.properties).filter(([name, p]) => (p.type === 'any' || p.type === 'record') && reaches(name));
  if (loose.length > 0) return `${loose.map(([name]) => `\`${name}\``).join(', ')} ${loose.length === 1 ? 'is' : 'are'} untyped (any / unknown / open record)`;
  return undefined;
}
