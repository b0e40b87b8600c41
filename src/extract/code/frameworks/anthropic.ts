/**
 * Anthropic SDK: `messages.create({ tools })` / `beta.messages.toolRunner({ tools })` with
 * JSON-schema tool definitions, `betaZodTool` / `betaTool` (implementation in `run`), and
 * Anthropic-defined client tools (`bash_*`, `text_editor_*`, `computer_*`).
 */
import type { ToolFact, Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { statelessRecognizer } from '../recognizer.js';
import { isImportOf, methodOf, prop, propLoc, stringOf } from '../vals.js';
import { contextOf, dynamicText, nameHint } from './common.js';

const SDK = /^@anthropic-ai\/sdk(?:\/[\w/-]+)?$/;

/** Anthropic-defined tool types the client executes, by the operation they give. */
const CLIENT_TOOLS: [RegExp, string][] = [
  [/^bash_\d+$/, 'shell.exec'],
  [/^text_editor_\d+$/, 'fs.write'],
  [/^computer_\d+$/, 'computer.use'],
  [/^memory_\d+$/, 'fs.write'],
];

export const anthropic: Recognizer = statelessRecognizer({
  framework: 'anthropic',
  modules: SDK,
  call(site, ctx) {
    if (site.kind !== 'call') return undefined;
    if (isImportOf(site.callee, SDK, ['betaZodTool', 'betaTool', 'betaStandardSchemaTool'])) return runnableTool(site, ctx);
    const call = methodOf(site.callee);
    if (!call) return undefined;
    // client.messages.create / client.beta.messages.create / .stream / .toolRunner
    if (/^(?:create|stream|toolRunner)$/.test(call.method) && /messages\.(?:create|stream|toolRunner)$/.test(site.calleeText) && prop(site.args[0], 'tools')) return messagesAgent(site, ctx, call.method);
    return undefined;
  },
});

function runnableTool(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name'));
  return ctx.addTool(
    {
      framework: 'anthropic',
      construct: site.calleeText,
      kind: 'function',
      name,
      bindingName: site.bindingName,
      description: stringOf(prop(options, 'description')),
      descriptionVal: dynamicText(prop(options, 'description')),
      schema: prop(options, 'inputSchema'),
      schemaLoc: propLoc(options, 'inputSchema', site.loc),
      impl: prop(options, 'run'),
      inputParam: { index: 0, path: [] },
      gates: [],
      loc: site.loc,
    },
    name ?? nameHint(site, 'tool'),
  );
}

function messagesAgent(site: CallSite, ctx: RecognizerContext, method: string): Val {
  const options = site.args[0];
  const tools = prop(options, 'tools');
  const items: Val[] = [];
  for (const item of tools?.k === 'arr' ? tools.items : []) {
    if (item.k !== 'obj') {
      items.push(item);
      continue;
    }
    const name = stringOf(prop(item, 'name')) ?? 'tool';
    const type = stringOf(prop(item, 'type'));
    const client = type ? CLIENT_TOOLS.find(([pattern]) => pattern.test(type)) : undefined;
    const fact: Omit<ToolFact, 'id'> = {
      framework: 'anthropic',
      construct: type ? `${type} tool` : 'tool definition',
      kind: type && type !== 'custom' ? 'provider' : 'function',
      name,
      description: stringOf(prop(item, 'description')),
      descriptionVal: dynamicText(prop(item, 'description')),
      ...(type && type !== 'custom' ? {} : { schema: prop(item, 'input_schema') ?? { k: 'lit', v: null }, schemaLoc: propLoc(item, 'input_schema', site.loc) }),
      gates: [],
      builtinOps: client ? [{ op: client[1], sink: type!, loc: site.loc }] : type && /^(?:code_execution|web_search|web_fetch)/.test(type) ? [{ op: type.startsWith('code') ? 'code.eval' : 'net.search', sink: type, loc: site.loc }] : [],
      attrs: { hosted: !!type && /^(?:code_execution|web_search|web_fetch)/.test(type) },
      loc: site.loc,
    };
    items.push(ctx.addTool(fact, name));
  }
  const name = site.enclosingName && site.enclosingName !== 'anonymous' ? site.enclosingName : nameHint(site, `messages.${method}`);
  return ctx.addAgent(
    { framework: 'anthropic', construct: `messages.${method}`, name, tools: { k: 'arr', items }, gates: [], audits: [], context: contextOf(options, ['system'], site.loc), loc: site.loc },
    `${name}.${method}`,
  );
}
