/**
 * Reads a tool's input schema statically: zod (v3 and v4, object or raw shape), JSON Schema
 * literals (also through `jsonSchema()` / `zodSchema()`), into the graph's SchemaInfo.
 */
import type { Val } from '../extract/code/facts.js';
import { prop, stringOf, stringsOf } from '../extract/code/vals.js';
import type { PropertySchema, SchemaInfo } from '../graph/model.js';
import type { Program } from './program.js';

const ZOD = /^zod(?:\/v[34]|\/mini)?$/;
const MODIFIERS = /^(?:optional|nullable|nullish|default|describe|min|max|length|nonempty|trim|toLowerCase|toUpperCase|int|positive|nonnegative|negative|finite|safe|catch|readonly|brand|meta|strict|strip|refine|superRefine|transform|pipe|array|step|multipleOf|gt|gte|lt|lte)$/;
// `url` is not among them: any URL is still any host, any path.
const FORMATS = /^(?:email|uuid|cuid|cuid2|ulid|datetime|date|time|ip|ipv4|ipv6|cidr|base64|emoji|nanoid|jwt|duration|hostname|guid)$/;

interface ZodCall {
  base: string;
  args: Val[];
  chain: { method: string; args: Val[] }[];
}

export function readSchema(val: Val | undefined, program: Program): SchemaInfo {
  if (!val) return { form: 'none', open: true, properties: {} };
  const resolved = program.deref(val);
  if (resolved.k === 'lit' && resolved.v === null) return { form: 'none', open: true, properties: {} };
  // A schema a recognizer knows without reading code (LangChain `DynamicTool`: one string).
  if (resolved.k === 'schema') return resolved.schema;
  const zod = zodCall(resolved, program);
  if (zod) return zodObject(zod, program);
  // `Input.shape`: the raw shape of a zod object declared elsewhere (MCP `registerTool`'s `inputSchema`).
  const ofShape = resolved.k === 'member' && resolved.prop === 'shape' ? zodCall(program.deref(resolved.obj), program) : undefined;
  if (ofShape) return { ...zodObject(ofShape, program), form: 'raw-shape' };
  if (resolved.k === 'call') {
    // jsonSchema({...}), zodSchema(z.object(...)), valibotSchema(...)
    const inner = resolved.args[0];
    const callee = program.deref(resolved.callee);
    const name = callee.k === 'import' ? callee.name : callee.k === 'member' ? callee.prop : '';
    if (/^(?:jsonSchema|zodSchema|asSchema)$/.test(name) && inner) return readSchema(inner, program);
    return { form: 'unknown', open: false, properties: {} };
  }
  if (resolved.k === 'obj') {
    // JSON Schema says `type: 'object'` (a string) or has `properties`; a raw zod shape may have a
    // field that happens to be called `type` (`{ type: z.enum([...]) }`).
    const type = prop(resolved, 'type');
    const jsonType = type && (stringOf(program.deref(type)) !== undefined || program.deref(type).k === 'arr');
    if (jsonType || prop(resolved, 'properties')) return jsonObject(resolved, program);
    // A zod raw shape: `{ path: z.string() }` (MCP v1 registerTool, Claude Agent SDK tool()).
    const props: Record<string, PropertySchema> = {};
    for (const p of resolved.props) if (p.key && !p.spread) props[p.key] = propertySchema(p.v, program);
    return { form: 'raw-shape', open: false, properties: props };
  }
  return { form: 'unknown', open: false, properties: {} };
}

function zodCall(val: Val, program: Program, depth = 0): ZodCall | undefined {
  if (depth > 30) return undefined;
  const resolved = depth === 0 ? val : program.deref(val);
  if (resolved.k !== 'call') return undefined;
  const callee = resolved.callee.k === 'member' ? resolved.callee : program.deref(resolved.callee);
  if (callee.k === 'import' && ZOD.test(callee.module)) return { base: callee.name, args: resolved.args, chain: [] };
  if (callee.k !== 'member') return undefined;
  const root = program.deref(callee.obj);
  if (root.k === 'import' && ZOD.test(root.module)) return { base: callee.prop, args: resolved.args, chain: [] };
  const inner = zodCall(callee.obj, program, depth + 1);
  if (!inner) return undefined;
  inner.chain.push({ method: callee.prop, args: resolved.args });
  return inner;
}

function zodObject(call: ZodCall, program: Program): SchemaInfo {
  if (call.base !== 'object' && call.base !== 'strictObject' && call.base !== 'looseObject') {
    const single = zodProperty(call, program);
    return { form: 'zod', open: single.type === 'any' || single.type === 'record', properties: single.type === 'object' ? {} : { input: single } };
  }
  const properties: Record<string, PropertySchema> = {};
  addShape(call.args[0], properties, program);
  let open = call.base === 'looseObject';
  for (const link of call.chain) {
    if (link.method === 'extend' || link.method === 'merge' || link.method === 'safeExtend') {
      const other = link.args[0];
      const otherZod = other && zodCall(program.deref(other), program);
      if (otherZod?.base === 'object') addShape(otherZod.args[0], properties, program);
      else addShape(other, properties, program);
    } else if (link.method === 'passthrough' || link.method === 'catchall' || link.method === 'loose') open = true;
    else if (link.method === 'pick' || link.method === 'omit') {
      const keys = (program.deref(link.args[0] ?? { k: 'lit', v: null }) as Val);
      const names = keys.k === 'obj' ? keys.props.map((p) => p.key).filter((k): k is string => !!k) : [];
      for (const key of Object.keys(properties)) if ((link.method === 'pick') !== names.includes(key)) delete properties[key];
    }
  }
  return { form: 'zod', open, properties };
}

function addShape(shape: Val | undefined, into: Record<string, PropertySchema>, program: Program, depth = 0): void {
  const resolved = shape ? program.deref(shape) : undefined;
  if (resolved?.k !== 'obj') return;
  for (const p of resolved.props) {
    if (p.spread) {
      const spread = program.deref(p.v);
      // `...Base.shape`
      const base = spread.k === 'member' && spread.prop === 'shape' ? zodCall(program.deref(spread.obj), program) : undefined;
      if (base?.base === 'object') addShape(base.args[0], into, program, depth);
      else addShape(spread, into, program, depth);
    } else if (p.key) into[p.key] = propertySchema(p.v, program, depth);
  }
}

/** How deep element and field schemas are read: `items[].files[].path` is as far as tools go. */
const MAX_NESTING = 4;

function propertySchema(val: Val, program: Program, depth = 0): PropertySchema {
  const resolved = program.deref(val);
  const zod = zodCall(resolved, program);
  if (zod) return zodProperty(zod, program, depth);
  if (resolved.k === 'obj') return jsonProperty(resolved, program, depth);
  return { type: 'unknown' };
}

function zodProperty(call: ZodCall, program: Program, depth = 0): PropertySchema {
  let schema: PropertySchema;
  const nested = depth < MAX_NESTING;
  switch (call.base) {
    case 'string': schema = { type: 'string' }; break;
    case 'number': case 'bigint': case 'int': case 'coerce': schema = { type: 'number' }; break;
    case 'boolean': schema = { type: 'boolean' }; break;
    case 'enum': case 'nativeEnum': {
      const values = stringsOf(program.deref(call.args[0] ?? { k: 'lit', v: null }));
      schema = { type: 'enum', ...(values ? { values } : {}) };
      break;
    }
    case 'literal': schema = { type: 'literal', values: [String(stringOf(call.args[0]) ?? '')] }; break;
    case 'union': case 'discriminatedUnion': {
      const options = program.deref(call.args[call.base === 'union' ? 0 : 1] ?? { k: 'lit', v: null });
      const parts = options.k === 'arr' ? options.items.map((i) => propertySchema(i, program)) : [];
      schema = parts.length > 0 && parts.every((p) => p.type === 'literal' || p.type === 'enum') ? { type: 'enum' } : { type: 'unknown' };
      break;
    }
    case 'array': schema = { type: 'array', ...(nested && call.args[0] ? { element: propertySchema(call.args[0], program, depth + 1) } : {}) }; break;
    case 'object': case 'strictObject': {
      const fields: Record<string, PropertySchema> = {};
      if (nested) addShape(call.args[0], fields, program, depth + 1);
      schema = { type: 'object', fields };
      break;
    }
    case 'any': case 'unknown': schema = { type: 'any' }; break;
    case 'record': case 'map': {
      // `z.record(z.string())` (zod 3) / `z.record(z.string(), z.number())` (zod 4) is a map whose
      // values are typed: only the keys are free. A record of any / unknown values is untyped.
      const value = call.args.length > 0 ? propertySchema(call.args[call.args.length - 1], program) : undefined;
      schema = value && value.type !== 'any' && value.type !== 'unknown' && value.type !== 'record' ? { type: 'object' } : { type: 'record' };
      break;
    }
    case 'url': schema = { type: 'string' }; break;
    case 'email': case 'uuid': case 'ipv4': case 'ipv6': schema = { type: 'string', narrowedBy: 'format' }; break;
    default: schema = { type: 'unknown' };
  }
  for (const link of call.chain) {
    if (link.method === 'regex' && isAnchored(link.args[0])) schema = { ...schema, narrowedBy: 'pattern', ...(admitsOption(link.args[0]) ? { admitsOption: true } : {}) };
    else if (FORMATS.test(link.method)) schema = { ...schema, narrowedBy: 'format' };
    else if (link.method === 'array') schema = { type: 'array', ...(schema.type === 'enum' ? { values: schema.values } : {}), element: schema };
    else if (link.method === 'or') schema = { type: 'unknown' };
    else if (!MODIFIERS.test(link.method)) continue;
  }
  return schema;
}

function isAnchored(val: Val | undefined): boolean {
  const text = stringOf(val);
  if (!text) return false;
  const source = text.startsWith('/') ? text.slice(1, text.lastIndexOf('/')) : text;
  return source.startsWith('^') && source.endsWith('$') && !/\.\*|\.\+/.test(source);
}

/** Options carrying a command line or a path in the same argument: what a model value would smuggle in. */
const OPTION_PROBES = ['--upload-pack=touch /tmp/x', '--receive-pack=touch /tmp/x', '--exec=touch /tmp/x', '--output=/tmp/x'];

/**
 * Whether an anchored pattern lets a value be an option with its value: tried on option-shaped
 * strings. A pattern with no room for `=`, a space or a `/` (`^[a-zA-Z0-9._-]+$`) can name a flag
 * but hand it no command or path. Only a pattern leash can compile is judged (a JSON Schema
 * pattern is an ECMAScript regex too); one it cannot is taken to narrow as its anchors say.
 */
function admitsOption(val: Val | undefined): boolean {
  const text = stringOf(val);
  if (!text) return false;
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(text);
  let pattern: RegExp;
  try {
    pattern = literal ? new RegExp(literal[1], literal[2].replace(/[gy]/g, '')) : new RegExp(text);
  } catch {
    return false;
  }
  return OPTION_PROBES.some((probe) => pattern.test(probe));
}

function jsonObject(obj: Val, program: Program): SchemaInfo {
  const written = prop(obj, 'properties');
  const propsVal = program.deref(written ?? { k: 'lit', v: null });
  // Properties computed at run time (`root?.properties ?? {}` from a converted zod schema) are
  // not known to be open: leash cannot read them.
  if (written && propsVal.k !== 'obj') return { form: 'unknown', open: false, properties: {} };
  const properties = jsonFields(propsVal, program, 0);
  const additional = prop(obj, 'additionalProperties');
  const closed = additional?.k === 'lit' && additional.v === false;
  // `properties: {}` with `additionalProperties: false` is a tool without arguments, not an open one.
  const open = (additional?.k === 'lit' && additional.v === true) || (!closed && (propsVal.k !== 'obj' || propsVal.props.length === 0));
  // `properties: {}` written out: the tool says it takes no arguments (extra ones are let through).
  const noArguments = propsVal.k === 'obj' && propsVal.props.length === 0 && !(additional?.k === 'lit' && additional.v === true);
  return { form: 'json-schema', open, properties, ...(noArguments ? { noArguments: true } : {}) };
}

/** The properties a JSON Schema `properties` object declares (spreads and computed keys are left out). */
function jsonFields(declared: Val, program: Program, depth: number): Record<string, PropertySchema> {
  const fields: Record<string, PropertySchema> = {};
  if (declared.k === 'obj') for (const p of declared.props) if (p.key && !p.spread) fields[p.key] = jsonProperty(program.deref(p.v), program, depth);
  return fields;
}

function jsonProperty(obj: Val, program: Program, depth = 0): PropertySchema {
  const values = stringsOf(program.deref(prop(obj, 'enum') ?? { k: 'lit', v: null }));
  if (values) return { type: 'enum', values };
  const constant = stringOf(prop(obj, 'const'));
  if (constant !== undefined) return { type: 'literal', values: [constant] };
  const type = stringOf(prop(obj, 'type'));
  if (type === 'string') {
    const pattern = prop(obj, 'pattern');
    const format = stringOf(prop(obj, 'format'));
    const narrowing = format && !/^(?:uri|url|uri-reference|iri)$/.test(format);
    return { type: 'string', ...(isAnchored(pattern) ? { narrowedBy: 'pattern' as const, ...(admitsOption(pattern) ? { admitsOption: true } : {}) } : narrowing ? { narrowedBy: 'format' as const } : {}) };
  }
  if (type === 'number' || type === 'integer') return { type: 'number' };
  if (type === 'boolean') return { type: 'boolean' };
  const nested = depth < MAX_NESTING;
  if (type === 'array') {
    const items = program.deref(prop(obj, 'items') ?? { k: 'lit', v: null });
    return { type: 'array', ...(nested && items.k === 'obj' ? { element: jsonProperty(items, program, depth + 1) } : {}) };
  }
  if (type === 'object') {
    const additional = prop(obj, 'additionalProperties');
    const typedValues = additional?.k === 'obj' && jsonProperty(program.deref(additional), program).type !== 'any';
    const fields = nested ? jsonFields(program.deref(prop(obj, 'properties') ?? { k: 'lit', v: null }), program, depth + 1) : {};
    return { type: prop(obj, 'properties') || typedValues ? 'object' : 'record', ...(Object.keys(fields).length > 0 ? { fields } : {}) };
  }
  return { type: type ? 'unknown' : 'any' };
}
