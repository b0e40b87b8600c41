/**
 * The linked program: every file's facts, indexed, with cross-file resolution of names.
 * `deref` turns a late-bound value (a module reference, an import, a call to a local
 * factory) into what it stands for, following re-exports and substituting parameters.
 */
import type { AgentFact, ClassFact, CodeFacts, FunctionFact, ServerFact, ToolFact, Val } from '../extract/code/facts.js';
import { memberOf, normaliseModule, union, unknownLoc } from '../extract/code/vals.js';
import { confinesPath } from './path-validators.js';
import { canonicalName } from './canonical.js';
import type { ModuleResolver } from './modules.js';
import { DeclaredTypes } from './declared-types.js';
import type { ConstraintKind, Location } from '../graph/model.js';

export type Resolved = { kind: 'local'; file: string; name: string } | { kind: 'external'; module: string; name: string };

const MAX_DEPTH = 12;
/** A callee that may be more than this many functions is left unresolved rather than fanned out. */
const MAX_CHOICES = 64;

/** Array methods whose result holds elements of the array they are called on. */
const ELEMENT_KEEPING = /^(?:filter|slice|sort|reverse|toSorted|toReversed|splice)$/;

export class Program {
  readonly files = new Map<string, CodeFacts>();
  readonly functions = new Map<string, FunctionFact>();
  readonly tools = new Map<string, ToolFact>();
  readonly agents = new Map<string, AgentFact>();
  /** Agents the linker recognised at a `new` (a server class re-exported by the project), by `file:line:column`. */
  readonly agentsBuiltAt = new Map<string, AgentFact>();
  readonly servers = new Map<string, ServerFact>();
  readonly classes = new Map<string, ClassFact>();

  constructor(
    facts: CodeFacts[],
    readonly resolver: ModuleResolver,
  ) {
    for (const f of facts) {
      this.files.set(f.file, f);
      this.functions.set(f.topLevel.id, f.topLevel);
      for (const fn of Object.values(f.functions)) this.functions.set(fn.id, fn);
      for (const t of f.tools) this.tools.set(t.id, t);
      for (const a of f.agents) this.agents.set(a.id, a);
      for (const s of f.servers) this.servers.set(s.id, s);
      for (const c of Object.values(f.classes)) this.classes.set(c.id, c);
    }
    this.resolveBranchNames();
  }

  /**
   * `case toolNames.createModule:` names its branch with a constant another module exports: read
   * here, where imports resolve. A case whose constant cannot be read names no branch. (The facts
   * were cached before linking; what is filled in here is this run's own.)
   */
  private resolveBranchNames(): void {
    for (const fn of this.functions.values()) {
      if (!fn.branches?.some((b) => b.nameVal)) continue;
      fn.branches = fn.branches.flatMap((b) => {
        if (!b.nameVal) return [b];
        const value = this.deref(b.nameVal);
        return value.k === 'lit' && typeof value.v === 'string' ? [{ ...b, name: value.v }] : [];
      });
    }
  }

  private children?: Map<string, FunctionFact[]>;
  private declared?: DeclaredTypes;

  /** Method calls resolved by the receiver's declared type, when its value cannot be followed. */
  get declaredTypes(): DeclaredTypes {
    return (this.declared ??= new DeclaredTypes(this));
  }

  /** The callbacks and closures defined inside each function, by the enclosing function's id. */
  get childFunctions(): ReadonlyMap<string, FunctionFact[]> {
    if (this.children) return this.children;
    this.children = new Map();
    for (const fn of this.functions.values()) {
      if (!fn.parent) continue;
      const list = this.children.get(fn.parent) ?? [];
      list.push(fn);
      this.children.set(fn.parent, list);
    }
    return this.children;
  }

  /** Where an exported name of a file really lives, following `export ... from` chains. */
  resolveExport(file: string, name: string, seen = new Set<string>()): Resolved | undefined {
    const key = `${file}#${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const facts = this.files.get(file);
    if (!facts) return undefined;
    for (const exp of facts.exports) {
      if (exp.exported !== name) continue;
      if (exp.local !== undefined) return { kind: 'local', file, name: exp.local };
      if (exp.from) return this.resolveImport(file, exp.from, exp.imported ?? name, seen);
    }
    for (const exp of facts.exports) {
      if (exp.exported !== '*' || !exp.from || name === 'default') continue;
      const found = this.resolveImport(file, exp.from, name, seen);
      if (found && (found.kind === 'local' || found.module)) {
        if (found.kind === 'external' || this.hasBinding(found.file, found.name)) return found;
      }
    }
    // A module-level binding that is not exported by name still answers CommonJS-style access.
    if (facts.bindings[name] && facts.exports.some((e) => e.local === 'module.exports')) return { kind: 'local', file, name };
    return undefined;
  }

  resolveImport(fromFile: string, module: string, name: string, seen = new Set<string>()): Resolved | undefined {
    const target = this.resolver.resolve(fromFile, module);
    if (!target) return { kind: 'external', module: normaliseModule(module), name };
    if (name === '*') return { kind: 'local', file: target, name: '*' };
    return this.resolveExport(target, name, seen);
  }

  private hasBinding(file: string, name: string): boolean {
    const facts = this.files.get(file);
    return name === '*' || !!facts?.bindings[name] || !!facts?.types?.[name];
  }

  /**
   * The values a module exports by name (what `Object.values` of `import * as m` holds), those it
   * re-exports included; type-only exports are not values and are skipped.
   */
  exportedValues(file: string): Val[] {
    return this.exportedNames(file, true).flatMap((name): Val[] => {
      const found = this.resolveExport(file, name);
      if (found?.kind !== 'local' || found.name === '*') return [];
      const bound = this.binding(found.file, found.name);
      return bound ? [bound] : [];
    });
  }

  /**
   * The names a module exports, through `export * from` (which passes on every name but the
   * default); its own default only when asked for.
   */
  exportedNames(file: string, withDefault = false, seen = new Set<string>()): string[] {
    if (seen.has(file)) return [];
    seen.add(file);
    const facts = this.files.get(file);
    if (!facts) return [];
    return [...new Set(facts.exports.flatMap((e) => {
      if (e.exported !== '*') return e.exported === 'default' && !withDefault ? [] : [e.exported];
      const target = e.from ? this.resolver.resolve(file, e.from) : undefined;
      return target ? this.exportedNames(target, false, seen) : [];
    }))];
  }

  /** The value bound to a module-level name (function, class, const), or undefined. */
  binding(file: string, name: string): Val | undefined {
    if (name.startsWith('class:')) return { k: 'ref', name, file };
    return this.files.get(file)?.bindings[name];
  }

  classOf(ref: Val): ClassFact | undefined {
    if (ref.k === 'ref' && ref.name.startsWith('class:')) return this.classes.get(`${ref.file}#${ref.name}`);
    if (ref.k === 'this' && ref.cls) return this.classes.get(ref.cls);
    return undefined;
  }

  /**
   * A member of a class (or of an instance, `new C(...)`), looking up the `extends` chain: a
   * method is its function, a getter is what it returns, a field is its value. With an instance,
   * the constructor's parameters are the `new` call's arguments and `this` is the instance.
   */
  classMember(cls: ClassFact | undefined, prop: string, instance?: Extract<Val, { k: 'new' }>): Val | undefined {
    for (let c = cls, hops = 0; c && hops < 8; c = c.extends ? this.classOf(this.deref(c.extends)) : undefined, hops++) {
      const method = c.methods[prop];
      const bind = (v: Val) => (instance ? this.bindInstance(v, c!, instance) : v);
      if (method && c.getters?.includes(prop)) {
        const returns = this.functions.get(method)?.returns ?? [];
        if (returns.length === 0) return { k: 'unknown', why: `getter ${c.name}.${prop} returns nothing leash can read` };
        return returns.length === 1 ? bind(returns[0]) : { k: 'union', options: returns.map(bind) };
      }
      if (method) return { k: 'fn', id: method };
      const field = c.props[prop];
      if (field) return bind(field);
    }
    return undefined;
  }

  /** A class-level value read through one instance: constructor parameters and `this` filled in. */
  bindInstance(val: Val, cls: ClassFact, instance: Extract<Val, { k: 'new' }>): Val {
    const ctor = cls.methods['<init>'];
    return substitute(val, ctor ?? '', ctor ? instance.args : [], instance);
  }

  /**
   * What the function's own statement calls of checking functions hold of its parameters
   * (`validateMode(mode);` in its body): the parameter, the field of it checked, and how.
   */
  assertionsIn(fnId: string): { index: number; path: string[]; by: ConstraintKind[] }[] {
    const known = this.assertionCache.get(fnId);
    if (known) return known;
    const found: { index: number; path: string[]; by: ConstraintKind[] }[] = [];
    for (const call of this.functions.get(fnId)?.calls ?? []) {
      if (!call.statement) continue;
      const target = this.deref(call.callee);
      const checker = target.k === 'fn' ? this.functions.get(target.id) : undefined;
      for (const check of checker?.asserts ?? []) {
        const arg = call.args[check.param];
        if (arg?.k === 'param' && arg.fn === fnId) found.push({ index: arg.index, path: arg.path, by: check.by });
      }
    }
    this.assertionCache.set(fnId, found);
    return found;
  }

  private readonly assertionCache = new Map<string, { index: number; path: string[]; by: ConstraintKind[] }[]>();

  /** The arguments of a call of `fnId`, those it checks (see `assertionsIn`) marked as checked. */
  private checkedArgs(fnId: string, args: Val[]): Val[] {
    const checks = this.assertionsIn(fnId).filter((c) => c.path.length === 0);
    if (checks.length === 0) return args;
    return args.map((arg, index) => {
      const by = checks.filter((c) => c.index === index).flatMap((c) => c.by);
      return by.length > 0 ? { k: 'narrowed', v: arg, by } : arg;
    });
  }

  /**
   * One step of resolution towards a concrete value. Returns the input unchanged when there is
   * nothing to resolve (literals, parameters, externals, unknowns).
   */
  deref(val: Val, depth = 0): Val {
    // Memoised per value object: the same call or reference is resolved many times (by flows,
    // summaries and canonical names), and a fresh result each time would defeat those caches.
    // Below the top, a result is kept only when no depth limit cut it short: the same value met
    // at a shallower depth could resolve further. Without these inner entries, objects built from
    // spreads of spreads (`{ ...defaults, ...deps }` passed down a chain of helpers) are resolved
    // again at every level, exponentially.
    const cached = this.derefCache.get(val);
    if (cached) return cached;
    const cutsBefore = this.depthCuts;
    const result = this.derefUncached(val, depth);
    if (depth === 0 || this.depthCuts === cutsBefore) this.derefCache.set(val, result);
    return result;
  }

  private readonly derefCache = new WeakMap<Val, Val>();

  /**
   * `memberOf`, made once per object and property: resolution reads the same field of the same
   * object again and again, and a fresh member value each time would miss the deref cache.
   * `simplify: false` is the plain member node, for an object whose literal fields were already read.
   */
  member(obj: Val, prop: string, simplify = true): Val {
    const key = simplify ? prop : `\u0000${prop}`;
    let byProp = this.members.get(obj);
    if (!byProp) this.members.set(obj, (byProp = new Map()));
    let found = byProp.get(key);
    if (!found) byProp.set(key, (found = simplify ? memberOf(obj, prop) : { k: 'member', obj, prop }));
    return found;
  }

  private readonly members = new WeakMap<Val, Map<string, Val>>();

  /** How many resolutions stopped at the depth limit so far; see `deref`. */
  depthCuts = 0;

  /** Whether a function is defined inside another (a closure of it), a few levels deep. */
  isWithin(fnId: string, ancestor: string): boolean {
    for (let f = this.functions.get(fnId), hops = 0; f?.parent && hops < 12; f = this.functions.get(f.parent), hops++) {
      if (f.parent === ancestor) return true;
    }
    return false;
  }

  /**
   * `container.resolve(C)`, `container.get(C)` on a container from a dependency-injection package,
   * with a class of the project: `new C()`, its constructor's arguments supplied by the container.
   */
  private injectedInstance(callee: Extract<Val, { k: 'member' }>, args: Val[]): Val | undefined {
    if (!/^(?:resolve|get|getAsync|resolveAll)$/.test(callee.prop) || !args[0]) return undefined;
    let root = this.deref(callee.obj);
    for (let hops = 0; (root.k === 'member' || root.k === 'call') && hops < 4; hops++) root = this.deref(root.k === 'member' ? root.obj : root.callee);
    if (root.k !== 'import' || !DI_MODULES.test(root.module)) return undefined;
    const cls = this.classOf(this.deref(args[0]));
    return cls ? { k: 'new', callee: args[0], args: [], loc: unknownLoc } : undefined;
  }

  /**
   * The functions a callee may be when it is one of several (`cond ? a : b`), or a member of one of
   * several objects (`tool.execute` where `tool` is whichever definition a lookup returns).
   * Undefined when the callee is not such a choice.
   */
  memberOfEach(target: Val): string[] | undefined {
    const options =
      target.k === 'union'
        ? target.options
        : target.k === 'member' && target.prop !== '[]' && target.obj.k === 'union'
          ? target.obj.options.map((o) => this.deref(this.member(o, target.prop)))
          : target.k === 'member' && target.prop !== '[]'
            ? this.entriesOfLookup(target.obj)?.map((o) => this.deref(this.member(o.v, target.prop)))
            : undefined;
    if (!options || options.length > MAX_CHOICES) return undefined;
    const fns = [...new Set(options.flatMap((o) => (o.k === 'fn' ? [o.id] : [])))];
    return fns.length > 0 ? fns : undefined;
  }

  /**
   * The values a lookup by a key known only at run time may give (`catalog[name]` on an object
   * literal): each of its entries. Undefined when `val` is no such lookup.
   */
  entriesOfLookup(val: Val): { key: string | null; v: Val }[] | undefined {
    if (val.k !== 'member' || val.prop !== '[]' || val.where) return undefined;
    const obj = this.deref(val.obj);
    if (obj.k !== 'obj' || obj.props.length === 0 || obj.props.length > MAX_CHOICES || obj.props.some((p) => p.spread)) return undefined;
    return obj.props.map((p) => ({ key: p.key, v: p.v }));
  }

  /**
   * The element of a listed array whose field equals a value (`tools.find((t) => t.method === method)`).
   * An element whose field cannot be read may be the one; while the sought value is unknown (a
   * parameter no caller has filled in yet), any element may be. Undefined when the array cannot be listed.
   */
  private elementWhere(list: Val, path: string[], sought: Val, depth: number): Val | undefined {
    const items = arrayItems(this, list, depth);
    if (!items || items.length === 0) return undefined;
    const want = this.deref(sought, depth + 1);
    const kept = items.filter((item) => {
      if (want.k !== 'lit') return true;
      const field = this.deref(path.reduce((v, p) => this.member(v, p), item), depth + 1);
      return field.k !== 'lit' || field.v === want.v;
    });
    if (kept.length === 0) return { k: 'lit', v: null };
    return kept.length === 1 ? this.deref(kept[0], depth + 1) : { k: 'union', options: kept };
  }

  /** A property written before a spread is shadowed by it; look into the spreads, last first. */
  private memberThroughSpreads(obj: Extract<Val, { k: 'obj' }>, prop: string, depth: number): Val | undefined {
    for (let i = obj.props.length - 1; i >= 0; i--) {
      const p = obj.props[i];
      if (!p.spread) {
        if (p.key === prop) return this.deref(p.v, depth + 1);
        continue;
      }
      const inner = this.deref(p.v, depth + 1);
      if (inner.k !== 'obj') {
        // `ctx.todos = args.todos` on a parameter `ctx`: every other field is still the
        // parameter's, not the whole object's (which would mix in the model's todos). What the
        // spread lacks may still be written before it.
        const fromSpread = this.deref(this.member(inner, prop), depth + 1);
        const before = this.memberThroughSpreads({ k: 'obj', props: obj.props.slice(0, i) }, prop, depth + 1);
        return before ? union([fromSpread, before]) : fromSpread;
      }
      const found = this.deref(this.member(inner, prop, false), depth + 1);
      // Not found is the member left on the spread object itself; a member of anything else
      // (`{ readFile: fs.readFile }`) is what the spread holds.
      if (found.k !== 'unknown' && !(found.k === 'member' && found.obj === inner)) return found;
    }
    return undefined;
  }

  private callers?: Map<string, { args: Val[]; loc: Location; callee: Val; caller: string }[]>;
  private buildingCallers = false;

  private envParams = new Map<string, number[]>();

  /**
   * The parameters of a function that name an environment variable it reads: its own
   * `process.env[name]`, or a name it hands on to such a helper (`getConfig(flag, envName)`
   * calling `readEnv(envName)`).
   */
  envParamsOf(fnId: string, seen = new Set<string>()): number[] {
    const cached = this.envParams.get(fnId);
    if (cached) return cached;
    const fn = this.functions.get(fnId);
    if (!fn || seen.has(fnId)) return [];
    seen.add(fnId);
    const params = new Set(fn.envByParam ?? []);
    for (const call of fn.calls) {
      const target = this.deref(call.callee);
      if (target.k !== 'fn' || target.id === fnId) continue;
      for (const i of this.envParamsOf(target.id, seen)) {
        const arg = call.args[i];
        if (arg?.k === 'param' && arg.fn === fnId && arg.path.length === 0) params.add(arg.index);
      }
    }
    const list = [...params];
    this.envParams.set(fnId, list);
    return list;
  }

  /**
   * The environment variables a function reads: its own reads, and each call to a helper that
   * reads the variable the call names with a literal (`envStr('FIGMA_API_KEY')`), read at the call.
   */
  envReadsOf(fn: FunctionFact): { name: string; loc: Location }[] {
    const reads = [...fn.envReads];
    for (const call of fn.calls) {
      const target = this.deref(call.callee);
      if (target.k !== 'fn') continue;
      for (const i of this.envParamsOf(target.id)) {
        const arg = call.args[i];
        if (arg?.k === 'lit' && typeof arg.v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(arg.v)) reads.push({ name: arg.v, loc: call.loc });
      }
    }
    return reads;
  }

  /** The argument lists every call to a function passes, found over the whole program. */
  callersOf(fnId: string): Val[][] {
    return this.callSitesOf(fnId).map((c) => c.args);
  }

  /** Every call to a function, with where it is. */
  callSitesOf(fnId: string): { args: Val[]; loc: Location; callee: Val; caller: string }[] {
    if (!this.callers) {
      // Filled in a local map and published whole. Resolving a typed call below may ask again:
      // while the map is being built, it has no answer yet.
      if (this.buildingCallers) return [];
      this.buildingCallers = true;
      const callers = new Map<string, { args: Val[]; loc: Location; callee: Val; caller: string }[]>();
      for (const fn of this.functions.values()) {
        for (const call of fn.calls) {
          const target = this.deref(call.callee);
          // A method called on a parameter known only by its declared type (`context.accountTool(…)`
          // with `context: RegistrationContext`) calls the one implementation the type admits.
          const typed = target.k === 'param' && target.path.length > 0 && this.functions.get(target.fn)?.paramTypes?.[target.index] ? this.declaredTypes.methodTargets(call.callee).targets : [];
          // A callee that is one of a few functions (`let fetch = wrap(…)`, reassigned to another
          // wrapper) may be any of them: each has this call site.
          const options = target.k === 'union' && target.options.length <= MAX_CHOICES ? [...new Set(target.options.map((o) => this.deref(o)).flatMap((o) => (o.k === 'fn' ? [o.id] : [])))] : [];
          const ids = target.k === 'fn' ? [target.id] : options.length > 0 ? options : typed.length === 1 ? typed : [];
          for (const id of ids) callers.set(id, [...(callers.get(id) ?? []), { args: call.args, loc: call.loc, callee: call.callee, caller: fn.id }]);
        }
      }
      this.callers = callers;
      this.buildingCallers = false;
    }
    return this.callers.get(fnId) ?? [];
  }

  /** The `new C(...)` a method is called on (`helper.run()` where `helper = new C(x)`), if known. */
  instanceOf(callee: Val): Extract<Val, { k: 'new' }> | undefined {
    if (callee.k !== 'member') return undefined;
    const receiver = this.deref(callee.obj);
    return receiver.k === 'new' && this.classOf(this.deref(receiver.callee)) ? receiver : undefined;
  }

  private derefUncached(val: Val, depth: number): Val {
    if (depth > MAX_DEPTH) {
      this.depthCuts++;
      return { k: 'unknown', why: 'resolution too deep' };
    }
    switch (val.k) {
      case 'ref': {
        if (val.name.startsWith('class:')) return val;
        const bound = this.binding(val.file, val.name);
        return bound ? this.deref(bound, depth + 1) : { k: 'unknown', why: `unresolved ${val.name}` };
      }
      case 'import': {
        const resolved = this.resolveImport(val.file, val.module, val.name);
        if (!resolved) return { k: 'unknown', why: `${val.module} has no export ${val.name}` };
        if (resolved.kind === 'external') return { k: 'import', module: resolved.module, name: resolved.name, file: val.file };
        if (resolved.name === '*') return { k: 'import', module: resolved.file, name: '*', file: '<resolved>' };
        const bound = this.binding(resolved.file, resolved.name);
        return bound ? this.deref(bound, depth + 1) : { k: 'unknown', why: `${resolved.file} has no binding ${resolved.name}` };
      }
      case 'member': {
        if (val.where && val.key) return this.elementWhere(val.obj, val.where, val.key, depth) ?? val;
        // A computed key that a caller's argument made known: `HANDLERS[tool.name]` with `tool` a
        // definition whose name is written.
        if (val.prop === '[]' && val.key) {
          const key = this.deref(val.key, depth + 1);
          if (key.k === 'lit' && key.v !== null) return this.deref(this.member(val.obj, String(key.v)), depth + 1);
        }
        const obj = this.deref(val.obj, depth + 1);
        // `const [{ allTools }, { mcpTools }] = await Promise.all([discoverTools(), discoverMcp()])`:
        // each element is what the promise at that place gives.
        if (/^\d+$/.test(val.prop) && obj.k === 'call' && obj.args[0] && canonicalName(obj.callee, this) === 'global:Promise.all') {
          // Spreads expanded (or given up on) first: `[...loaders, loadX()][1]` is not the second written.
          const item = arrayItems(this, obj.args[0], depth + 1)?.[Number(val.prop)];
          if (item) return this.deref(item, depth + 1);
        }
        // `ToolSchema.parse({ name: 'pdf-to-markdown', … })`: a schema's parse hands back the object
        // it checked, so a field of the result is the field written (not so for `JSON.parse(text)`).
        if (obj.k === 'call' && obj.callee.k === 'member' && /^(?:parse|parseAsync)$/.test(obj.callee.prop) && obj.args.length === 1 && canonicalName(obj.callee, this) !== 'global:JSON.parse') {
          const checked = this.deref(obj.args[0], depth + 1);
          if (checked.k === 'obj') return this.deref(this.member(checked, val.prop), depth + 1);
        }
        if (obj.k === 'import' && obj.file === '<resolved>') {
          // A namespace import of a local module: `tools.shellTool`.
          return this.deref({ k: 'import', module: './' + obj.module, name: val.prop, file: '' }, depth + 1);
        }
        if (obj.k === 'this' || (obj.k === 'ref' && obj.name.startsWith('class:'))) {
          const found = this.classMember(this.classOf(obj), val.prop);
          if (found) return this.deref(found, depth + 1);
        }
        if (obj.k === 'new') {
          // Per construction site: the class's fields and getters read through this instance,
          // so `new ArgsHelper(input).command` is the input's `command`, and a field set from a
          // literal stays a literal.
          const found = this.classMember(this.classOf(this.deref(obj.callee, depth + 1)), val.prop, obj);
          if (found) return this.deref(found, depth + 1);
        }
        // A field that starts as `null` (`db: Database | null = null`) and is set later: the `null`
        // has no members, so a member is the member of what is set.
        if (obj.k === 'union') {
          const set = obj.options.filter((o) => !(o.k === 'lit' && (o.v === null || o.v === undefined)));
          if (set.length === 1 && set.length < obj.options.length) return this.deref(this.member(set[0], val.prop), depth + 1);
          // One of several objects (`return ok ? { file } : { error }`): the field of each that has
          // it. An object literal without it contributes nothing (the field is undefined there), so
          // `.file` is never the error message built from the same input.
          // An injected dependency or its default object (`deps = defaultDeps`): the field of either.
          const injected = set.length === 2 && set.some((o) => o.k === 'param') && set.some((o) => o.k === 'obj');
          // Object literals that all have it (`return bridged ? { tools: undefined } : { tools }`): the field of each.
          const literals = set.every((o) => o.k === 'obj');
          if (set.length <= MAX_CHOICES && (injected || literals || set.some((o) => lacks(o, val.prop)))) {
            const fields = set.filter((o) => !lacks(o, val.prop)).map((o) => this.deref(this.member(o, val.prop), depth + 1));
            return fields.length === 0 ? { k: 'lit', v: null } : union(fields);
          }
        }
        if (obj.k === 'narrowed') return { k: 'narrowed', v: this.deref(this.member(obj.v, val.prop), depth + 1), by: obj.by };
        // A tool definition used as a value (`{ ...readFileDefinition, execute }`,
        // `searchTool.execute(args)`): its fields are what it was defined with.
        if (obj.k === 'tool') {
          const field = toolField(this.tools.get(obj.id), val.prop);
          if (field) return this.deref(field, depth + 1);
        }
        const simplified = this.member(obj, val.prop);
        if (simplified.k !== 'member') return this.deref(simplified, depth + 1);
        // `{ ...defs.execute_sql, execute }.description`: the property comes from a spread object.
        if (obj.k === 'obj') {
          const fromSpread = this.memberThroughSpreads(obj, val.prop, depth);
          if (fromSpread) return fromSpread;
        }
        // An element of a list's filtered or reordered copy is an element of the list.
        if (val.prop === '[]' && obj.k === 'call' && obj.callee.k === 'member' && ELEMENT_KEEPING.test(obj.callee.prop)) {
          return this.deref(this.member(obj.callee.obj, '[]'), depth + 1);
        }
        // An element of a list written here (`for (const { fileName } of renders)`, `renders` built
        // from object literals): one of its items, each read as itself, not the whole list with a
        // field appended to everything in it.
        if (obj.k === 'arr' && val.prop === '[]' && obj.items.length > 0 && obj.items.length <= MAX_CHOICES && obj.items.every((i) => i.k !== 'spread')) {
          return this.deref(union(obj.items), depth + 1);
        }
        if (obj.k === 'arr' && /^\d+$/.test(val.prop)) {
          const item = obj.items[Number(val.prop)];
          if (item && item.k !== 'spread') return this.deref(item, depth + 1);
        }
        return simplified;
      }
      case 'call': {
        const callee = this.deref(val.callee, depth + 1);
        if (callee.k === 'fn') {
          const fn = this.functions.get(callee.id);
          if (!fn || fn.returns.length === 0) return { k: 'unknown', why: `${fn?.name ?? 'function'} returns nothing leash can read` };
          const instance = this.instanceOf(val.callee);
          const onInstance = (r: Val) => (instance && fn.classId ? this.bindInstance(r, this.classes.get(fn.classId)!, instance) : r);
          // A tool made inside a factory keeps the call's arguments: they fill its fields.
          // So does a closure it returns (`createHandler({ logic })` returning `async (input) => logic(input)`).
          const inst = { fn: fn.id, args: val.args, loc: val.loc };
          const made = (r: Val): Val => ((r.k === 'tool' || (r.k === 'fn' && this.isWithin(r.id, fn.id))) && !r.inst ? { ...r, inst } : r);
          // And the closures of an object it returns (`return { inputSchema, callback }`).
          const withClosures = (r: Val): Val => (r.k === 'obj' ? { k: 'obj', props: r.props.map((p) => ({ ...p, v: made(p.v) })) } : r);
          // A closure made by a factory call reads that call's arguments too (`definition` in
          // `(flags) => ({ ...definition(flags) })` returned by `defineTool(definition)`).
          const outer = (r: Val) => (callee.inst ? substitute(r, callee.inst.fn, callee.inst.args) : r);
          // An argument the function checks and throws on (`validateMode(mode)` before it builds the
          // path) reaches what it returns checked.
          const args = this.checkedArgs(fn.id, val.args);
          const returns = fn.returns.map((r) => {
            const closure = made(r);
            return closure !== r ? closure : outer(onInstance(substitute(withClosures(r), fn.id, args)));
          });
          const result: Val = returns.length === 1 ? this.deref(returns[0], depth + 1) : { k: 'union', options: returns };
          // What the project's path validator hands back is confined, through any helper that
          // passes it on (`resolveReadPath(validated)`), and so are its fields (`{ resolved }`).
          return confinesPath(fn, this) ? { k: 'narrowed', v: result, by: ['path-confined'] } : result;
        }
        // `container.resolve(ToolRegistry)`: a dependency-injection container builds the class it
        // is given, so the result is an instance of it (its constructor's arguments unseen).
        const built = callee.k === 'member' ? this.injectedInstance(callee, val.args) : undefined;
        if (built) return built;
        return { ...val, callee };
      }
      case 'narrowed':
        return { k: 'narrowed', v: this.deref(val.v, depth + 1), by: val.by };
      default:
        return val;
    }
  }
}

/** Packages whose containers build the classes they are asked for. */
const DI_MODULES = /^(?:tsyringe|inversify|typedi|@nestjs\/core|@nestjs\/common|awilix)$/;

/** The field of a recognised tool definition that a member read asks for. */
function toolField(tool: ToolFact | undefined, field: string): Val | undefined {
  if (!tool) return undefined;
  if (/^(?:inputSchema|parameters|schema|argsSchema)$/.test(field)) return tool.schema;
  if (/^(?:execute|func|handler|invoke|call|run)$/.test(field)) return tool.impl;
  if (field === 'description') return tool.descriptionVal ?? (tool.description !== undefined ? { k: 'lit', v: tool.description } : undefined);
  return undefined;
}

/** Elements of an array literal (spreads written out), or undefined when `val` is no array leash can list. */
export function arrayItems(program: Program, val: Val, depth = 0): Val[] | undefined {
  const d = program.deref(val, depth + 1);
  if (depth > MAX_DEPTH) program.depthCuts++;
  if (d.k !== 'arr' || depth > MAX_DEPTH) return undefined;
  const items: Val[] = [];
  for (const item of d.items) {
    if (item.k !== 'spread') items.push(item);
    else {
      const inner = arrayItems(program, item.v, depth + 1);
      if (!inner) return undefined;
      items.push(...inner);
    }
  }
  return items;
}

/** How a field the caller's object does not have reads (`the caller sets no projectRoot`). */
export const CALLER_SETS_NO = 'the caller sets no ';

/** Replaces the parameters of function `fnId` in `val` by the call's argument values. */
export function substitute(val: Val, fnId: string, args: Val[], self?: Val): Val {
  // Values can be cyclic (in-place mutations such as `list.push(list.pop())`) and share
  // sub-values: bound the depth and substitute each value object once.
  let depth = 0;
  const done = new Map<Val, Val>();
  const sub = (v: Val): Val => {
    const cached = done.get(v);
    if (cached) return cached;
    if (depth > 40) return { k: 'unknown', why: 'value too deep to follow' };
    depth++;
    try {
      const result = subInner(v);
      done.set(v, result);
      return result;
    } finally {
      depth--;
    }
  };
  const subInner = (v: Val): Val => {
    switch (v.k) {
      case 'param': {
        if (v.fn !== fnId) return v;
        let arg: Val = args[v.index] ?? { k: 'lit', v: null };
        for (const p of v.path) {
          // `convert({ filePath })` read as `options.projectRoot`: the caller's object has no such
          // field, so it holds none of the caller's values (its own default, if any, applies).
          if (lacks(arg, p)) return { k: 'unknown', why: `${CALLER_SETS_NO}${p}` };
          arg = memberOf(arg, p);
        }
        return arg;
      }
      case 'this':
        return self ?? v;
      case 'tmpl':
        return { k: 'tmpl', parts: v.parts.map(sub) };
      case 'member': {
        if (v.where && v.key) return { k: 'member', obj: sub(v.obj), prop: '[]', key: sub(v.key), where: v.where };
        if (v.prop === '[]' && v.key) {
          const key = sub(v.key);
          return key.k === 'lit' && key.v !== null ? memberOf(sub(v.obj), String(key.v)) : { k: 'member', obj: sub(v.obj), prop: '[]', key };
        }
        return memberOf(sub(v.obj), v.prop);
      }
      case 'call':
        return { k: 'call', callee: sub(v.callee), args: v.args.map(sub), loc: v.loc };
      case 'new':
        return { k: 'new', callee: sub(v.callee), args: v.args.map(sub), loc: v.loc };
      case 'arr':
        return { ...v, items: v.items.map(sub) };
      case 'spread':
        return { k: 'spread', v: sub(v.v) };
      case 'obj':
        return { k: 'obj', props: v.props.map((p) => ({ ...p, v: sub(p.v) })) };
      case 'union':
        return { k: 'union', options: v.options.map(sub) };
      case 'narrowed':
        return { k: 'narrowed', v: sub(v.v), by: v.by };
      default:
        return v;
    }
  };
  return sub(val);
}

/** An object literal that has no such field: no spread, no computed key, and the key never written. */
export function lacks(val: Val, prop: string): boolean {
  return val.k === 'obj' && val.props.every((p) => !p.spread && p.key !== null && p.key !== prop);
}
