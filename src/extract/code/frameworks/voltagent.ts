/**
 * VoltAgent (`@voltagent/core`): `createTool({ name, parameters, execute, needsApproval })` (alias
 * `tool`) and `new Agent({ name, instructions, tools, subAgents, hooks })`. Sub-agents are reached
 * through the supervisor's delegation tool, so they count as handoffs.
 */
import type { GateFact, Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { statelessRecognizer } from '../recognizer.js';
import { isImportOf, prop, propLoc, stringOf } from '../vals.js';
import { approvalGate, contextOf, nameHint, optionsTool } from './common.js';

const VOLTAGENT = /^@voltagent\/core$/;
/** Agent hooks that see every tool call as it starts or ends. */
const TOOL_HOOKS = ['onToolStart', 'onToolEnd'];

export const voltagent: Recognizer = statelessRecognizer({
  framework: 'voltagent',
  modules: VOLTAGENT,
  call(site, ctx) {
    if (site.kind === 'call' && isImportOf(site.callee, VOLTAGENT, ['createTool', 'tool'])) return defineTool(site, ctx);
    if (site.kind === 'new' && isImportOf(site.callee, VOLTAGENT, 'Agent')) return defineAgent(site, ctx);
    return undefined;
  },
});

function defineTool(site: CallSite, ctx: RecognizerContext): Val | undefined {
  const options = site.args[0];
  if (!options || options.k !== 'obj') return undefined;
  const gates: GateFact[] = [];
  const approval = approvalGate(prop(options, 'needsApproval'), 'needsApproval', propLoc(options, 'needsApproval', site.loc), ctx);
  if (approval) gates.push(approval);
  return optionsTool(site, ctx, { framework: 'voltagent', construct: 'createTool', options, schemaKey: 'parameters', impl: prop(options, 'execute'), gates });
}

function defineAgent(site: CallSite, ctx: RecognizerContext): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name')) ?? nameHint(site, 'agent');
  const hooks = prop(options, 'hooks');
  const audits = TOOL_HOOKS.filter((key) => prop(hooks, key)).map((key) => ({ mechanism: `hooks.${key}`, enabled: true, loc: propLoc(hooks, key, site.loc) }));
  return ctx.addAgent(
    {
      framework: 'voltagent',
      construct: 'Agent',
      name,
      tools: prop(options, 'tools'),
      handoffs: prop(options, 'subAgents'),
      gates: [],
      audits,
      context: contextOf(options, ['instructions'], site.loc),
      loc: site.loc,
    },
    name,
  );
}
