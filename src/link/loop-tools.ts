/**
 * Tools registered in a loop over definition objects:
 *
 *   TOOL_DEFINITIONS.forEach((tool) => server.registerTool(tool.name, { inputSchema: tool.inputSchema },
 *     (args) => HANDLERS[tool.name](args)));
 *
 * One registration call, one tool per element. Each element becomes an instance of the tool fact
 * (the callback's parameter bound to that element), so its name, schema and handler are read from
 * that element: `HANDLERS[tool.name]` resolves to the one handler it names.
 */
import type { Location } from '../graph/model.js';
import type { ObjProp, ToolFact, Val } from '../extract/code/facts.js';
import { constantText, propEntry, walkVal } from '../extract/code/vals.js';
import { substitute, type Program } from './program.js';

const ITERATE = /^(?:forEach|map|flatMap)$/;
/** Array methods whose result holds (some of) the receiver's elements. */
const KEEP_ELEMENTS = /^(?:filter|slice|sort|toSorted|reverse|toReversed|concat)$/;
const MAX_ELEMENTS = 1000;
const MAX_DEPTH = 12;

export interface LoopInstance {
  fn: string;
  args: Val[];
  loc: Location;
}

export class LoopTools {
  /** Callback function id → the array it is called on (`xs.forEach(cb)` → `xs`). */
  private callbacks?: Map<string, Val>;

  constructor(private readonly program: Program) {}

  /**
   * The instances of a tool registered with a name read from a loop callback's element, or
   * undefined when the tool is not registered that way or the elements cannot be listed.
   */
  instancesOf(tool: ToolFact): LoopInstance[] | undefined {
    if (!tool.repeated || !tool.nameVal) return undefined;
    let fnId: string | undefined;
    walkVal(tool.nameVal, (v) => {
      if (v.k === 'param' && v.index === 0) fnId ??= v.fn;
    });
    const array = fnId ? this.callbackArrays().get(fnId) : undefined;
    if (!fnId || !array) return undefined;
    // Only elements that name their tool: a definition leash cannot read is no tool of its own.
    const nameVal = tool.nameVal;
    const elements = elementsOf(this.program, array).filter((e) => constantText(substitute(nameVal, fnId!, [e]), (v) => this.program.deref(v)) !== undefined);
    if (elements.length === 0 || elements.length > MAX_ELEMENTS) return undefined;
    // Where the element writes its name: the fields the registration reads (`tool.method`,
    // `tool.schema.name`), else `name`.
    const fields = nameVal.k === 'param' && nameVal.path.length > 0 ? nameVal.path : nameVal.k === 'member' && nameVal.prop !== '[]' ? [nameVal.prop] : ['name'];
    // An entry pair (`[name, command]`) is named where its key is written.
    const entryKeyAt = (element: Val) => (element.k === 'arr' && element.locs ? element.locs[0] : undefined);
    return elements.map((element, index) => ({ fn: fnId!, args: [element], loc: entryKeyAt(element) ?? nameLocationOf(this.program, element, fields) ?? { ...tool.loc, column: tool.loc.column + 10_000 + index } }));
  }

  private callbackArrays(): Map<string, Val> {
    if (this.callbacks) return this.callbacks;
    this.callbacks = new Map();
    for (const fn of this.program.functions.values()) {
      for (const call of fn.calls) {
        if (call.callee.k !== 'member' || !ITERATE.test(call.callee.prop)) continue;
        const callback = call.args[0] ? this.program.deref(call.args[0]) : undefined;
        if (callback?.k === 'fn') this.callbacks.set(callback.id, call.callee.obj);
      }
    }
    return this.callbacks;
  }

}

/**
 * The elements an array expression holds, as far as the code shows them: through spreads,
 * filters and copies, `map` callbacks, `Object.entries` / `Object.values` (of an object literal
 * or of a module's namespace, `import * as tools`), the elements of another list, and the results
 * of calling each element of a list of factories (`for (const t of raw) out.push(t(flags))`).
 */
export function elementsOf(program: Program, val: Val, depth = 0): Val[] {
  if (depth > MAX_DEPTH) return [];
  const d = program.deref(val);
  switch (d.k) {
    case 'arr':
      // An item that is itself an element of a list (pushed in a loop over it) stands for each.
      return d.items.flatMap((item) => (item.k === 'spread' || standsForEach(item) ? elementsOf(program, item.k === 'spread' ? item.v : item, depth + 1) : [item]));
    case 'union': {
      // `let tools = all; if (readOnly) tools = tools.filter(…)`: the same elements twice.
      const seen = new Set<Val>();
      return d.options.flatMap((o) => elementsOf(program, o, depth + 1)).filter((e) => !seen.has(e) && !!seen.add(e));
    }
    case 'call': {
      // `Object.entries(commands).forEach(([name, command]) => …)`: one `[key, value]` pair per
      // property, remembering where the key is written; `Object.values` gives the values.
      const object = d.callee.k === 'member' && d.callee.obj.k === 'global' && d.callee.obj.name === 'Object' && d.args[0] ? program.deref(d.args[0]) : undefined;
      if (object?.k === 'obj' && d.callee.k === 'member' && (d.callee.prop === 'entries' || d.callee.prop === 'values')) {
        const own = ownProps(program, object, 0);
        return d.callee.prop === 'values' ? own.map((p) => p.v) : own.map((p): Val => ({ k: 'arr', items: [{ k: 'lit', v: p.key }, p.v], ...(p.loc ? { locs: [p.loc, p.loc] } : {}) }));
      }
      // `Object.values(pageTools)` of `import * as pageTools`: what the module exports.
      if (object?.k === 'import' && object.name === '*' && object.file === '<resolved>' && d.callee.k === 'member' && d.callee.prop === 'values') return program.exportedValues(object.module);
      const callee = program.deref(d.callee);
      // `t(flags)` for each `t` of a list of factories: what each returns.
      if (callee.k === 'member' && callee.prop === '[]') {
        return elementsOf(program, callee.obj, depth + 1).flatMap((e) => {
          const made = program.deref(e);
          return (made.k === 'union' ? made.options : [made]).filter((o) => program.deref(o).k === 'fn').map((o) => program.deref({ k: 'call', callee: o, args: d.args, loc: d.loc }));
        });
      }
      if (d.callee.k !== 'member') return [];
      const method = d.callee;
      if (KEEP_ELEMENTS.test(method.prop)) return [...elementsOf(program, method.obj, depth + 1), ...(method.prop === 'concat' ? d.args.flatMap((a) => elementsOf(program, a, depth + 1)) : [])];
      if (method.prop === 'map' || method.prop === 'flatMap') {
        const mapper = d.args[0] ? program.deref(d.args[0]) : undefined;
        const fn = mapper?.k === 'fn' ? program.functions.get(mapper.id) : undefined;
        if (!fn) return [];
        return elementsOf(program, method.obj, depth + 1).flatMap((e) => fn.returns.map((r) => substitute(r, fn.id, [e])));
      }
      return [];
    }
    case 'member':
      // An element of another list (`for (const tool of raw) tools.push(tool)`): each of its elements.
      return d.prop === '[]' ? elementsOf(program, d.obj, depth + 1).flatMap((e) => {
        const made = program.deref(e);
        return made.k === 'union' ? made.options : [e];
      }) : [];
    default:
      return [];
  }
}

/** `raw[]` or `raw[](flags)`: a loop variable over a list, or what calling it gives. */
function standsForEach(item: Val): boolean {
  const callee = item.k === 'call' ? item.callee : item;
  return callee.k === 'member' && callee.prop === '[]';
}

/** An object literal's keyed properties, with those of the objects it spreads in (`{ ...base, destroy }`). */
function ownProps(program: Program, object: Extract<Val, { k: 'obj' }>, depth: number): ObjProp[] {
  if (depth > MAX_DEPTH) return [];
  return object.props.flatMap((p) => {
    if (!p.spread) return p.key !== null ? [p] : [];
    const spread = program.deref(p.v);
    return spread.k === 'obj' ? ownProps(program, spread, depth + 1) : [];
  });
}

/** Where an element writes its name: the field the registration reads (`tool.name`), through spreads. */
export function nameLocationOf(program: Program, element: Val, fields: string[], depth = 0): Location | undefined {
  const d = program.deref(element);
  if (d.k !== 'obj' || depth > 4 || fields.length === 0) return undefined;
  const own = propEntry(d, fields[0]);
  if (own) return fields.length === 1 ? own.loc : nameLocationOf(program, own.v, fields.slice(1), depth + 1);
  for (const p of [...d.props].reverse()) if (p.spread) return nameLocationOf(program, p.v, fields, depth + 1);
  return undefined;
}
