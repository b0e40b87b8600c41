/**
 * The module half of a file's extraction: its imports and exports, the ids of what it defines,
 * and the context recognizers call back into (add a tool, read a function's facts).
 */
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import type { Location } from '../../graph/model.js';
import type { AgentFact, CodeFacts, FunctionFact, ObjProp, ServerFact, ToolFact, Val } from './facts.js';
import { findNarrowing } from './guards.js';
import { locationOf } from './parse.js';
import { packageSpecifier } from './vals.js';
import type { Recognizer, RecognizerContext, RecognizerVisitor } from './recognizer.js';
import type { SdkAliases } from '../types.js';
import { Scope, type FunctionFrame } from './scope.js';

export abstract class ModuleReader implements RecognizerContext {
  readonly facts: CodeFacts;
  protected readonly moduleScope: Scope;
  protected readonly topFrame: FunctionFrame;
  protected readonly importVals = new Map<string, Val>();
  /** Names imported only as types (`import type { Runtime }`): they name declared types, never values. */
  protected readonly typeImportVals = new Map<string, Val>();
  protected readonly moduleNames = new Set<string>();
  protected readonly ids = new Set<string>();
  /** The visitors of the recognizers whose modules this file imports, made for this file. */
  protected readonly active: RecognizerVisitor[];

  constructor(
    readonly file: string,
    protected readonly sf: TS.SourceFile,
    recognizers: Recognizer[],
    private readonly sdkAliases?: SdkAliases,
    untypedSdk: string[] = [],
  ) {
    // The module's code, from its first statement to its last: not the trivia after it, so a
    // comment added at the end leaves the file's facts as they were.
    const last = sf.statements[sf.statements.length - 1];
    const loc = last ? { ...locationOf(sf, sf.statements[0]), ...endOf(locationOf(sf, last)) } : locationOf(sf, sf);
    const topLevel: FunctionFact = { id: `${file}:<module>`, name: '<module>', loc, params: [], calls: [], returns: [], envReads: [] };
    this.facts = { file, imports: [], exports: [], bindings: {}, functions: {}, classes: {}, tools: [], agents: [], servers: [], topLevel, secrets: [] };
    this.topFrame = { fact: topLevel, narrowing: findNarrowing(sf), repeated: false, loopDepth: 0 };
    this.moduleScope = new Scope(undefined, this.topFrame);
    this.readImportsAndExports();
    const modules = [...this.facts.imports.map((i) => i.module), ...untypedSdk];
    this.active = recognizers.filter((r) => modules.some((m) => r.modules.test(m))).map((r) => r.create(this));
  }

  /** Walks a block of statements (the statement half of the extractor). */
  protected abstract walkBlock(statements: readonly TS.Statement[], scope: Scope): void;

  run(): CodeFacts {
    this.walkBlock(this.sf.statements, this.moduleScope);
    return this.facts;
  }

  // ---------------------------------------------------------------- RecognizerContext

  locationOf(node: TS.Node): Location {
    return locationOf(this.sf, node);
  }

  functionValOf(node: TS.FunctionLikeDeclaration): Val {
    const loc = locationOf(this.sf, node);
    return { k: 'fn', id: `${this.file}:${loc.line}:${loc.column}` };
  }

  moduleConstantOf(node: TS.Expression): Val | undefined {
    if (ts.isIdentifier(node)) {
      const imported = this.importVals.get(node.text);
      if (imported) return imported;
      // Declared at the top of this module: read when the linker resolves it, declared by then.
      const declared = this.sf.statements.some((s) => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === node.text));
      return declared ? { k: 'ref', name: node.text, file: this.file } : undefined;
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
      const obj = this.moduleConstantOf(node.expression);
      return obj ? { k: 'member', obj, prop: node.name.text } : undefined;
    }
    return undefined;
  }

  functionOf(val: Val | undefined): FunctionFact | undefined {
    return val?.k === 'fn' ? this.facts.functions[val.id] : undefined;
  }

  withSpreadsInlined(val: Val | undefined): Val | undefined {
    if (!val || val.k !== 'obj' || !val.props.some((p) => p.spread)) return val;
    const props: ObjProp[] = [];
    for (const p of val.props) {
      // `{ ...this.defaultOptions, ...options }`: a field this file's class set (in its constructor).
      const inner = p.spread && p.v.k === 'member' && p.v.obj.k === 'this' && p.v.obj.cls ? this.facts.classes[p.v.obj.cls]?.props[p.v.prop] : p.spread ? p.v : undefined;
      if (p.spread && inner?.k === 'obj') props.push(...(this.withSpreadsInlined(inner) as Extract<Val, { k: 'obj' }>).props);
      else props.push(p);
    }
    return { k: 'obj', props };
  }

  addTool(tool: Omit<ToolFact, 'id'>, name: string): Val {
    const id = this.uniqueId(`tool:${name}`);
    // The recognizer's object itself is stored, so later assignments it makes are kept.
    this.facts.tools.push(Object.assign(tool, { id }));
    return { k: 'tool', id };
  }

  addAgent(agent: Omit<AgentFact, 'id'>, name: string): Val {
    const id = this.uniqueId(`agent:${name}`);
    this.facts.agents.push(Object.assign(agent, { id }));
    return { k: 'agent', id };
  }

  addServer(server: Omit<ServerFact, 'id'>, name: string): Val {
    const id = this.uniqueId(`server:${name}`);
    this.facts.servers.push(Object.assign(server, { id }));
    return { k: 'server', id };
  }

  protected uniqueId(base: string): string {
    let id = `${this.file}#${base}`;
    for (let n = 2; this.ids.has(id); n++) id = `${this.file}#${base}~${n}`;
    this.ids.add(id);
    return id;
  }

  // ---------------------------------------------------------------- module structure

  protected readImportsAndExports(): void {
    for (const stmt of this.sf.statements) {
      if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
        const module = packageSpecifier(stmt.moduleSpecifier.text);
        const clause = stmt.importClause;
        if (!clause) {
          this.facts.imports.push({ local: '', module, imported: '*' });
          continue;
        }
        // A type-only import still says which SDK the file works with (a helper typed
        // `server: McpServer` registers tools on it), so it activates recognizers.
        if (clause.isTypeOnly) {
          this.facts.imports.push({ local: '', module, imported: '*' });
          this.addTypeImports(clause, module);
          continue;
        }
        if (clause.name) this.addImport(clause.name.text, module, 'default');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) this.addImport(bindings.name.text, module, '*');
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            if (el.isTypeOnly) this.typeImportVals.set(el.name.text, { k: 'import', module, name: (el.propertyName ?? el.name).text, file: this.file });
            else this.addImport(el.name.text, module, (el.propertyName ?? el.name).text);
          }
        }
      } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference) && ts.isStringLiteral(stmt.moduleReference.expression)) {
        this.addImport(stmt.name.text, stmt.moduleReference.expression.text, '*');
      } else if (ts.isExportDeclaration(stmt) && stmt.isTypeOnly) {
        // `export type { Runtime } from './runtime'`: declared types are followed through re-exports too.
        const from = stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
        if (from && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
          for (const el of stmt.exportClause.elements) this.facts.exports.push({ exported: el.name.text, from, imported: (el.propertyName ?? el.name).text });
        }
      } else if (ts.isExportDeclaration(stmt) && !stmt.isTypeOnly) {
        const from = stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
        if (from) this.facts.imports.push({ local: '', module: from, imported: '*' });
        const clause = stmt.exportClause;
        if (!clause) {
          if (from) this.facts.exports.push({ exported: '*', from, imported: '*' });
        } else if (ts.isNamespaceExport(clause)) {
          if (from) this.facts.exports.push({ exported: clause.name.text, from, imported: '*' });
        } else {
          for (const el of clause.elements) {
            const local = (el.propertyName ?? el.name).text;
            this.facts.exports.push(from ? { exported: el.name.text, from, imported: local } : { exported: el.name.text, local });
          }
        }
      }
    }
    // `require('x')` anywhere also makes the file depend on x (recognizers are chosen by it).
    const text = this.sf.text;
    if (text.includes('require(') || text.includes('import(')) {
      for (const match of text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        this.facts.imports.push({ local: '', module: match[1], imported: '*' });
      }
    }
  }

  private addTypeImports(clause: TS.ImportClause, module: string): void {
    const typeImport = (local: string, imported: string) => this.typeImportVals.set(local, { k: 'import', module, name: imported, file: this.file });
    if (clause.name) typeImport(clause.name.text, 'default');
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) typeImport(bindings.name.text, '*');
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) typeImport(el.name.text, (el.propertyName ?? el.name).text);
  }

  protected addImport(local: string, specifier: string, name: string): void {
    // A name the project's barrel re-exports from an SDK is that SDK's name.
    const aliases = this.sdkAliases?.[specifier];
    const sdk = name !== '*' && name !== 'default' ? (aliases?.[name] ?? (aliases?.['*'] ? { module: aliases['*'].module, name } : undefined)) : undefined;
    const module = sdk?.module ?? specifier;
    const imported = sdk?.name ?? name;
    this.facts.imports.push({ local, module, imported });
    this.importVals.set(local, { k: 'import', module, name: imported, file: this.file });
  }

}

function endOf(loc: Location): Pick<Location, 'endLine' | 'endColumn'> {
  return { endLine: loc.endLine, endColumn: loc.endColumn };
}
