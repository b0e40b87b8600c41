/**
 * MCP server frameworks built over the SDK:
 * - `fastmcp`: `new FastMCP({ name })`, then `server.addTool({ name, parameters, execute })` or
 *   `server.addTools([...])`; `onToolCall` in the server options is its per-call hook.
 * - `mcp-framework`: tools are classes (`class X extends MCPTool { name = 'x'; schema = …;
 *   execute(input) {…} }`) that `new MCPServer()` loads from its tools folder at start-up, so a
 *   tool belongs to the server whose folder holds it, not to a registration call.
 */
import type { ClassFact, GateFact, ToolFact, Val } from '../facts.js';
import type { CallSite, Recognizer, RecognizerContext } from '../recognizer.js';
import { statelessRecognizer } from '../recognizer.js';
import { isImportOf, methodOf, prop, propLoc, stringOf, templateText } from '../vals.js';
import { dynamicText, nameHint, readAnnotations } from './common.js';

const FASTMCP = /^fastmcp(?:\/.*)?$/;
const MCP_FRAMEWORK = /^mcp-framework(?:\/.*)?$/;

export const fastmcp: Recognizer = statelessRecognizer({
  framework: 'mcp',
  modules: FASTMCP,
  call(site, ctx) {
    if (site.kind === 'new' && isImportOf(site.callee, FASTMCP, 'FastMCP')) return defineServer(site, ctx, 'FastMCP');
    const call = methodOf(site.callee);
    if (site.kind !== 'call' || !call) return undefined;
    if (call.method === 'addTool') return addFastTool(site, site.args[0], call.receiver, ctx);
    if (call.method === 'addTools' && site.args[0]?.k === 'arr') {
      for (const item of site.args[0].items) addFastTool(site, item, call.receiver, ctx);
      return { k: 'lit', v: null };
    }
    return undefined;
  },
});

export const mcpFramework: Recognizer = statelessRecognizer({
  framework: 'mcp',
  modules: MCP_FRAMEWORK,
  call(site, ctx) {
    if (site.kind === 'new' && isImportOf(site.callee, MCP_FRAMEWORK, 'MCPServer')) return defineServer(site, ctx, 'MCPServer', { loadsToolsFrom: 'tools' });
    return undefined;
  },
  classDeclaration(cls, ctx) {
    if (isImportOf(cls.extends, MCP_FRAMEWORK, 'MCPTool')) classTool(cls, ctx);
  },
});

function defineServer(site: CallSite, ctx: RecognizerContext, construct: string, extra: Record<string, unknown> = {}): Val {
  const options = site.args[0];
  const name = stringOf(prop(options, 'name')) ?? nameHint(site, 'mcp-server');
  const hook = prop(options, 'onToolCall');
  return ctx.addAgent(
    {
      framework: 'mcp',
      construct,
      name,
      gates: [],
      // fastmcp calls `onToolCall` with every tool name and its arguments before running it.
      audits: hook ? [{ mechanism: 'onToolCall', enabled: true, loc: propLoc(options, 'onToolCall', site.loc) }] : [],
      loc: site.loc,
      attrs: { exposure: 'mcp-server', ...extra },
    },
    name,
  );
}

/** One `{ name, description, parameters, execute }` object handed to `addTool`. */
function addFastTool(site: CallSite, def: Val | undefined, receiver: Val, ctx: RecognizerContext): Val | undefined {
  if (!def || def.k !== 'obj') return undefined;
  const execute = prop(def, 'execute');
  const name = stringOf(prop(def, 'name'));
  if (!execute) return undefined;
  const loc = propLoc(def, 'name', site.loc);
  const tool: Omit<ToolFact, 'id'> = {
    framework: 'mcp',
    construct: 'addTool',
    kind: 'function',
    ...(name ? { name } : { nameVal: prop(def, 'name') }),
    bindingName: site.bindingName,
    description: stringOf(prop(def, 'description')),
    descriptionVal: dynamicText(prop(def, 'description')),
    // No `parameters` means the tool takes no arguments.
    schema: prop(def, 'parameters') ?? { k: 'obj', props: [] },
    schemaLoc: propLoc(def, 'parameters', loc),
    impl: execute,
    inputParam: { index: 0, path: [] },
    gates: [],
    annotations: readAnnotations(prop(def, 'annotations')),
    repeated: site.repeated,
    loc,
    attrs: { registeredOn: receiver },
  };
  return ctx.addTool(tool, name ?? nameHint(site, 'tool'));
}

/**
 * `class RunQuery extends MCPTool { name = 'run_query'; schema = { sql: { type: z.string() } }; execute(input) {} }`.
 * The schema is a zod object or a record of `{ type: <zod type>, description }` fields; the
 * linker reads the record form as an object of those types.
 */
function classTool(cls: ClassFact, ctx: RecognizerContext): void {
  const implId = cls.methods.execute;
  const gates: GateFact[] = [];
  const name = templateText(cls.props.name) ?? cls.name;
  ctx.addTool(
    {
      framework: 'mcp',
      construct: 'extends MCPTool',
      kind: implId ? 'function' : 'unknown',
      name,
      description: stringOf(cls.props.description),
      schema: fieldRecordSchema(cls.props.schema),
      schemaLoc: cls.loc,
      impl: implId ? { k: 'fn', id: implId } : undefined,
      inputParam: { index: 0, path: [] },
      gates,
      loc: cls.loc,
      attrs: { classId: cls.id, loadedBy: 'tools' },
    },
    name,
  );
}

/** `{ sql: { type: z.string(), description } }` → the raw zod shape `{ sql: z.string() }` the schema reader knows. */
function fieldRecordSchema(schema: Val | undefined): Val | undefined {
  if (!schema || schema.k !== 'obj') return schema;
  const isRecord = schema.props.length > 0 && schema.props.every((p) => !p.spread && p.v.k === 'obj' && prop(p.v, 'type') !== undefined);
  return isRecord ? { k: 'obj', props: schema.props.map((p) => ({ ...p, v: prop(p.v, 'type')! })) } : schema;
}
