/**
 * Tools declared as classes, found by what they are rather than by the import they extend:
 *
 *   class DeleteMessageTool extends BaseGmailTool {            // → a project base → StructuredTool
 *     constructor(args) { super({ name: 'delete_message', schema, ... }) }
 *     async _call(arg) { ... }
 *   }
 *   class AggregateTool extends MongoDBToolBase { static toolName = 'aggregate'; argsShape = {...}; execute(args) {...} }
 *
 * A class is a tool when, looking up its `extends` chain, it has a name (a `name` / `toolName`
 * field, or a `name` handed to `super(...)`), a method that runs it (`_call`, `execute`, `run`,
 * `invoke`, `handler`), and either a known tool base at the root of the chain or an input schema
 * (`schema`, `argsShape`, `inputSchema`, `parameters`). Base classes without a name of their own are not tools.
 */
import type { ClassFact, ToolFact, Val } from '../extract/code/facts.js';
import { importOf, prop, stringOf } from '../extract/code/vals.js';
import type { Program } from './program.js';

const RUN_METHODS = ['_call', 'execute', 'run', 'invoke', 'handler', 'handle', 'call'];
const NAME_FIELDS = ['toolName', 'name'];
const SCHEMA_FIELDS = ['schema', 'argsShape', 'inputSchema', 'parameters', 'argsSchema'];
/** Bases whose subclasses are tools whatever their shape. */
const TOOL_BASES: { module: RegExp; names: string[]; framework: string }[] = [
  { module: /^(?:@langchain\/core\/tools|langchain\/tools|@langchain\/community\/tools\/.*)$/, names: ['StructuredTool', 'Tool', 'DynamicStructuredTool', 'DynamicTool'], framework: 'langchain' },
  { module: /^mcp-framework(?:\/.*)?$/, names: ['MCPTool'], framework: 'mcp' },
];

/** The id of the tool a class declares. */
export function classToolId(cls: ClassFact): string {
  return `${cls.id}:tool`;
}

export function classTools(program: Program): ToolFact[] {
  const recognised = new Map<string, ToolFact>();
  for (const tool of program.tools.values()) if (typeof tool.attrs?.classId === 'string') recognised.set(tool.attrs.classId, tool);
  const found: ToolFact[] = [];
  for (const cls of program.classes.values()) {
    const chain = chainOf(program, cls);
    // `getToolConfig() { return { name: ToolName.DELETE_TOPICS, description, inputSchema } }`.
    const config = configOf(program, chain);
    const name = nameOf(program, chain) ?? (config ? stringOf(program.deref({ k: 'member', obj: config, prop: 'name' })) : undefined);
    const existing = recognised.get(cls.id);
    if (!name) {
      // A base class the recognizer took for a tool (`name = ''` set by its subclasses): not one.
      if (existing && !existing.name) program.tools.delete(existing.id);
      continue;
    }
    if (existing?.name) continue;
    const implId = firstOf(chain, (c) => RUN_METHODS.map((m) => c.methods[m]).find(Boolean));
    if (!implId) continue;
    const base = rootBase(program, chain);
    const description = fieldOf(program, chain, ['description']) ?? (config ? prop(config, 'description') : undefined);
    const schema = fieldOf(program, chain, SCHEMA_FIELDS) ?? (config ? SCHEMA_FIELDS.map((f) => prop(config, f)).find(Boolean) : undefined);
    // Without a known base, a schema is what says tool (a CLI command class has a name and a `run` too).
    if (!base && !schema) continue;
    if (existing) program.tools.delete(existing.id);
    found.push({
      id: classToolId(cls),
      framework: base?.framework ?? 'class',
      construct: `class ${cls.name}`,
      kind: 'function',
      name,
      description: stringOf(description ? program.deref(description) : undefined),
      schema,
      impl: { k: 'fn', id: implId },
      inputParam: { index: inputIndex(program, implId), path: [] },
      gates: [],
      loc: (config ? config.props.find((p) => p.key === 'name')?.loc : undefined) ?? cls.loc,
      attrs: { classId: cls.id },
    });
  }
  return found;
}

/** Methods that hand back a tool's definition: its name, description and input schema. */
const CONFIG_METHODS = ['getToolConfig', 'getToolDefinition', 'getDefinition', 'getConfig', 'toolConfig', 'definition', 'toolDefinition'];

/** The definition object a class's config method returns, when it names the tool. */
function configOf(program: Program, chain: ClassFact[]): Extract<Val, { k: 'obj' }> | undefined {
  for (const c of chain) {
    for (const method of CONFIG_METHODS) {
      const fn = c.methods[method] ? program.functions.get(c.methods[method]) : undefined;
      for (const returned of fn?.returns ?? []) {
        const value = program.deref(returned);
        if (value.k === 'obj' && stringOf(program.deref({ k: 'member', obj: value, prop: 'name' }))) return value;
      }
    }
  }
  return undefined;
}

/**
 * Which parameter of the method that runs the tool is the model's input: the one it validates
 * (`schema.parse(toolArguments)` in `handle(runtime, toolArguments)`), else the first.
 */
function inputIndex(program: Program, implId: string): number {
  const fn = program.functions.get(implId);
  for (const call of fn?.calls ?? []) {
    if (!/\.(?:parse|safeParse|parseAsync|safeParseAsync)$/.test(call.calleeText)) continue;
    const arg = call.args[0];
    if (arg?.k === 'param' && arg.fn === implId && arg.path.length === 0) return arg.index;
  }
  return 0;
}

/** The class and its ancestors declared in the project, nearest first. */
function chainOf(program: Program, cls: ClassFact): ClassFact[] {
  const chain = [cls];
  for (let c = cls; c.extends && chain.length < 8; ) {
    const parent = program.classOf(program.deref(c.extends));
    if (!parent || chain.includes(parent)) break;
    chain.push(parent);
    c = parent;
  }
  return chain;
}

function firstOf<T>(chain: ClassFact[], pick: (c: ClassFact) => T | undefined): T | undefined {
  for (const c of chain) {
    const v = pick(c);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * A literal name of the class: in a name field, or in the options its constructor hands to
 * `super`; or the default its constructor falls back to (`name: args?.name || 'requests_get'`),
 * which is the name the tool has unless whoever builds it renames it.
 */
function nameOf(program: Program, chain: ClassFact[]): string | undefined {
  const value = fieldOf(program, chain, NAME_FIELDS) ?? defaultName(program, chain);
  return (value && stringOf(program.deref(value))) || undefined;
}

function defaultName(program: Program, chain: ClassFact[]): Val | undefined {
  for (const c of chain) {
    for (const field of NAME_FIELDS) {
      const passed = superArg(program, c, field) ?? c.props[field];
      const value = passed ? program.deref(passed) : undefined;
      if (value?.k !== 'union') continue;
      const literals = value.options.filter((o) => o.k === 'lit' && typeof o.v === 'string' && o.v !== '');
      if (literals.length === 1 && value.options.every((o) => o === literals[0] || fromParameter(o))) return literals[0];
    }
  }
  return undefined;
}

/**
 * A field as this class sees it, nearest first: a class's own field, else what its constructor
 * passes to `super({ … })` for the parent to store, then the parent's own, and so on. A field the
 * parent copies from its constructor's parameter (`this.schema = fields.schema`) is only a slot:
 * the value is what the subclass passed in.
 */
function fieldOf(program: Program, chain: ClassFact[], fields: string[]): Val | undefined {
  for (const c of chain) {
    for (const field of fields) {
      const own = c.props[field];
      if (own && !fromParameter(own) && (!NAME_FIELDS.includes(field) || stringOf(program.deref(own)))) return own;
    }
    for (const field of fields) {
      const passed = superArg(program, c, field);
      if (passed && !fromParameter(passed)) return passed;
    }
  }
  return undefined;
}

/** A slot filled from the constructor's parameter (`this.schema = fields.schema`), not a value computed from one. */
function fromParameter(val: Val): boolean {
  switch (val.k) {
    case 'param':
      return true;
    case 'member':
      return fromParameter(val.obj);
    case 'narrowed':
      return fromParameter(val.v);
    case 'union':
      return val.options.some(fromParameter);
    default:
      return false;
  }
}

/** A property of the options object a class's constructor passes to `super(...)`. */
function superArg(program: Program, cls: ClassFact, key: string): Val | undefined {
  const init = cls.methods['<init>'] ? program.functions.get(cls.methods['<init>']) : undefined;
  const call = init?.calls.find((k) => k.calleeText === 'super');
  if (!call?.args[0]) return undefined;
  const value = program.deref({ k: 'member', obj: call.args[0], prop: key });
  if (value.k !== 'member' && value.k !== 'unknown') return value;
  return prop(program.deref(call.args[0]), key);
}

/** The known tool base at the root of the chain, when there is one. */
function rootBase(program: Program, chain: ClassFact[]): (typeof TOOL_BASES)[number] | undefined {
  const root = chain[chain.length - 1].extends;
  const imp = root ? importOf(program.deref(root)) : undefined;
  return imp ? TOOL_BASES.find((b) => b.module.test(imp.module) && b.names.includes(imp.name)) : undefined;
}
