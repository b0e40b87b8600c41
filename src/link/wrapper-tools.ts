/**
 * Tools registered inside a project's own wrapper, named by the wrapper's parameter:
 *
 *   function registerPaidTool(server, toolName, description, callback) {
 *     server.tool(toolName, description, {}, async (args) => { …; return callback(args); });
 *   }
 *   registerPaidTool(server, 'premium_report', 'A report', () => …);
 *
 * The same for a factory of the project that builds a tool from an options object
 * (`createLangChainTool({ name: 'localSearch', schema, func })` around LangChain's `tool()`).
 *
 * One registration call, one tool per call of the wrapper: each call is an instance of the tool
 * fact (the wrapper's parameters bound to that call's arguments), named by the literal it passes.
 * Wrappers of wrappers (`paidTool(name, …) { registerPaidTool(this.server, name, …) }`) are
 * followed up to the call that writes the name, a few levels at most.
 */
import type { ToolFact, Val } from '../extract/code/facts.js';
import { fileClass } from '../discover/file-class.js';
import { stringOf } from '../extract/code/vals.js';
import { classToolId } from './class-tools.js';
import { elementsOf, nameLocationOf, type LoopInstance } from './loop-tools.js';
import { substitute, type Program } from './program.js';

const MAX_LEVELS = 3;
const MAX_INSTANCES = 200;

/** A name written as a parameter with a default (`toolName || 'web_search'`, `name ?? 'fetch'`). */
export function nameWithDefault(val: Val | undefined): { source: Extract<Val, { k: 'param' }>; fallback: string } | undefined {
  if (val?.k !== 'union' || val.options.length !== 2) return undefined;
  const [source, fallback] = val.options;
  const text = stringOf(fallback);
  return source.k === 'param' && text !== undefined ? { source, fallback: text } : undefined;
}

/** The name a call gives a tool named `param || 'default'`: its argument when written, else the default. */
export function defaultedName(val: Val | undefined, fnId: string, args: Val[], program: Program): string | undefined {
  const defaulted = nameWithDefault(val);
  if (!defaulted || defaulted.source.fn !== fnId) return undefined;
  const given = program.deref(substitute(defaulted.source, fnId, args));
  return stringOf(given) || (isNullish(given) ? defaulted.fallback : undefined);
}

const isNullish = (val: Val) => val.k === 'lit' && (val.v === null || val.v === '');

/** One call of the wrapper: its parameters bound to that call's arguments. */
export type WrapperInstance = LoopInstance;

export class WrapperTools {
  constructor(private readonly program: Program) {}

  /**
   * The instances of a tool whose name is a parameter of the function that registers it, one per
   * production call that (through at most a few wrappers) passes a written name; undefined when
   * the name is not such a parameter or no call names it.
   */
  instancesOf(tool: ToolFact): WrapperInstance[] | undefined {
    // `toolName || 'web_search'`: the parameter names the tool, or the written default when a call leaves it out.
    const defaulted = nameWithDefault(tool.nameVal);
    const nameVal = defaulted?.source ?? tool.nameVal;
    // The name is the parameter itself (`registerPaidTool(server, 'name', …)`) or a field of it
    // (`createTool({ name: 'localSearch', … })` building `tool(fn, { name: options.name })`).
    if (!nameVal || nameVal.k !== 'param') return undefined;
    const wrapper = nameVal.fn;
    const found: WrapperInstance[] = [];
    const visit = (fnId: string, args: (callArgs: Val[], callee: Val) => Val[], level: number) => {
      if (level > MAX_LEVELS || found.length >= MAX_INSTANCES) return;
      for (const site of this.program.callSitesOf(fnId)) {
        if (fileClass(site.loc.file) !== 'production') continue;
        const bound = args(site.args, site.callee);
        const name = this.program.deref(substitute(nameVal, wrapper, bound));
        if (stringOf(name) !== undefined || (defaulted && isNullish(name))) {
          found.push({ fn: wrapper, args: bound, loc: site.loc });
          continue;
        }
        // The wrapper is called for each element of a list (`for (const tool of createTools(flags))
        // registerTool(tool)`): one tool per element that names itself.
        const listed = this.listElements(bound[nameVal.index]);
        if (listed) {
          for (const [index, element] of listed.entries()) {
            // An instance of a tool class is that class's tool, found where the class is declared.
            if (this.isClassTool(element)) continue;
            const args = bound.map((a, i) => (i === nameVal.index ? element : a));
            if (stringOf(this.program.deref(substitute(nameVal, wrapper, args))) === undefined) continue;
            const at = nameLocationOf(this.program, element, nameVal.path.length > 0 ? nameVal.path : ['name']);
            if (at && found.some((f) => f.loc.file === at.file && f.loc.line === at.line && f.loc.column === at.column)) continue;
            // An element whose name is not written where leash can point (what a factory returned)
            // is told apart from the others at the call.
            found.push({ fn: wrapper, args, loc: at ?? { ...site.loc, column: site.loc.column + 10_000 + index } });
          }
          continue;
        }
        // The name is a field of an element of a list nobody in sight passes (a constructor the
        // dependency-injection container calls): each constant of the list's declared element
        // type may be one.
        const typed = this.typedElements(name);
        if (typed) {
          for (const element of typed) {
            const args = bound.map((a, i) => (i === nameVal.index ? element : a));
            if (stringOf(this.program.deref(substitute(nameVal, wrapper, args))) === undefined) continue;
            found.push({ fn: wrapper, args, loc: nameLocationOf(this.program, element, nameVal.path.length > 0 ? nameVal.path : ['name']) ?? site.loc });
          }
          continue;
        }
        // The name is the caller's own parameter: its callers write it. A method called on an
        // object (`this.paidTool(…)` in a subclass) reads its `this` from that object.
        const outer = site.caller;
        if (name.k === 'param' && name.path.length === 0 && name.fn === outer) {
          const method = this.program.functions.get(outer)?.classId !== undefined;
          visit(outer, (outerArgs, outerCallee) => bound.map((a) => substitute(a, outer, outerArgs, method && outerCallee.k === 'member' ? outerCallee.obj : undefined)), level + 1);
        }
      }
    };
    visit(wrapper, (callArgs) => callArgs, 1);
    return found.length > 0 ? found : undefined;
  }

  /** `new ReadTool()` of a class leash already lists as a tool. */
  private isClassTool(element: Val): boolean {
    const made = this.program.deref(element);
    const cls = made.k === 'new' ? this.program.classOf(this.program.deref(made.callee)) : undefined;
    return !!cls && this.program.tools.has(classToolId(cls));
  }

  /** For an argument that is an element of a list (a loop's variable), the list's elements; else undefined. */
  private listElements(arg: Val | undefined): Val[] | undefined {
    if (!arg) return undefined;
    const element = arg.k === 'member' && arg.prop === '[]' ? arg : this.program.deref(arg);
    if (element.k !== 'member' || element.prop !== '[]') return undefined;
    const elements = elementsOf(this.program, element.obj);
    return elements.length > 0 && elements.length <= MAX_INSTANCES ? elements : undefined;
  }

  /**
   * For a field of an element of a list parameter no caller in sight passes (`tools:
   * ToolDefinition[]` filled by a container), the constants declared with the element type.
   */
  private typedElements(name: Val): Val[] | undefined {
    if (name.k !== 'param' || name.path[0] !== '[]') return undefined;
    const fn = this.program.functions.get(name.fn);
    const elementType = fn?.paramElementTypes?.[name.index];
    if (!fn || !elementType || this.program.callSitesOf(fn.id).length > 0 || this.constructedInSight(fn.id)) return undefined;
    const values = this.program.declaredTypes.valuesOf(elementType);
    return values.length > 0 ? values : undefined;
  }

  /** Whether code in sight constructs the class this function is the constructor of (`new Registry(tools)`). */
  private constructedInSight(fnId: string): boolean {
    if (!this.constructors) {
      this.constructors = new Set();
      for (const fn of this.program.functions.values()) {
        for (const call of fn.calls) {
          if (!call.calleeText.startsWith('new ')) continue;
          const ctor = this.program.classMember(this.program.classOf(this.program.deref(call.callee)), '<init>');
          if (ctor?.k === 'fn') this.constructors.add(ctor.id);
        }
      }
    }
    return this.constructors.has(fnId);
  }

  private constructors?: Set<string>;
}
