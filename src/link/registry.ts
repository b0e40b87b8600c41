/**
 * Resolves an agent's registry as written (`tools: { ...shellTools, search }`, `[...base, extra]`,
 * `Object.fromEntries(...)`, factory calls, arrays built in loops) into the tools, agents and MCP
 * servers it holds, and says what could not be resolved instead of guessing.
 */
import { constructionSite } from './wrapped-servers.js';
import type { AgentFact, ServerFact, ToolFact, Val } from '../extract/code/facts.js';
import type { Location } from '../graph/model.js';
import { canonicalName } from './canonical.js';
import { stringOf } from '../extract/code/vals.js';
import type { Program } from './program.js';
import { arrayItems, substitute } from './program.js';

export interface ToolEntry {
  /** The registry key (AI SDK, Mastra: the name the model sees). */
  key?: string;
  tool: ToolFact;
  inst?: { fn: string; args: Val[]; loc: Location };
  /** The binding the tool was reached through, a name fallback. */
  via?: string;
}

export interface Registry {
  tools: ToolEntry[];
  agents: AgentFact[];
  servers: ServerFact[];
  unknown: { why: string; loc?: Location }[];
}

const MAX_DEPTH = 24;

/** Properties that run a definition object's tool, and those that declare its input. */
const RUN_KEYS = ['execute', 'handler', 'handle', 'run', 'invoke', 'func', 'callback', 'call', 'fn'];
const SCHEMA_KEYS = ['inputSchema', 'parameters', 'input_schema', 'schema', 'argsSchema', 'args'];
/** Where a definition with a handler keeps its MCP declaration (`{ schema: { name, description, inputSchema }, handle }`). */
const DECLARATION_KEYS = ['schema', 'definition', 'declaration', 'spec', 'tool'];

/** How many factories a lookup may choose among before the choice is left unresolved. */
const MAX_FACTORY_CHOICES = 8;

export class RegistryResolver {
  private callers?: Map<string, Val[][]>;

  constructor(private readonly program: Program) {}

  resolve(val: Val | undefined): Registry {
    const out: Registry = { tools: [], agents: [], servers: [], unknown: [] };
    if (val) this.walk(val, out, undefined, undefined, 0, new Set());
    return out;
  }

  private walk(val: Val, out: Registry, key: string | undefined, via: string | undefined, depth: number, seen: Set<Val>, keyLoc?: Location): void {
    if (depth > MAX_DEPTH || seen.has(val)) return;
    seen.add(val);
    const name = val.k === 'ref' ? val.name : val.k === 'import' ? val.name : via;
    const d = this.program.deref(val);
    switch (d.k) {
      case 'tool': {
        const tool = this.program.tools.get(d.id);
        if (tool) out.tools.push({ key, tool, ...(d.inst ? { inst: d.inst } : {}), via: name });
        return;
      }
      case 'agent': {
        const agent = this.program.agents.get(d.id);
        if (agent) out.agents.push(agent);
        return;
      }
      case 'server': {
        const server = this.program.servers.get(d.id);
        if (server) out.servers.push(server);
        return;
      }
      case 'obj': {
        // A tool copied with some fields replaced (`{ ...tool, execute: async (args) => { await
        // ready(); return tool.execute(args) } }`) is still that tool, under this key.
        // Only a copy: one spread, and a function of its own that runs the tool (a registry that
        // spreads one tool among others, `{ search, ...reportTool }`, is a registry).
        const spreads = d.props.filter((p) => p.spread);
        const runsOwn = d.props.some((p) => !p.spread && p.key !== null && RUN_KEYS.includes(p.key));
        const copied = spreads.length === 1 && runsOwn && this.program.deref(spreads[0].v).k === 'tool' ? spreads[0] : undefined;
        if (copied) return this.walk(copied.v, out, key, name, depth + 1, seen, keyLoc);
        // A definition object (a description or schema, and a function that runs it) is a tool
        // whatever helper built it: `{ description, parameters, execute }` keyed by its name.
        const shaped = this.shapedTool(d, key, keyLoc);
        if (shaped) {
          out.tools.push({ key, tool: shaped, via: name });
          return;
        }
        // `for (const def of DEFINITIONS) toolSet[def.name] = { description: def.description,
        // execute: (args) => … def.execute(args) }`: one entry per definition, each the definition
        // it wraps. The wrapper's own steps (consent, telemetry) are the same for every one.
        const wrapped = key === undefined ? this.wrappedLoopElement(d) : undefined;
        if (wrapped) return this.walk(wrapped, out, undefined, name, depth + 1, seen);
        // `const tools = {}` filled by a loop over modules imported at run time, or by a helper it
        // is handed to: nothing leash can list, which is not the same as no tools.
        // (An empty literal written in place, `tools: {}` or a `reduce` start value, is just empty.)
        if (d.props.length === 0 && key === undefined && val.k === 'ref') out.unknown.push({ why: `\`${val.name}\` is filled in at run time; leash sees no entry in it` });
        for (const p of d.props) this.walk(p.v, out, p.spread ? undefined : (p.key ?? undefined), p.spread ? undefined : (p.key ?? undefined), depth + 1, seen, p.spread ? undefined : p.loc);
        return;
      }
      case 'arr':
        for (const item of d.items) this.walk(item, out, undefined, undefined, depth + 1, seen);
        return;
      case 'spread':
      case 'narrowed':
        return this.walk(d.v, out, key, name, depth + 1, seen, keyLoc);
      case 'union': {
        // Helpers with two returns (`inject ? wrapped : plain`) build the same tool twice: keep one.
        const before = out.tools.length;
        for (const o of d.options) {
          if (key && out.tools.length > before && out.tools.slice(before).some((t) => t.key === key)) break;
          this.walk(o, out, key, name, depth + 1, seen, keyLoc);
        }
        return;
      }
      case 'lit':
        return;
      case 'this': {
        // Inside a class that is itself a server (`class Toolkit extends McpServer`): that server.
        const own = [...this.program.agents.values()].filter((a) => d.cls && a.attrs?.selfClass === d.cls);
        if (own.length > 0) out.agents.push(...own);
        else out.unknown.push({ why: 'tools registered on `this` of a class that is not a server leash knows' });
        return;
      }
      case 'fn': {
        // A function as registry (Mastra dynamic tools, OpenAI `tools` thunks): what it returns.
        const fn = this.program.functions.get(d.id);
        for (const r of fn?.returns ?? []) this.walk(r, out, key, name, depth + 1, seen);
        if (fn) out.unknown.push({ why: `the registry is computed at run time by ${fn.name}()`, loc: fn.loc });
        return;
      }
      case 'param':
        return this.fromCallers(d, out, key, depth, seen);
      case 'call':
      case 'new':
        return this.walkCall(d, out, key, name, depth, seen, keyLoc);
      case 'member': {
        if (d.prop === '[]') return this.walk(d.obj, out, undefined, name, depth + 1, seen);
        // `mcpServer.server`: the low-level Server an SDK McpServer wraps is that same server.
        if (d.prop === 'server') {
          const owner = this.program.deref(d.obj);
          const agent = owner.k === 'agent' ? this.program.agents.get(owner.id) : undefined;
          if (agent?.framework === 'mcp') {
            out.agents.push(agent);
            return;
          }
        }
        out.unknown.push({ why: `${describe(d)} could not be resolved statically` });
        return;
      }
      case 'unknown':
        out.unknown.push({ why: d.why, loc: d.loc });
        return;
      case 'import':
        // `import * as tools from './tools'` then `Object.values(tools)`: every export of that module.
        if (d.file === '<resolved>' && d.name === '*') {
          for (const name of this.program.exportedNames(d.module)) this.walk({ k: 'member', obj: d, prop: name }, out, undefined, name, depth + 1, seen);
          return;
        }
        out.unknown.push({ why: `tools imported from the package ${d.module}` });
        return;
      default:
        out.unknown.push({ why: `a ${d.k} value in the registry` });
    }
  }

  private walkCall(d: Extract<Val, { k: 'call' | 'new' }>, out: Registry, key: string | undefined, via: string | undefined, depth: number, seen: Set<Val>, keyLoc?: Location): void {
    // `options.tools()` where `options` is a parameter: what each caller passes, called.
    const callee = this.program.deref(d.callee);
    if (d.k === 'call' && callee.k === 'param') {
      const callers = this.callSites().get(callee.fn) ?? [];
      for (const args of callers) this.walk({ k: 'call', callee: substitute(callee, callee.fn, args), args: d.args, loc: d.loc }, out, key, via, depth + 1, seen, keyLoc);
      if (callers.length > 0) return;
    }
    if (d.k === 'new') {
      // A server the linker recognised through the project's re-export of the SDK class.
      const built = this.program.agentsBuiltAt.get(constructionSite(d.loc));
      if (built) {
        out.agents.push(built);
        return;
      }
      // `new SearchTool()` of a tool class (LangChain StructuredTool subclasses).
      const cls = this.program.classOf(this.program.deref(d.callee));
      const tool = cls ? [...this.program.tools.values()].find((t) => t.attrs?.classId === cls.id) : undefined;
      if (tool) {
        out.tools.push({ key, tool, via: via ?? cls!.name });
        return;
      }
    }
    const name = canonicalName(d.callee, this.program);
    // `new Map(tools.map((t) => [t.name, t]))`: a map built from pairs holds their values.
    if (name === 'global:Object.assign' || name === 'global:Object.fromEntries' || name === 'global:Object.values' || (d.k === 'new' && (name === 'global:Map' || name === 'global:WeakMap'))) {
      for (const a of d.args) this.walk(pairValues(a), out, undefined, via, depth + 1, seen);
      return;
    }
    // `Object.fromEntries(Object.entries(tools).filter(…))`: the pairs of an object are its entries,
    // each still under its key.
    if (name === 'global:Object.entries' && d.args[0]) return this.walk(d.args[0], out, key, via, depth + 1, seen);
    if (d.callee.k === 'member') {
      const method = d.callee.prop;
      if (method === 'concat') {
        this.walk(d.callee.obj, out, undefined, via, depth + 1, seen);
        for (const a of d.args) this.walk(a, out, undefined, via, depth + 1, seen);
        return;
      }
      if (/^(?:filter|slice|flat|reverse|sort|toSorted|toReversed)$/.test(method)) return this.walk(d.callee.obj, out, undefined, via, depth + 1, seen);
      // `tools.reduce((acc, tool) => { acc[tool.name] = tool; return acc; }, {})`: a map built from
      // the list holds the list's tools (and whatever the start value held).
      if (/^(?:reduce|reduceRight)$/.test(method)) {
        this.walk(d.callee.obj, out, undefined, via, depth + 1, seen);
        if (d.args[1]) this.walk(d.args[1], out, undefined, via, depth + 1, seen);
        return;
      }
      if (/^(?:map|flatMap)$/.test(method)) {
        const fn = this.program.deref(d.args[0] ?? { k: 'lit', v: null });
        if (fn.k === 'fn') {
          for (const r of this.program.functions.get(fn.id)?.returns ?? []) {
            const v = pairValues(r);
            // `tools.map((t) => [t.id, t])` (into Object.fromEntries): the callback hands back the element itself.
            const element = v.k === 'param' && v.fn === fn.id && v.index === 0 && v.path.length === 0;
            if (element) {
              this.walk(d.callee.obj, out, undefined, via, depth + 1, seen);
              continue;
            }
            // `Object.entries(tools).map(([name, t]) => [name, { ...t, execute: wrapped }])`: each
            // entry's tool, copied with its run wrapped, under its own key.
            const entries = this.entriesSource(d.callee.obj);
            if (entries && this.isEntryValue(v, fn.id)) {
              this.walk(entries, out, undefined, via, depth + 1, seen);
              continue;
            }
            // `registry.map((entry) => entry.tool)`: what the callback makes of each element.
            const items = arrayItems(this.program, d.callee.obj);
            if (items) for (const item of items) this.walk(substitute(v, fn.id, [item]), out, undefined, via, depth + 1, seen);
            else this.walk(v, out, undefined, via, depth + 1, seen);
          }
          return;
        }
      }
    }
    // `catalog[name].tool(context)`: the factory of whichever entry the name picks, so each
    // one's, under the entry's key (`{ create_file: { tool: createFileTool, … }, … }`).
    const method = d.k === 'call' && callee.k === 'member' && callee.prop !== '[]' ? callee : undefined;
    const factories = method && this.program.entriesOfLookup(method.obj)?.map((e) => ({ key: e.key, fn: this.program.deref(this.program.member(e.v, method.prop)) }));
    if (factories?.length && factories.every((f) => f.fn.k === 'fn')) {
      for (const f of factories) this.walk({ k: 'call', callee: f.fn, args: d.args, loc: d.loc }, out, f.key ?? key, via, depth + 1, seen, keyLoc);
      return;
    }
    // `resolveFactory(provider, { google: gmailTool, microsoft: outlookTool })(options)`: the
    // factory a lookup or a choice gives is one of those written, so each one's tool.
    const choices = d.k === 'call' ? this.factoryChoices(callee) : undefined;
    if (choices) {
      for (const fn of choices) this.walk({ k: 'call', callee: { k: 'fn', id: fn }, args: d.args, loc: d.loc }, out, key, via, depth + 1, seen, keyLoc);
      return;
    }
    out.unknown.push({ why: `the result of ${name ?? 'a call'} is only known at run time`, loc: d.loc });
  }

  /** `Object.entries(x)`: the object whose entries these are. */
  private entriesSource(list: Val): Val | undefined {
    const d = this.program.deref(list);
    return d.k === 'call' && canonicalName(d.callee, this.program) === 'global:Object.entries' ? d.args[0] : undefined;
  }

  /**
   * The value of the entry a callback receives (`([name, t]) => t`), or a copy of it whose run
   * function is wrapped (`{ ...t, execute }`). A copy that changes anything else (`needsApproval`,
   * a schema) is another tool, left to the rest of the walk.
   */
  private isEntryValue(v: Val, fnId: string): boolean {
    const isValue = (x: Val) => x.k === 'param' && x.fn === fnId && x.index === 0 && x.path.length === 1 && x.path[0] === '1';
    if (isValue(v)) return true;
    if (v.k !== 'obj') return false;
    const spreads = v.props.filter((p) => p.spread);
    return spreads.length === 1 && isValue(spreads[0].v) && v.props.every((p) => p.spread || (p.key !== null && RUN_KEYS.includes(p.key)));
  }

  /** The functions a callee picked from several may be: `a ?? b`, `table[key]` over an object literal of functions. */
  private factoryChoices(callee: Val): string[] | undefined {
    const options = callee.k === 'union' ? callee.options.map((o) => this.program.deref(o)) : [callee];
    const fns: string[] = [];
    for (const option of options) {
      const entries = option.k === 'member' ? this.program.entriesOfLookup(option) : undefined;
      const candidates = entries ? entries.map((e) => this.program.deref(e.v)) : [option];
      // One choice leash cannot name (a parameter, an import) and the set is not known.
      for (const c of candidates) {
        if (c.k !== 'fn') return undefined;
        fns.push(c.id);
      }
    }
    const unique = [...new Set(fns)];
    return unique.length > 0 && unique.length <= MAX_FACTORY_CHOICES ? unique : undefined;
  }

  private readonly shaped = new Map<string, ToolFact>();

  /**
   * A tool declared by shape: an object with a function to run (`execute`, `handler`, `run`…) and
   * a description or an input schema. One synthetic tool per definition site, named by its `name`
   * property or by its key in the registry.
   */
  private shapedTool(obj: Extract<Val, { k: 'obj' }>, key: string | undefined, keyLoc: Location | undefined): ToolFact | undefined {
    const fieldOf = (of: Extract<Val, { k: 'obj' }>, name: string) => {
      const v = this.program.deref({ k: 'member', obj: of, prop: name });
      return v.k === 'member' || (v.k === 'unknown' && v.why.startsWith('unresolved')) ? undefined : v;
    };
    const runKey = RUN_KEYS.find((k) => fieldOf(obj, k)?.k === 'fn');
    // The MCP declaration kept whole beside the handler (`{ schema: { name, description,
    // inputSchema }, handle }`): the tool's name, description and input are the declaration's.
    const hasKey = (of: Extract<Val, { k: 'obj' }>, keys: string[]) => of.props.some((p) => !p.spread && p.key !== null && keys.includes(p.key));
    // A declaration names the tool and describes it or its input; a bare JSON schema under
    // `schema` (`{ name: 'run_input', type: 'object', properties }`) is the input, not the tool.
    const isDeclaration = (v: Val | undefined): v is Extract<Val, { k: 'obj' }> => v?.k === 'obj' && hasKey(v, ['name']) && hasKey(v, ['description', 'inputSchema', 'parameters', 'input_schema']);
    const nested = runKey && !hasKey(obj, ['name', 'description']) ? DECLARATION_KEYS.map((k) => fieldOf(obj, k)).find(isDeclaration) : undefined;
    const declaration = nested ?? obj;
    const field = (name: string) => (RUN_KEYS.includes(name) ? fieldOf(obj, name) : fieldOf(declaration, name));
    const schemaKey = SCHEMA_KEYS.find((k) => field(k) !== undefined);
    const description = field('description');
    if (!schemaKey && !description) return undefined;
    // A definition with no function of its own (`bindTools([{ name, description, schema }])`) is a
    // tool the model may call and the caller's code answers: it needs its own name and a schema.
    if (!runKey && (!schemaKey || stringOf(field('name')) === undefined)) return undefined;
    // A name read from a package leash cannot see (`NavigateTool.shape.name.value`) still names a
    // tool that runs: it is listed under that expression rather than dropped.
    const nameVal = field('name');
    const unreadName = runKey && nameVal === undefined && hasKey(declaration, ['name']) ? this.program.deref({ k: 'member', obj: declaration, prop: 'name' }) : undefined;
    const name = stringOf(nameVal) ?? key ?? (unreadName ? nameExpression(unreadName) : undefined);
    if (!name) return undefined;
    // Where the tool is named: its key in the registry, else its own `name` field, else its function.
    const named = stringOf(nameVal) !== undefined || unreadName ? declaration.props.find((p) => p.key === 'name' && p.loc) : undefined;
    const run = obj.props.find((p) => p.key === (runKey ?? 'name'));
    const anchor = keyLoc ?? named?.loc ?? run?.loc;
    if (!anchor) return undefined;
    const id = `${anchor.file}#tool:${name}@${anchor.line}:${anchor.column}`;
    const existing = this.shaped.get(id);
    if (existing) return existing;
    const annotations = field('annotations');
    const hints: Record<string, boolean> = {};
    if (annotations?.k === 'obj') for (const p of annotations.props) if (p.key && p.v.k === 'lit' && typeof p.v.v === 'boolean') hints[p.key] = p.v.v;
    const tool: ToolFact = {
      id,
      framework: 'custom',
      construct: runKey ? `definition object (${runKey})` : 'definition object (answered by the caller)',
      kind: 'function',
      name,
      ...(stringOf(description) ? { description: stringOf(description) } : {}),
      ...(schemaKey ? { schema: field(schemaKey) } : {}),
      ...(runKey ? { impl: field(runKey) } : {}),
      inputParam: { index: 0, path: [] },
      gates: [],
      ...(Object.keys(hints).length ? { annotations: hints } : {}),
      loc: anchor,
      attrs: { shape: true },
    };
    this.shaped.set(id, tool);
    this.program.tools.set(id, tool);
    return tool;
  }

  /**
   * The list a definition wrapper is made for, when it is built in a loop over that list: its
   * description or schema is read from the loop's element (`def.description`) and it has a
   * function of its own to run. Its key is computed (the element's name), so each element is an
   * entry of its own.
   */
  private wrappedLoopElement(obj: Extract<Val, { k: 'obj' }>): Val | undefined {
    if (!obj.props.some((p) => !p.spread && p.key !== null && RUN_KEYS.includes(p.key) && this.program.deref(p.v).k === 'fn')) return undefined;
    for (const p of obj.props) {
      if (p.spread || p.key === null || !(p.key === 'description' || SCHEMA_KEYS.includes(p.key))) continue;
      const list = loopList(p.v);
      if (list) return list;
    }
    return undefined;
  }

  /**
   * A tool built by a class of the project from a handler and a definition: `new Action(handler,
   * { name, description, schema })`, `new Tool(def, run)`. Named by the definition's `name`,
   * anchored there.
   */
  constructedTool(args: Val[]): ToolFact | undefined {
    const values = args.map((a) => this.program.deref(a));
    const run = values.find((v) => v.k === 'fn');
    const def = values.find((v): v is Extract<Val, { k: 'obj' }> => v.k === 'obj');
    if (run?.k !== 'fn' || !def) return undefined;
    const field = (name: string) => {
      const v = this.program.deref({ k: 'member', obj: def, prop: name });
      return v.k === 'member' ? undefined : v;
    };
    const name = stringOf(field('name'));
    const schemaKey = SCHEMA_KEYS.find((k) => field(k) !== undefined);
    if (!name || !schemaKey || !stringOf(field('description'))) return undefined;
    const nameProp = def.props.find((p) => p.key === 'name') ?? this.definitionProp(def, 'name');
    const anchor = nameProp?.loc;
    if (!anchor) return undefined;
    const id = `${anchor.file}#tool:${name}@${anchor.line}:${anchor.column}`;
    const existing = this.shaped.get(id);
    if (existing) return existing;
    const tool: ToolFact = { id, framework: 'custom', construct: 'constructed from a definition', kind: 'function', name, description: stringOf(field('description')), schema: field(schemaKey), impl: run, inputParam: { index: 0, path: [] }, gates: [], loc: anchor, attrs: { shape: true } };
    this.shaped.set(id, tool);
    this.program.tools.set(id, tool);
    return tool;
  }

  /** A property of a definition reached through a reference (`def = goToUrlActionSchema`). */
  private definitionProp(obj: Extract<Val, { k: 'obj' }>, key: string): { loc?: Location } | undefined {
    for (const p of obj.props) {
      if (!p.spread) continue;
      const inner = this.program.deref(p.v);
      if (inner.k === 'obj') return inner.props.find((q) => q.key === key) ?? this.definitionProp(inner, key);
    }
    return undefined;
  }

  /** The names a local module exports, through `export * from` re-exports. */
  /** A registry passed in as a parameter: what the callers of that function pass. */
  private fromCallers(param: Extract<Val, { k: 'param' }>, out: Registry, key: string | undefined, depth: number, seen: Set<Val>): void {
    const callers = this.callSites().get(param.fn) ?? [];
    if (callers.length === 0) {
      const fn = this.program.functions.get(param.fn);
      out.unknown.push({ why: `tools come from parameter ${param.name ?? param.index} of ${fn?.name ?? 'a function'}() and no caller was found`, loc: fn?.loc });
      return;
    }
    for (const args of callers) {
      const arg = substitute({ ...param }, param.fn, args);
      this.walk(arg, out, key, undefined, depth + 1, seen);
    }
  }

  /**
   * The project functions a call may run: the callee itself, or each function of a table it is
   * looked up in (`registerFunctions[category](server)` calls every entry of `registerFunctions`).
   */
  private calledFunctions(callee: Val, depth = 0): string[] {
    if (depth > 3) return [];
    const target = this.program.deref(callee);
    if (target.k === 'fn') return [target.id];
    if (target.k === 'union') return target.options.flatMap((o) => this.calledFunctions(o, depth + 1));
    if (target.k === 'member' && target.prop === '[]') {
      const table = this.program.deref(target.obj);
      const entries = table.k === 'obj' ? table.props.map((p) => p.v) : table.k === 'arr' ? table.items : [];
      return entries.flatMap((e) => {
        const v = this.program.deref(e);
        return v.k === 'fn' ? [v.id] : [];
      });
    }
    return [];
  }

  private callSites(): Map<string, Val[][]> {
    if (this.callers) return this.callers;
    this.callers = new Map();
    for (const fn of this.program.functions.values()) {
      for (const call of fn.calls) {
        // `new Server(tools)` calls the class's constructor with those arguments.
        const ctor = call.calleeText.startsWith('new ') ? this.program.classMember(this.program.classOf(this.program.deref(call.callee)), '<init>') : undefined;
        for (const target of ctor?.k === 'fn' ? [ctor.id] : this.calledFunctions(call.callee)) {
          const list = this.callers.get(target) ?? [];
          list.push(call.args);
          this.callers.set(target, list);
        }
      }
    }
    // A framework that calls a project function with an object it made (`createMcpHandler((server)
    // => …)` hands it the server) is a caller too: the agent stands at that argument.
    for (const agent of this.program.agents.values()) {
      const callbacks = (agent.attrs?.callbackArgs ?? []) as { fn: Val; index: number }[];
      for (const cb of callbacks) {
        const target = this.program.deref(cb.fn);
        if (target.k !== 'fn') continue;
        const args: Val[] = [];
        args[cb.index] = { k: 'agent', id: agent.id };
        const list = this.callers.get(target.id) ?? [];
        list.push(Array.from(args, (a) => a ?? { k: 'unknown', why: 'supplied by the framework' }));
        this.callers.set(target.id, list);
      }
    }
    return this.callers;
  }
}

/**
 * The list whose element a value reads a field of: `def.description` with `def` a `for … of`
 * element is `LIST[].description`; a fallback (`def.getSchema?.() ?? def.inputSchema`) counts too.
 */
function loopList(val: Val, depth = 0): Val | undefined {
  if (depth > 4) return undefined;
  if (val.k === 'member') {
    if (val.prop === '[]' && !val.key) return val.obj;
    return loopList(val.obj, depth + 1);
  }
  if (val.k === 'union') {
    for (const o of val.options) {
      const list = loopList(o, depth + 1);
      if (list) return list;
    }
  }
  return undefined;
}

/** `[name, tool]` pairs (Object.fromEntries) contribute their second element. */
function pairValues(val: Val): Val {
  if (val.k === 'arr' && val.items.length === 2 && val.items[0].k !== 'spread') return val.items[1];
  return val;
}

/** A name read from code leash cannot see, written as the expression (`NavigateTool.shape.name.value`); undefined for anything else. */
function nameExpression(val: Val): string | undefined {
  if (val.k === 'member') {
    const base = nameExpression(val.obj);
    return base ? `${base}.${val.prop}` : undefined;
  }
  return val.k === 'ref' || val.k === 'import' || val.k === 'global' ? val.name : undefined;
}

/** A value as the code writes it, for saying what could not be resolved (`options.tools`). */
function describe(val: Val): string {
  const written = nameExpression(val);
  if (written) return written;
  if (val.k === 'member') return `${describe(val.obj)}.${val.prop}`;
  if (val.k === 'param') return val.name ?? `parameter ${val.index}`;
  return 'a value';
}
