/**
 * Method calls resolved by declared type. Code that receives its collaborators (`config.runtime`,
 * `constructor(private db: Database)`, `handler: FileHandler`) gives leash no value to follow:
 * the object is made somewhere else, often chosen at run time. Its declared type still says what
 * it can be — the class itself and its subclasses, or every class of the project that implements
 * the interface — so a call on it may run any of their methods of that name.
 */
import type { ClassFact, FunctionFact, TypeDecl, Val } from '../extract/code/facts.js';
import { unknownLoc } from '../extract/code/vals.js';
import { fileClass } from '../discover/file-class.js';
import type { Program } from './program.js';

type DeclaredType =
  | { kind: 'class'; cls: ClassFact }
  | { kind: 'interface'; key: string; decl?: TypeDecl; file: string }
  /** A type of a package (`pool: Pool` from `pg`), with the members read from it since. */
  | { kind: 'external'; module: string; name: string; path: string[] };

/** The key of an object type written in place (`options: { gmail: gmail_v1.Gmail }`): no name of its own. */
const INLINE = '<inline>';

/** More implementations than this and the call is left unresolved: a type that broad says little. */
const MAX_IMPLEMENTATIONS = 8;
/** Classes looked at for one type, subclasses included. */
const MAX_CLASSES = 40;
const MAX_DEPTH = 6;
/** More constants of one type than this and the type says too little to list them. */
const MAX_TYPED_VALUES = 200;

export class DeclaredTypes {
  private implementers?: Map<string, ClassFact[]>;
  private subclasses?: Map<string, ClassFact[]>;

  constructor(private readonly program: Program) {}

  /**
   * The project functions a call may run when its receiver is known only by its declared type
   * (`config.runtime.exec(…)`): the method of that name of each class the type admits. When the
   * receiver is a parameter, it is returned too, so that a caller passing a known object can
   * keep only the implementation that object runs.
   */
  methodTargets(callee: Val): { targets: string[]; polymorphic?: boolean; method?: string; receiver?: Extract<Val, { k: 'param' }> } {
    const d = this.program.deref(callee);
    let receiver: DeclaredType | undefined;
    let method: string | undefined;
    let receiverVal: Extract<Val, { k: 'param' }> | undefined;
    if (callee.k === 'member' && callee.prop !== '[]' && callee.obj.k === 'call') {
      // `(await getFileHandler(path)).write(…)`: the factory's declared return type.
      method = callee.prop;
      receiver = this.typeOf(callee.obj, 0);
    } else if (d.k === 'param' && d.path.length > 0) {
      method = d.path[d.path.length - 1];
      receiverVal = { ...d, path: d.path.slice(0, -1) };
      receiver = this.ofParam(d.fn, d.index, d.path.slice(0, -1));
    } else if (d.k === 'member' && d.prop !== '[]') {
      method = d.prop;
      receiver = this.typeOf(d.obj, 0);
    }
    const none = { targets: [] };
    // A package type (`pool: Pool`) has no implementation here: its calls are matched by name.
    if (!receiver || !method || receiver.kind === 'external') return none;
    // `type Api = ReturnType<typeof createClient>`: the object that function returns.
    const made = receiver.kind === 'interface' ? this.madeBy(receiver, 0) : undefined;
    if (made) {
      const member = this.program.deref({ k: 'member', obj: this.program.deref({ k: 'call', callee: made, args: [], loc: unknownLoc }), prop: method });
      return member.k === 'fn' ? { targets: [member.id], polymorphic: false, method } : none;
    }
    // Subclasses mostly inherit the method (`LocalRuntime` runs `LocalBaseRuntime.exec`): what is
    // bounded is the number of distinct implementations, not of classes.
    const targets = new Set<string>();
    for (const cls of this.implementations(receiver)) {
      const member = this.program.classMember(cls, method);
      if (member?.k === 'fn') targets.add(member.id);
    }
    // An interface the project implements with object literals: the functions declared to return
    // it (`createContext(…): RegistrationContext` returning `{ registerTool, accountTool(…) {…} }`).
    if (receiver.kind === 'interface') {
      for (const factory of this.factoryIndex().get(receiver.key) ?? []) {
        const member = this.program.deref({ k: 'member', obj: this.program.deref({ k: 'call', callee: { k: 'fn', id: factory }, args: [], loc: unknownLoc }), prop: method });
        if (member.k === 'fn') targets.add(member.id);
      }
    }
    if (targets.size === 0 || targets.size > MAX_IMPLEMENTATIONS) return none;
    const polymorphic = receiver.kind === 'interface' || targets.size > 1;
    return { targets: [...targets], polymorphic, method, ...(receiverVal ? { receiver: receiverVal } : {}) };
  }

  /**
   * The canonical name of a value known only by a package type (`constructor(private pool: Pool)`
   * then `this.pool.query`): `pg:Pool().query`, as if the instance had been made here.
   */
  externalName(val: Val): string | undefined {
    const type = this.typeOf(val, 0);
    if (type?.kind !== 'external') return undefined;
    return `${type.module}:${type.name}()${type.path.map((p) => `.${p}`).join('')}`;
  }

  private typeOf(val: Val, depth: number): DeclaredType | undefined {
    if (depth > MAX_DEPTH) return undefined;
    // A function's declared return type says more than the union of whatever its body returns
    // (`getFileHandler(): Promise<FileHandler>` returning one of five lazily made handlers).
    if (val.k === 'call') {
      const callee = this.program.deref(val.callee);
      const declared = callee.k === 'fn' ? this.program.functions.get(callee.id)?.returnType : undefined;
      const type = declared ? this.resolve(declared) : undefined;
      if (type) return type;
      // `page.context().newPage()` on a package's object: still that package's, a method's result.
      if (val.callee.k === 'member' && val.callee.prop !== '[]') {
        const owner = this.typeOf(val.callee.obj, depth + 1);
        if (owner?.kind === 'external') return { ...owner, path: [...owner.path, `${val.callee.prop}()`] };
      }
    }
    // `(await ensureBrowser()).goto`: a member of what a project function is declared to return.
    if (val.k === 'member' && val.prop !== '[]' && val.obj.k === 'call') {
      const owner = this.typeOf(val.obj, depth + 1);
      if (owner) return this.propertyType(owner, val.prop, 0);
    }
    const d = this.program.deref(val);
    switch (d.k) {
      case 'param':
        return this.ofParam(d.fn, d.index, d.path);
      case 'member': {
        const owner = this.typeOf(d.obj, depth + 1);
        return owner && d.prop !== '[]' ? this.propertyType(owner, d.prop, 0) : undefined;
      }
      case 'this':
        return d.cls ? this.classType(this.program.classes.get(d.cls)) : undefined;
      case 'new':
        return this.classType(this.program.classOf(this.program.deref(d.callee)));
      case 'call': {
        const callee = this.program.deref(d.callee);
        const fn = callee.k === 'fn' ? this.program.functions.get(callee.id) : undefined;
        return fn?.returnType ? this.resolve(fn.returnType) : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * The module-level constants of the project declared with a type (`export const cleanTool:
   * ToolDefinition = {…}`): what a value of that type, handed over by code leash cannot see (a
   * dependency-injection container), may be. Production files only; empty for a type leash
   * cannot name, or one declared by more constants than a registry plausibly holds.
   */
  valuesOf(type: Val): Val[] {
    const wanted = this.resolve(type);
    const key = wanted?.kind === 'interface' ? wanted.key : wanted?.kind === 'class' ? wanted.cls.id : undefined;
    // Object types written in place share no name: no constant is declared with "the same" one.
    if (!key || key === INLINE) return [];
    const found: Val[] = [];
    for (const [file, facts] of this.program.files) {
      if (fileClass(file) !== 'production') continue;
      for (const [name, declared] of Object.entries(facts.bindingTypes ?? {})) {
        const resolved = this.resolve(declared);
        const other = resolved?.kind === 'interface' ? resolved.key : resolved?.kind === 'class' ? resolved.cls.id : undefined;
        if (other === key) found.push({ k: 'ref', name, file });
      }
    }
    return found.length <= MAX_TYPED_VALUES ? found : [];
  }

  private ofParam(fnId: string, index: number, path: string[]): DeclaredType | undefined {
    const fn: FunctionFact | undefined = this.program.functions.get(fnId);
    const declared = fn?.paramTypes?.[index];
    let type = declared ? this.resolve(declared) : undefined;
    for (const prop of path) type = type ? this.propertyType(type, prop, 0) : undefined;
    return type;
  }

  private propertyType(type: DeclaredType, prop: string, depth: number): DeclaredType | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (type.kind === 'external') return { ...type, path: [...type.path, prop] };
    if (type.kind === 'class') {
      for (let c: ClassFact | undefined = type.cls, hops = 0; c && hops < 8; c = this.baseOf(c), hops++) {
        const declared = c.propTypes?.[prop];
        if (declared) return this.resolve(declared);
      }
      return undefined;
    }
    const own = type.decl?.props[prop];
    if (own) return this.resolve(own);
    for (const base of type.decl?.extends ?? []) {
      const resolved = this.resolve(base);
      const found = resolved ? this.propertyType(resolved, prop, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** The function whose result a type alias names (`ReturnType<typeof f>`), through plain aliases. */
  private madeBy(type: Extract<DeclaredType, { kind: 'interface' }>, depth: number): Val | undefined {
    if (type.decl?.returnOf) return type.decl.returnOf;
    if (depth > 4 || !type.decl || Object.keys(type.decl.props).length > 0 || type.decl.extends?.length !== 1) return undefined;
    const base = this.resolve(type.decl.extends[0]);
    return base?.kind === 'interface' ? this.madeBy(base, depth + 1) : undefined;
  }

  /** A type name to the class or interface it names, following imports and re-exports. */
  private resolve(name: Val): DeclaredType | undefined {
    let file: string;
    let local: string;
    // An object type written in place: its members are its declaration.
    if (name.k === 'obj') return { kind: 'interface', key: INLINE, decl: { props: Object.fromEntries(name.props.flatMap((p) => (p.key ? [[p.key, p.v]] : []))) }, file: '' };
    if (name.k === 'ref') {
      file = name.file;
      local = name.name.replace(/^class:/, '');
    } else if (name.k === 'import') {
      const found = this.program.resolveImport(name.file, name.module, name.name);
      // A package's default export used as a type is its client class (`stripe: Stripe` with
      // `import Stripe from 'stripe'`), named as a construction of that default export is.
      if (found?.kind === 'external' && found.name !== '*') return { kind: 'external', module: found.module, name: found.name, path: [] };
      if (!found || found.kind !== 'local' || found.name === '*') return undefined;
      file = found.file;
      local = found.name;
    } else return undefined;
    const cls = this.program.classes.get(`${file}#class:${local}`);
    if (cls) return this.classType(cls);
    const bound = this.program.binding(file, local);
    if (bound?.k === 'ref' && bound.name.startsWith('class:')) return this.classType(this.program.classOf(bound));
    if (bound?.k === 'import') return this.resolve(bound);
    const decl = this.program.files.get(file)?.types?.[local];
    return { kind: 'interface', key: `${file}#${local}`, decl, file };
  }

  private classType(cls: ClassFact | undefined): DeclaredType | undefined {
    return cls ? { kind: 'class', cls } : undefined;
  }

  private baseOf(cls: ClassFact): ClassFact | undefined {
    return cls.extends ? this.program.classOf(this.program.deref(cls.extends)) : undefined;
  }

  /** The production classes a value of this type may be: the class and its subclasses, or the implementers of the interface and theirs. */
  private implementations(type: DeclaredType): ClassFact[] {
    if (type.kind === 'external') return [];
    const roots = type.kind === 'class' ? [type.cls] : (this.implementerIndex().get(type.key) ?? []);
    const out = new Set<ClassFact>();
    const visit = (cls: ClassFact, depth: number) => {
      if (out.has(cls) || depth > 4 || out.size >= MAX_CLASSES) return;
      if (fileClass(cls.loc.file) === 'production') out.add(cls);
      for (const sub of this.subclassIndex().get(cls.id) ?? []) visit(sub, depth + 1);
    };
    for (const root of roots) visit(root, 0);
    return [...out];
  }

  private implementerIndex(): Map<string, ClassFact[]> {
    if (this.implementers) return this.implementers;
    this.implementers = new Map();
    for (const cls of this.program.classes.values()) {
      for (const name of cls.implements ?? []) {
        const type = this.resolve(name);
        if (type?.kind !== 'interface') continue;
        this.implementers.set(type.key, [...(this.implementers.get(type.key) ?? []), cls]);
      }
    }
    return this.implementers;
  }

  /** Production functions by the interface their declared return type names (`Promise<…>` unwrapped by the extractor). */
  private factoryIndex(): Map<string, string[]> {
    if (this.factories) return this.factories;
    this.factories = new Map();
    for (const fn of this.program.functions.values()) {
      if (!fn.returnType || fileClass(fn.loc.file) !== 'production') continue;
      const type = this.resolve(fn.returnType);
      if (type?.kind !== 'interface' || type.key === INLINE) continue;
      this.factories.set(type.key, [...(this.factories.get(type.key) ?? []), fn.id]);
    }
    return this.factories;
  }

  private factories?: Map<string, string[]>;

  private subclassIndex(): Map<string, ClassFact[]> {
    if (this.subclasses) return this.subclasses;
    this.subclasses = new Map();
    for (const cls of this.program.classes.values()) {
      const base = this.baseOf(cls);
      if (base) this.subclasses.set(base.id, [...(this.subclasses.get(base.id) ?? []), cls]);
    }
    return this.subclasses;
  }
}
