/**
 * Genkit: `ai.defineTool({ name, description, inputSchema }, fn)` (also `dynamicTool`) on the
 * instance `genkit()` returns, and the calls that hand tools to a model: `ai.generate({ tools })`,
 * `ai.generateStream`, `ai.definePrompt({ name, tools })`, `chat({ tools })`.
 */
import type { Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { statelessRecognizer } from '../recognizer.js';
import { methodOf, prop, propLoc, stringOf } from '../vals.js';
import { contextOf, dynamicText, nameHint } from './common.js';

const GENERATE = /^(?:generate|generateStream|definePrompt|chat)$/;

export const genkit: Recognizer = statelessRecognizer({
  framework: 'genkit',
  modules: /^(?:genkit(?:\/[\w/-]+)?|@genkit-ai\/[\w/-]+)$/,
  call(site, ctx) {
    const method = site.kind === 'call' ? methodOf(site.callee)?.method : undefined;
    if (method === 'defineTool' || method === 'dynamicTool') return defineTool(site, ctx, method);
    if (method && GENERATE.test(method)) return generateAgent(site, ctx, method);
    return undefined;
  },
});

function defineTool(site: CallSite, ctx: RecognizerContext, construct: string): Val | undefined {
  const [config, fn] = site.args;
  if (!config || config.k !== 'obj') return undefined;
  const name = stringOf(prop(config, 'name'));
  const schemaKey = prop(config, 'inputSchema') ? 'inputSchema' : 'inputJsonSchema';
  return ctx.addTool(
    {
      framework: 'genkit',
      construct,
      // A `dynamicTool` without a function is answered by the caller, like a client-side tool.
      kind: fn ? 'function' : 'client',
      name,
      bindingName: site.bindingName,
      description: stringOf(prop(config, 'description')),
      descriptionVal: dynamicText(prop(config, 'description')),
      schema: prop(config, schemaKey),
      schemaLoc: propLoc(config, schemaKey, site.loc),
      impl: fn,
      inputParam: { index: 0, path: [] },
      gates: fn ? [] : [{ mechanism: 'tool without implementation', strength: 'always', loc: site.loc }],
      repeated: site.repeated,
      loc: site.loc,
    },
    name ?? nameHint(site, 'tool'),
  );
}

function generateAgent(site: CallSite, ctx: RecognizerContext, method: string): Val | undefined {
  const options = site.args[0];
  const tools = prop(options, 'tools');
  if (!tools) return undefined;
  const name = stringOf(prop(options, 'name')) ?? (site.enclosingName && site.enclosingName !== 'anonymous' ? site.enclosingName : nameHint(site, method));
  return ctx.addAgent(
    {
      framework: 'genkit',
      construct: method,
      name,
      tools,
      gates: [],
      audits: [],
      context: contextOf(options, ['system', 'prompt', 'messages'], site.loc),
      loc: site.loc,
    },
    `${name}.${method}`,
  );
}
