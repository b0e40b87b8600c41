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
    const elements = this.elementsOf(array, 0).filter((e) => constantText(substitute(nameVal, fnId!, [e]), (v) => this.program.deref(v)) !== undefined);
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

  /** An object literal's keyed properties, with those of the objects it spreads in (`{ ...base, destroy }`). */
  private ownProps(object: Extract<Val, { k: 'obj' }>, depth: number): ObjProp[] {
    if (depth > MAX_DEPTH) return [];
    return object.props.flatMap((p) => {
      if (!p.spread) return p.key !== null ? [p] : [];
      const spread = this.program.deref(p.v);
      return spread.k === 'obj' ? this.ownProps(spread, depth + 1) : [];
    });
  }

  /** The elements an array expression holds, through filters, copies and `map` callbacks. */
  private elementsOf(val: Val, depth: number): Val[] {
    if (depth > MAX_DEPTH) return [];
    const d = this.program.deref(val);
    switch (d.k) {
      case 'arr':
        return d.items.flatMap((item) => (item.k === 'spread' ? this.elementsOf(item.v, depth + 1) : [item]));
      case 'union': {
        // `let tools = all; if (readOnly) tools = tools.filter(…)`: the same elements twice.
        const seen = new Set<Val>();
        return d.options.flatMap((o) => this.elementsOf(o, depth + 1)).filter((e) => !seen.has(e) && !!seen.add(e));
      }
      case 'call': {
        // `Object.entries(commands).forEach(([name, command]) => …)`: one `[key, value]` pair per
        // property, remembering where the key is written; `Object.values` gives the values.
        const object = d.callee.k === 'member' && d.callee.obj.k === 'global' && d.callee.obj.name === 'Object' && d.args[0] ? this.program.deref(d.args[0]) : undefined;
        if (object?.k === 'obj' && d.callee.k === 'member' && (d.callee.prop === 'entries' || d.callee.prop === 'values')) {
          const own = this.ownProps(object, 0);
          return d.callee.prop === 'values' ? own.map((p) => p.v) : own.map((p): Val => ({ k: 'arr', items: [{ k: 'lit', v: p.key }, p.v], ...(p.loc ? { locs: [p.loc, p.loc] } : {}) }));
        }
        const callee = d.callee.k === 'member' ? d.callee : undefined;
        if (!callee) return [];
        if (KEEP_ELEMENTS.test(callee.prop)) return [...this.elementsOf(callee.obj, depth + 1), ...(callee.prop === 'concat' ? d.args.flatMap((a) => this.elementsOf(a, depth + 1)) : [])];
        if (callee.prop === 'map' || callee.prop === 'flatMap') {
          const mapper = d.args[0] ? this.program.deref(d.args[0]) : undefined;
          const fn = mapper?.k === 'fn' ? this.program.functions.get(mapper.id) : undefined;
          if (!fn) return [];
          return this.elementsOf(callee.obj, depth + 1).flatMap((e) => fn.returns.map((r) => substitute(r, fn.id, [e])));
        }
        return [];
      }
      default:
        return [];
    }
  }

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
