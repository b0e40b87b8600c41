/**
 * LlamaIndex.TS: `tool({ name, description, parameters, execute })`, `tool(fn, { name, parameters })`
 * and `FunctionTool.from(...)` (the same overloads), and the agents that take them:
 * `agent({ name, tools, canHandoffTo })` from `@llamaindex/workflow`, and the older
 * `new ReActAgent({ tools })` / `new OpenAIAgent({ tools })` / `new AnthropicAgent({ tools })`.
 */
import type { Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { statelessRecognizer } from '../recognizer.js';
import { importOf, isImportOf, methodOf, prop, stringOf } from '../vals.js';
import { contextOf, nameHint, optionsTool } from './common.js';

const LLAMAINDEX = /^(?:llamaindex|@llamaindex\/[\w/-]+)$/;
const CLASS_AGENTS = ['ReActAgent', 'OpenAIAgent', 'AnthropicAgent', 'FunctionAgent'];

export const llamaindex: Recognizer = statelessRecognizer({
  framework: 'llamaindex',
  modules: LLAMAINDEX,
  call(site, ctx) {
    if (site.kind === 'call' && (isImportOf(site.callee, LLAMAINDEX, 'tool') || isFunctionToolFrom(site.callee))) return defineTool(site, ctx);
    if (site.kind === 'new' && isImportOf(site.callee, LLAMAINDEX, 'FunctionTool')) return defineTool(site, ctx);
    if (site.kind === 'call' && isImportOf(site.callee, LLAMAINDEX, 'agent')) return defineAgent(site, ctx, 'agent');
    if (site.kind === 'new' && isImportOf(site.callee, LLAMAINDEX, CLASS_AGENTS)) return defineAgent(site, ctx, importOf(site.callee)!.name);
    return undefined;
  },
});

function isFunctionToolFrom(callee: Val): boolean {
  const call = methodOf(callee);
  return call?.method === 'from' && isImportOf(call.receiver, LLAMAINDEX, 'FunctionTool');
}

function defineTool(site: CallSite, ctx: RecognizerContext): Val | undefined {
  // Either one options object with `execute`, or the function first and its metadata second.
  const [first, second] = site.args;
  const fields = first?.k === 'obj' ? first : second;
  const fn = first?.k === 'obj' ? prop(first, 'execute') : first;
  if (!fields || fields.k !== 'obj') return undefined;
  return optionsTool(site, ctx, { framework: 'llamaindex', construct: site.calleeText.replace(/^new /, ''), options: fields, schemaKey: 'parameters', impl: fn });
}

function defineAgent(site: CallSite, ctx: RecognizerContext, construct: string): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name')) ?? nameHint(site, 'agent');
  return ctx.addAgent(
    {
      framework: 'llamaindex',
      construct,
      name,
      tools: prop(options, 'tools'),
      handoffs: prop(options, 'canHandoffTo'),
      gates: [],
      audits: [],
      context: contextOf(options, ['systemPrompt'], site.loc),
      loc: site.loc,
    },
    name,
  );
}
