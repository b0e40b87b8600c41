/**
 * Extracts the facts of one code file in a single walk of its AST: imports, exports,
 * module bindings, a summary per function (its calls and returns, as abstract values),
 * classes, and the tool / agent / MCP-server definitions the framework recognizers find.
 * The AST is dropped afterwards; only these facts travel to the linker.
 */
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import type { Location } from '../../graph/model.js';
import type { AgentFact, CallFact, ClassFact, CodeFacts, FunctionFact, ObjProp, ServerFact, ToolFact, Val } from './facts.js';
import { findNarrowing, subjectKey } from './guards.js';
import { locationOf } from './parse.js';
import type { CallSite, Recognizer, RecognizerContext } from './recognizer.js';
import { Scope, type FunctionFrame } from './scope.js';
import { importOf, memberOf, union, unknownVal } from './vals.js';
import { isSecretFallback, looksLikeSecret } from '../credentials.js';

/** Globals whose members matter: process.env, eval, fetch, Function, Bun.$, Deno.env... */
const KNOWN_GLOBALS = new Set(['process', 'eval', 'Function', 'fetch', 'require', 'Bun', 'Deno', 'globalThis', 'Object', 'JSON', 'Promise', 'Array', 'String', 'Number', 'Boolean', 'console', 'module', 'exports', 'URL', 'Buffer', 'setTimeout', 'Math', 'Date', 'crypto']);
const CALLBACK_METHODS = /^(?:map|flatMap|forEach|reduce|filter)$/;
/** Runtimes whose classes receive the Worker's bindings as `this.env`. */
const WORKER_RUNTIMES = /^(?:agents(?:\/[\w-]+)?|cloudflare:workers|partyserver)$/;

export function extractFile(file: string, sf: TS.SourceFile, recognizers: Recognizer[]): CodeFacts {
  return new FileExtractor(file, sf, recognizers).run();
}

class FileExtractor implements RecognizerContext {
  readonly facts: CodeFacts;
  private readonly moduleScope: Scope;
  private readonly topFrame: FunctionFrame;
  private readonly importVals = new Map<string, Val>();
  private readonly moduleNames = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly active: Recognizer[];

  constructor(
    readonly file: string,
    private readonly sf: TS.SourceFile,
    recognizers: Recognizer[],
  ) {
    const loc = locationOf(sf, sf);
    const topLevel: FunctionFact = { id: `${file}:<module>`, name: '<module>', loc, params: [], calls: [], returns: [], envReads: [] };
    this.facts = { file, imports: [], exports: [], bindings: {}, functions: {}, classes: {}, tools: [], agents: [], servers: [], topLevel, secrets: [] };
    this.topFrame = { fact: topLevel, narrowing: findNarrowing(sf), repeated: false, loopDepth: 0 };
    this.moduleScope = new Scope(undefined, this.topFrame);
    this.readImportsAndExports();
    const modules = this.facts.imports.map((i) => i.module);
    this.active = recognizers.filter((r) => modules.some((m) => r.modules.test(m)));
  }

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

  private uniqueId(base: string): string {
    let id = `${this.file}#${base}`;
    for (let n = 2; this.ids.has(id); n++) id = `${this.file}#${base}~${n}`;
    this.ids.add(id);
    return id;
  }

  // ---------------------------------------------------------------- module structure

  private readImportsAndExports(): void {
    for (const stmt of this.sf.statements) {
      if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
        const module = stmt.moduleSpecifier.text;
        const clause = stmt.importClause;
        if (!clause) {
          this.facts.imports.push({ local: '', module, imported: '*' });
          continue;
        }
        // A type-only import still says which SDK the file works with (a helper typed
        // `server: McpServer` registers tools on it), so it activates recognizers.
        if (clause.isTypeOnly) {
          this.facts.imports.push({ local: '', module, imported: '*' });
          continue;
        }
        if (clause.name) this.addImport(clause.name.text, module, 'default');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) this.addImport(bindings.name.text, module, '*');
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            if (el.isTypeOnly) continue;
            this.addImport(el.name.text, module, (el.propertyName ?? el.name).text);
          }
        }
      } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference) && ts.isStringLiteral(stmt.moduleReference.expression)) {
        this.addImport(stmt.name.text, stmt.moduleReference.expression.text, '*');
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
            if (el.isTypeOnly) continue;
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

  private addImport(local: string, module: string, imported: string): void {
    this.facts.imports.push({ local, module, imported });
    this.importVals.set(local, { k: 'import', module, name: imported, file: this.file });
  }

  /**
   * Declares function and class names before walking, as JavaScript hoists them: first every
   * name (a function's value is its id, known from its position); the returned callback visits
   * the bodies once the block has been walked, so that a function may call one declared below it.
   */
  private hoist(statements: readonly TS.Statement[], scope: Scope): () => void {
    const atModule = scope === this.moduleScope;
    const functions: TS.FunctionDeclaration[] = [];
    for (const stmt of statements) {
      if (ts.isFunctionDeclaration(stmt) && stmt.name && stmt.body) {
        functions.push(stmt);
        const loc = locationOf(this.sf, stmt);
        const fn: Val = { k: 'fn', id: `${this.file}:${loc.line}:${loc.column}` };
        scope.declare(stmt.name.text, fn);
        if (atModule) {
          this.moduleNames.add(stmt.name.text);
          this.facts.bindings[stmt.name.text] = fn;
        }
      } else if (atModule && ts.isVariableStatement(stmt)) {
        for (const decl of stmt.declarationList.declarations) for (const name of boundNames(decl.name)) this.moduleNames.add(name);
      } else if (atModule && ts.isClassDeclaration(stmt) && stmt.name) {
        this.moduleNames.add(stmt.name.text);
      }
    }
    return () => {
      for (const stmt of functions) {
        this.visitFunction(stmt, stmt.name!.text, scope);
        this.exportIfMarked(stmt, stmt.name!.text);
      }
    };
  }

  /**
   * Walks a block: hoisted names first, then the statements, then the bodies of the functions
   * declared in it, so that those bodies see the block's `const`s (`const { tool } = require('ai')`).
   */
  private walkBlock(statements: readonly TS.Statement[], scope: Scope): void {
    const visitFunctions = this.hoist(statements, scope);
    this.walkStatements(statements, scope);
    visitFunctions();
  }

  private exportIfMarked(stmt: TS.Node, name: string): void {
    if (this.sf !== stmt.parent) return;
    const mods = ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) ?? [] : [];
    if (!mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    this.facts.exports.push({ exported: isDefault ? 'default' : name, local: name });
  }

  // ---------------------------------------------------------------- statements

  private walkStatements(statements: readonly TS.Statement[], scope: Scope): void {
    for (const stmt of statements) this.walkStatement(stmt, scope);
  }

  private walkStatement(stmt: TS.Statement, scope: Scope): void {
    const frame = scope.frame ?? this.topFrame;
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        const hint = ts.isIdentifier(decl.name) ? decl.name.text : undefined;
        const val = decl.initializer ? this.evaluate(decl.initializer, scope, hint) : unknownVal('declared without a value');
        this.bindPattern(decl.name, val, scope);
        if (scope === this.moduleScope) for (const name of boundNames(decl.name)) this.exportIfMarked(stmt, name);
      }
    } else if (ts.isFunctionDeclaration(stmt)) {
      // hoisted
    } else if (ts.isClassDeclaration(stmt)) {
      const name = stmt.name?.text ?? 'default';
      scope.declare(name, this.visitClass(stmt, name, scope));
      this.exportIfMarked(stmt, name);
    } else if (ts.isExpressionStatement(stmt)) {
      this.evaluate(stmt.expression, scope);
    } else if (ts.isReturnStatement(stmt)) {
      if (stmt.expression) frame.fact.returns.push(this.evaluate(stmt.expression, scope));
    } else if (ts.isExportAssignment(stmt)) {
      const val = this.evaluate(stmt.expression, scope, 'default');
      this.moduleScope.declare('default', val);
      this.facts.bindings.default = val;
      this.facts.exports.push({ exported: 'default', local: 'default' });
    } else if (ts.isIfStatement(stmt)) {
      this.evaluate(stmt.expression, scope);
      this.recordIfBranch(stmt, frame, scope);
      if (EMPTY_ALLOW_LIST.test(stmt.expression.getText(this.sf)) && returnsEarly(stmt.thenStatement)) frame.fact.allowsAllWhenEmpty ??= locationOf(this.sf, stmt);
      this.walkNested(stmt.thenStatement, scope);
      if (stmt.elseStatement) this.walkNested(stmt.elseStatement, scope);
    } else if (ts.isBlock(stmt)) {
      const inner = new Scope(scope, scope.frame);
      this.walkBlock(stmt.statements, inner);
    } else if (ts.isForOfStatement(stmt) || ts.isForInStatement(stmt)) {
      const iterable = this.evaluate(stmt.expression, scope);
      const inner = new Scope(scope, scope.frame);
      const init = stmt.initializer;
      const element: Val = ts.isForOfStatement(stmt) ? { k: 'member', obj: iterable, prop: '[]' } : unknownVal('for-in key');
      if (ts.isVariableDeclarationList(init)) for (const decl of init.declarations) this.bindPattern(decl.name, element, inner);
      this.inLoop(frame, () => this.walkNested(stmt.statement, inner));
    } else if (ts.isForStatement(stmt) || ts.isWhileStatement(stmt) || ts.isDoStatement(stmt)) {
      const inner = new Scope(scope, scope.frame);
      if (ts.isForStatement(stmt) && stmt.initializer && ts.isVariableDeclarationList(stmt.initializer)) {
        for (const decl of stmt.initializer.declarations) this.bindPattern(decl.name, decl.initializer ? this.evaluate(decl.initializer, inner) : unknownVal('loop variable'), inner);
      }
      if (!ts.isForStatement(stmt)) this.evaluate(stmt.expression, inner);
      this.inLoop(frame, () => this.walkNested(stmt.statement, inner));
    } else if (ts.isSwitchStatement(stmt)) {
      const on = this.evaluate(stmt.expression, scope);
      for (const clause of stmt.caseBlock.clauses) {
        if (ts.isCaseClause(clause) && (ts.isStringLiteral(clause.expression) || ts.isNoSubstitutionTemplateLiteral(clause.expression))) this.recordBranch(frame, on, clause.expression.text, clause, clause);
      }
      for (const clause of stmt.caseBlock.clauses) {
        const inner = new Scope(scope, scope.frame);
        this.walkBlock(clause.statements, inner);
      }
    } else if (ts.isTryStatement(stmt)) {
      this.walkNested(stmt.tryBlock, scope);
      if (stmt.catchClause) {
        const inner = new Scope(scope, scope.frame);
        if (stmt.catchClause.variableDeclaration) this.bindPattern(stmt.catchClause.variableDeclaration.name, unknownVal('caught error'), inner);
        this.walkNested(stmt.catchClause.block, inner);
      }
      if (stmt.finallyBlock) this.walkNested(stmt.finallyBlock, scope);
    } else if (ts.isLabeledStatement(stmt)) {
      this.walkStatement(stmt.statement, scope);
    } else if (ts.isThrowStatement(stmt)) {
      this.evaluate(stmt.expression, scope);
    }
  }

  private recordBranch(frame: FunctionFrame, on: Val, name: string, at: TS.Node, until: TS.Node): void {
    const loc = locationOf(this.sf, at);
    (frame.fact.branches ??= []).push({ on, name, loc, start: loc.line, end: locationOf(this.sf, until).endLine });
  }

  /** `if (name === 'x') { … }`, and the guard `if (name !== 'x') throw …` that leaves the block to `x`. */
  private recordIfBranch(stmt: TS.IfStatement, frame: FunctionFrame, scope: Scope): void {
    const cond = stmt.expression;
    if (!ts.isBinaryExpression(cond)) return;
    const op = cond.operatorToken.kind;
    const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!equal && !unequal) return;
    const literal = ts.isStringLiteral(cond.right) ? cond.right : ts.isStringLiteral(cond.left) ? cond.left : undefined;
    if (!literal) return;
    const other = literal === cond.right ? cond.left : cond.right;
    if (ts.isStringLiteral(other) || ts.isTypeOfExpression(other)) return;
    const on = this.evaluate(other, scope);
    if (equal) this.recordBranch(frame, on, literal.text, stmt, stmt.thenStatement);
    else if (exitsAlways(stmt.thenStatement) && ts.isBlock(stmt.parent)) this.recordBranch(frame, on, literal.text, stmt, stmt.parent);
  }

  private walkNested(stmt: TS.Statement, scope: Scope): void {
    if (ts.isBlock(stmt)) {
      const inner = new Scope(scope, scope.frame);
      this.walkBlock(stmt.statements, inner);
    } else this.walkStatement(stmt, scope);
  }

  private inLoop(frame: FunctionFrame, body: () => void): void {
    frame.loopDepth++;
    try {
      body();
    } finally {
      frame.loopDepth--;
    }
  }

  private bindPattern(name: TS.BindingName, val: Val, scope: Scope): void {
    if (ts.isIdentifier(name)) {
      scope.declare(name.text, val);
      if (scope === this.moduleScope) this.facts.bindings[name.text] = val;
      return;
    }
    name.elements.forEach((el, index) => {
      if (ts.isOmittedExpression(el)) return;
      if (el.dotDotDotToken) return this.bindPattern(el.name, val, scope);
      let key: string | undefined;
      if (ts.isArrayBindingPattern(name)) key = String(index);
      else if (el.propertyName) key = ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName) ? el.propertyName.text : undefined;
      else if (ts.isIdentifier(el.name)) key = el.name.text;
      this.bindPattern(el.name, key === undefined ? unknownVal('computed destructuring') : memberOf(val, key), scope);
    });
  }

  // ---------------------------------------------------------------- functions and classes

  private visitFunction(node: TS.SignatureDeclaration, name: string, scope: Scope, classId?: string): Val {
    const loc = locationOf(this.sf, node);
    const id = `${this.file}:${loc.line}:${loc.column}`;
    if (this.facts.functions[id]) return { k: 'fn', id };
    const outerFact = (scope.frame ?? this.topFrame).fact;
    const fact: FunctionFact = { id, name, loc, params: [], calls: [], returns: [], envReads: [], ...(classId ? { classId } : {}), ...(outerFact !== this.topFrame.fact ? { parent: outerFact.id } : {}) };
    this.facts.functions[id] = fact;
    const body = (node as TS.FunctionLikeDeclaration).body;
    const outer = scope.frame ?? this.topFrame;
    const frame: FunctionFrame = {
      fact,
      narrowing: body ? findNarrowing(body) : new Map(),
      repeated: outer.repeated || outer.loopDepth > 0 || isCallbackOfIteration(node),
      loopDepth: 0,
      classId: classId ?? outer.classId,
    };
    const inner = new Scope(scope, frame);
    node.parameters.forEach((param, index) => {
      const paramName = ts.isIdentifier(param.name) ? param.name.text : `arg${index}`;
      fact.params.push(paramName);
      if (ts.isObjectBindingPattern(param.name)) {
        fact.paramKeys ??= {};
        fact.paramKeys[index] = param.name.elements.flatMap((el) => {
          const key = el.propertyName ?? el.name;
          return ts.isIdentifier(key) || ts.isStringLiteral(key) ? [key.text] : [];
        });
      }
      const value: Val = { k: 'param', index, path: [], fn: id, name: paramName };
      // `role: 'owner' | 'admin'`: a parameter typed as a union of literals is an enum, like `z.enum`.
      this.bindParam(param.name, param.type && isLiteralUnion(param.type) ? { k: 'narrowed', v: value, by: ['enum'] } : value, inner);
    });
    if (!body) return { k: 'fn', id };
    if (ts.isBlock(body)) {
      const first = body.statements[0];
      // `if (!verbose) return; …` or a body that is one `if (verbose) { … }`: it runs only on that condition.
      const onlyIf = body.statements.length === 1 && first && ts.isIfStatement(first) && !first.elseStatement;
      if (first && ts.isIfStatement(first) && !first.elseStatement && (exitsAlways(first.thenStatement) || onlyIf)) fact.guard = { text: first.expression.getText(this.sf).slice(0, 200), loc: locationOf(this.sf, first) };
      this.walkBlock(body.statements, inner);
    } else {
      fact.returns.push(this.evaluate(body, inner));
    }
    return { k: 'fn', id };
  }

  private bindParam(name: TS.BindingName, val: Val, scope: Scope): void {
    if (ts.isIdentifier(name)) return scope.declare(name.text, val);
    name.elements.forEach((el, index) => {
      if (ts.isOmittedExpression(el)) return;
      if (el.dotDotDotToken) return this.bindParam(el.name, val, scope);
      const key = ts.isArrayBindingPattern(name) ? String(index) : el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
      this.bindParam(el.name, key === undefined ? unknownVal('computed destructuring') : memberOf(val, key), scope);
    });
  }

  private visitClass(node: TS.ClassLikeDeclaration, name: string, scope: Scope): Val {
    const loc = locationOf(this.sf, node);
    const id = `${this.file}#class:${name}`;
    const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const cls: ClassFact = { id, name, methods: {}, props: {}, loc, ...(heritage ? { extends: this.evaluate(heritage.expression, scope) } : {}) };
    this.facts.classes[id] = cls;
    if (scope === this.moduleScope) this.facts.bindings[name] = { k: 'ref', name: `class:${name}`, file: this.file };
    const classScope = new Scope(scope, scope.frame);
    classScope.declare('this', { k: 'this', cls: id, file: this.file });
    for (const member of node.members) {
      const memberName = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) || ts.isPrivateIdentifier(member.name)) ? member.name.text : undefined;
      if ((ts.isMethodDeclaration(member) || ts.isGetAccessor(member)) && memberName) {
        const fn = this.visitFunction(member, `${name}.${memberName}`, classScope, id);
        if (fn.k === 'fn') cls.methods[memberName] = fn.id;
        if (ts.isGetAccessor(member)) (cls.getters ??= []).push(memberName);
      } else if (ts.isConstructorDeclaration(member)) {
        const fn = this.visitFunction(member, `${name}.constructor`, classScope, id);
        if (fn.k === 'fn') {
          cls.methods['<init>'] = fn.id;
          // `constructor(private readonly runner: Runner)` declares and assigns a field.
          member.parameters.forEach((param, index) => {
            if (!ts.isIdentifier(param.name) || !ts.isParameterPropertyDeclaration(param, member)) return;
            const v: Val = { k: 'param', index, path: [], fn: fn.id, name: param.name.text };
            cls.props[param.name.text] = cls.props[param.name.text] ? union([cls.props[param.name.text], v]) : v;
          });
        }
      } else if (ts.isPropertyDeclaration(member) && memberName && member.initializer) {
        const isFn = ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer);
        const val = isFn ? this.visitFunction(member.initializer as TS.ArrowFunction, `${name}.${memberName}`, classScope, id) : this.evaluate(member.initializer, classScope, memberName);
        if (val.k === 'fn') cls.methods[memberName] = val.id;
        else cls.props[memberName] = val;
      }
    }
    for (const recognizer of this.active) recognizer.classDeclaration?.(cls, this);
    return { k: 'ref', name: `class:${name}`, file: this.file };
  }

  private isWorkerClass(classId: string | undefined): boolean {
    const base = classId ? importOf(this.facts.classes[classId]?.extends) : undefined;
    return !!base && WORKER_RUNTIMES.test(base.module);
  }

  // ---------------------------------------------------------------- expressions

  evaluate(node: TS.Expression, scope: Scope, hint?: string): Val {
    const val = this.evaluateInner(node, scope, hint);
    if (val.k === 'env' && !(ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) && !(ts.isElementAccessExpression(node.parent) && node.parent.expression === node)) {
      (scope.frame ?? this.topFrame).fact.envReads.push({ name: val.name, loc: val.loc });
    }
    return val;
  }

  /**
   * A program's own words are the best evidence of what a variable holds: "Please provide a
   * personal access token (PAT) … or set SUPABASE_ACCESS_TOKEN" makes that variable a person's token.
   */
  private notePersonalTokens(text: string): void {
    if (text.length > 400 || !(/personal access token/i.test(text) || /\bPAT\b/.test(text))) return;
    for (const name of text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []) {
      if (!/TOKEN|_PAT$|KEY/.test(name)) continue;
      const list = (this.facts.personalTokens ??= []);
      if (!list.includes(name)) list.push(name);
    }
  }

  private evaluateInner(node: TS.Expression, scope: Scope, hint?: string): Val {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node) || ts.isAwaitExpression(node)) {
      return this.evaluate(node.expression, scope, hint);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      this.notePersonalTokens(node.text);
      return { k: 'lit', v: node.text };
    }
    if (ts.isNumericLiteral(node)) return { k: 'lit', v: Number(node.text) };
    if (node.kind === ts.SyntaxKind.TrueKeyword) return { k: 'lit', v: true };
    if (node.kind === ts.SyntaxKind.FalseKeyword) return { k: 'lit', v: false };
    if (node.kind === ts.SyntaxKind.NullKeyword) return { k: 'lit', v: null };
    if (node.kind === ts.SyntaxKind.ThisKeyword) return scope.find('this')?.slot.get() ?? unknownVal('this outside a class');
    if (ts.isRegularExpressionLiteral(node)) return { k: 'lit', v: node.text };
    if (ts.isTemplateExpression(node)) {
      const parts: Val[] = [{ k: 'lit', v: node.head.text }];
      for (const span of node.templateSpans) {
        parts.push(this.evaluate(span.expression, scope));
        if (span.literal.text) parts.push({ k: 'lit', v: span.literal.text });
      }
      return { k: 'tmpl', parts };
    }
    if (ts.isIdentifier(node)) return this.narrow(node, scope, this.lookup(node.text, scope, node));
    if (ts.isMetaProperty(node)) return { k: 'global', name: 'import.meta' };
    if (ts.isPropertyAccessExpression(node)) {
      const obj = this.evaluate(node.expression, scope);
      // Cloudflare's classes (McpAgent, Agent, DurableObject, WorkerEntrypoint) receive the
      // Worker's bindings, its secrets among them, as `this.env`.
      if (obj.k === 'this' && node.name.text === 'env' && this.isWorkerClass(obj.cls)) return { k: 'env', name: '*', loc: locationOf(this.sf, node) };
      return this.narrow(node, scope, memberOf(obj, node.name.text, locationOf(this.sf, node)));
    }
    if (ts.isElementAccessExpression(node)) {
      const obj = this.evaluate(node.expression, scope);
      const key = this.evaluate(node.argumentExpression, scope);
      if (key.k === 'lit' && key.v !== null) return this.narrow(node, scope, memberOf(obj, String(key.v), locationOf(this.sf, node)));
      return { k: 'member', obj, prop: '[]', key };
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) return this.evaluateCall(node, scope, hint);
    if (ts.isTaggedTemplateExpression(node)) return this.evaluateTagged(node, scope, hint);
    if (ts.isObjectLiteralExpression(node)) return this.evaluateObject(node, scope);
    if (ts.isArrayLiteralExpression(node)) {
      const items: Val[] = node.elements.map((el) => (ts.isSpreadElement(el) ? { k: 'spread', v: this.evaluate(el.expression, scope) } : this.evaluate(el, scope)));
      const strings = items.length > 0 && items.every((i) => i.k === 'lit' && typeof i.v === 'string');
      return strings ? { k: 'arr', items, locs: node.elements.map((el) => locationOf(this.sf, el)) } : { k: 'arr', items };
    }
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      return this.visitFunction(node, node.name?.text ?? hint ?? 'anonymous', scope);
    }
    if (ts.isClassExpression(node)) return this.visitClass(node, node.name?.text ?? hint ?? 'anonymous', scope);
    if (ts.isConditionalExpression(node)) {
      this.evaluate(node.condition, scope);
      return union([this.evaluate(node.whenTrue, scope, hint), this.evaluate(node.whenFalse, scope, hint)]);
    }
    if (ts.isBinaryExpression(node)) return this.evaluateBinary(node, scope, hint);
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      this.evaluate(node.operand, scope);
      return unknownVal('arithmetic');
    }
    if (ts.isTypeOfExpression(node) || ts.isVoidExpression(node) || ts.isDeleteExpression(node)) {
      this.evaluate(node.expression, scope);
      return unknownVal('operator');
    }
    if (ts.isSpreadElement(node)) return { k: 'spread', v: this.evaluate(node.expression, scope) };
    // JSX and anything else: visit children for calls, value unknown.
    ts.forEachChild(node, (child) => {
      if (ts.isExpression(child)) this.evaluate(child, scope);
    });
    return unknownVal(`${ts.SyntaxKind[node.kind]} expression`, locationOf(this.sf, node));
  }

  private narrow(node: TS.Node, scope: Scope, val: Val): Val {
    const key = subjectKey(node);
    const frame = scope.frame ?? this.topFrame;
    const kinds = key ? frame.narrowing.get(key) : undefined;
    return kinds ? { k: 'narrowed', v: val, by: kinds } : val;
  }

  private lookup(name: string, scope: Scope, node: TS.Node): Val {
    if (name === 'undefined') return { k: 'lit', v: null };
    const found = scope.find(name);
    const current = scope.frame ?? this.topFrame;
    if (found) {
      const val = found.slot.get();
      if (found.frame === current || !found.frame) return val;
      // Read from an enclosing function: module names stay late-bound. An outer function's
      // parameters keep their owner's id, so a callback's sink is traced to the outer input.
      // Module bindings are known by now (function bodies are visited after the module's
      // statements): inline them, so recognizers see `registerTool(name, config, ...)` with the
      // module's `const name = 'echo'` and imports inside functions. Only a binding without a
      // value yet stays a late-bound reference.
      if (found.frame === this.topFrame) return val.k === 'unknown' && this.moduleNames.has(name) ? { k: 'ref', name, file: this.file } : val;
      return val;
    }
    const imported = this.importVals.get(name);
    if (imported) return imported;
    if (this.moduleNames.has(name)) return { k: 'ref', name, file: this.file };
    if (KNOWN_GLOBALS.has(name)) return { k: 'global', name };
    return unknownVal(`unresolved name ${name}`, locationOf(this.sf, node));
  }

  private evaluateObject(node: TS.ObjectLiteralExpression, scope: Scope): Val {
    const props: ObjProp[] = [];
    for (const p of node.properties) {
      const loc = locationOf(this.sf, p);
      if (ts.isSpreadAssignment(p)) props.push({ key: null, v: this.evaluate(p.expression, scope), spread: true, loc });
      else if (ts.isShorthandPropertyAssignment(p)) props.push({ key: p.name.text, v: this.narrow(p.name, scope, this.lookup(p.name.text, scope, p.name)), loc });
      else if (ts.isPropertyAssignment(p)) {
        const key = this.propertyKey(p.name, scope);
        const v = this.evaluate(p.initializer, scope, key ?? undefined);
        props.push({ key, v, loc });
        // `apiKey: 'sk-…'`, `Authorization: 'Bearer …'`: a secret written in the code.
        const text = v.k === 'lit' && typeof v.v === 'string' ? v.v : undefined;
        if (key && text && text.length >= 12 && looksLikeSecret(key, text)) this.facts.secrets.push({ key, loc, fn: (scope.frame ?? this.topFrame).fact.id });
      } else if (ts.isMethodDeclaration(p)) {
        const key = this.propertyKey(p.name, scope);
        props.push({ key, v: this.visitFunction(p, key ?? 'method', scope), loc });
      }
    }
    return { k: 'obj', props };
  }

  private propertyKey(name: TS.PropertyName, scope: Scope): string | null {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const key = this.evaluate(name.expression, scope);
      return key.k === 'lit' && key.v !== null ? String(key.v) : null;
    }
    return null;
  }

  private evaluateBinary(node: TS.BinaryExpression, scope: Scope, hint?: string): Val {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) return this.assign(node.left, this.evaluate(node.right, scope, hintOf(node.left) ?? hint), scope);
    if (op === ts.SyntaxKind.PlusEqualsToken) return this.assign(node.left, { k: 'tmpl', parts: [this.evaluate(node.left, scope), this.evaluate(node.right, scope)] }, scope);
    if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return this.assign(node.left, this.evaluate(node.right, scope, hint), scope);
    const left = this.evaluate(node.left, scope, hint);
    const right = this.evaluate(node.right, scope, hint);
    if (op === ts.SyntaxKind.PlusToken) return { k: 'tmpl', parts: [left, right] };
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      if (left.k === 'env' && right.k === 'lit' && typeof right.v === 'string' && isSecretFallback(left.name, right.v)) {
        this.facts.secrets.push({ key: left.name, loc: locationOf(this.sf, node.right), fn: (scope.frame ?? this.topFrame).fact.id, fallback: true });
      }
      return union([left, right]);
    }
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return right;
    if (op === ts.SyntaxKind.CommaToken) return right;
    return unknownVal('comparison');
  }

  /** `x = v`, `obj.key = v`, `obj[key] = v`: bindings are flow-insensitive, so values accumulate. */
  private assign(target: TS.Expression, val: Val, scope: Scope): Val {
    if (ts.isIdentifier(target)) {
      const found = scope.find(target.text);
      if (found) {
        const before = found.slot.get();
        found.slot.set(before.k === 'unknown' ? val : union([before, val]));
        if (found.frame === this.topFrame && this.facts.bindings[target.text]) this.facts.bindings[target.text] = found.slot.get();
      } else if (this.moduleNames.has(target.text)) {
        const before = this.facts.bindings[target.text];
        this.facts.bindings[target.text] = before ? union([before, val]) : val;
      }
      return val;
    }
    if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      const key = ts.isPropertyAccessExpression(target) ? target.name.text : this.propertyKeyOfElement(target, scope);
      const loc = locationOf(this.sf, target);
      // module.exports = ..., exports.x = ...
      const targetText = target.expression.getText(this.sf);
      if (targetText === 'module' && key === 'exports') return this.commonJsExport(val);
      if ((targetText === 'exports' || targetText === 'module.exports') && key) {
        this.facts.bindings[`module.exports.${key}`] = val;
        this.facts.exports.push({ exported: key, local: `module.exports.${key}` });
        return val;
      }
      const owner = this.evaluate(target.expression, scope);
      for (const recognizer of this.active) if (key && recognizer.assignment?.(owner, key, val, loc, this)) return val;
      // `this.x = v` in a method, and `ClassName.instance = new ClassName()` (a static field).
      const classRef = owner.k === 'ref' && owner.file === this.file ? (owner.name.startsWith('class:') ? owner : this.facts.bindings[owner.name]) : undefined;
      const classId = owner.k === 'this' ? owner.cls : classRef?.k === 'ref' && classRef.name.startsWith('class:') ? `${this.file}#${classRef.name}` : undefined;
      if (classId && key) {
        const cls = this.facts.classes[classId];
        if (cls) cls.props[key] = cls.props[key] ? union([cls.props[key], val]) : val;
        return val;
      }
      const slot = this.slotOf(target.expression, scope);
      if (slot) {
        const current = slot.get();
        if (current.k === 'obj') current.props.push({ key, v: val, loc });
        else slot.set({ k: 'obj', props: [{ key: null, v: current, spread: true }, { key, v: val, loc }] });
      }
      return val;
    }
    return val;
  }

  private propertyKeyOfElement(target: TS.ElementAccessExpression, scope: Scope): string | null {
    const key = this.evaluate(target.argumentExpression, scope);
    return key.k === 'lit' && key.v !== null ? String(key.v) : null;
  }

  private commonJsExport(val: Val): Val {
    this.facts.bindings['module.exports'] = val;
    this.facts.exports.push({ exported: 'default', local: 'module.exports' });
    if (val.k === 'obj') {
      for (const p of val.props) {
        if (p.spread || !p.key) continue;
        this.facts.bindings[`module.exports.${p.key}`] = p.v;
        this.facts.exports.push({ exported: p.key, local: `module.exports.${p.key}` });
      }
    }
    return val;
  }

  /** The mutable binding behind an expression, for `x.push(...)`, `x[k] = v`, `Object.assign(x, ...)`. */
  private slotOf(expr: TS.Expression, scope: Scope): { get(): Val; set(v: Val): void } | undefined {
    // `(options as any).shell = true` mutates `options`.
    while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) expr = expr.expression;
    if (!ts.isIdentifier(expr)) return undefined;
    const found = scope.find(expr.text);
    if (found) {
      const isModule = found.frame === this.topFrame;
      return {
        get: () => found.slot.get(),
        set: (v) => {
          found.slot.set(v);
          if (isModule) this.facts.bindings[expr.text] = v;
        },
      };
    }
    if (this.moduleNames.has(expr.text)) {
      const bindings = this.facts.bindings;
      return { get: () => bindings[expr.text] ?? unknownVal('not yet assigned'), set: (v) => (bindings[expr.text] = v) };
    }
    return undefined;
  }

  private evaluateCall(node: TS.CallExpression | TS.NewExpression, scope: Scope, hint?: string): Val {
    const frame = scope.frame ?? this.topFrame;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0] ? this.evaluate(node.arguments[0], scope) : unknownVal('import()');
      if (arg.k === 'lit' && typeof arg.v === 'string') return { k: 'import', module: arg.v, name: '*', file: this.file };
      return this.recordCall(frame, { k: 'global', name: 'import' }, 'import', [arg], node);
    }
    const callee = this.evaluate(node.expression, scope);
    const firstString = node.arguments?.[0] && ts.isStringLiteral(node.arguments[0]) ? node.arguments[0].text : undefined;
    const args = (node.arguments ?? []).map((a) => (ts.isSpreadElement(a) ? ({ k: 'spread', v: this.evaluate(a.expression, scope) } as Val) : this.evaluate(a, scope, firstString ?? hint)));
    const calleeText = (ts.isNewExpression(node) ? 'new ' : '') + node.expression.getText(this.sf).replace(/\s+/g, '');

    if (ts.isCallExpression(node)) {
      if (callee.k === 'global' && callee.name === 'require' && args[0]?.k === 'lit' && typeof args[0].v === 'string') {
        return { k: 'import', module: args[0].v, name: '*', file: this.file };
      }
      const imp = importOf(callee);
      if (imp && imp.module === 'util' && imp.name === 'promisify' && args[0]) return args[0];
      if (callee.k === 'member' && callee.prop === 'bind') return callee.obj;
      if (ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        if ((method === 'push' || method === 'unshift') && this.appendTo(node.expression.expression, args, scope)) return { k: 'lit', v: 0 };
        if (callee.k === 'member' && callee.obj.k === 'global' && callee.obj.name === 'Object' && method === 'assign' && node.arguments[0]) {
          // Mutates its target (when that is a binding) and returns the merge of all its arguments.
          this.mergeInto(node.arguments[0], args.slice(1), scope);
          return { k: 'obj', props: args.map((v): ObjProp => ({ key: null, v, spread: true })) };
        }
      }
    }

    const site: CallSite = {
      kind: ts.isNewExpression(node) ? 'new' : 'call',
      callee,
      calleeText,
      args,
      node,
      loc: locationOf(this.sf, node),
      bindingName: hint,
      enclosingName: frame === this.topFrame ? undefined : frame.fact.name,
      repeated: frame.repeated || frame.loopDepth > 0,
    };
    for (const recognizer of this.active) {
      const recognized = recognizer.call?.(site, this);
      if (recognized) return recognized;
    }
    return this.recordCall(frame, callee, calleeText, args, node, ts.isNewExpression(node) ? 'new' : 'call');
  }

  private evaluateTagged(node: TS.TaggedTemplateExpression, scope: Scope, hint?: string): Val {
    const frame = scope.frame ?? this.topFrame;
    const callee = this.evaluate(node.tag, scope);
    const template = node.template;
    const args: Val[] = ts.isTemplateExpression(template) ? template.templateSpans.map((s) => this.evaluate(s.expression, scope)) : [];
    const site: CallSite = {
      kind: 'call',
      callee,
      calleeText: node.tag.getText(this.sf),
      args,
      node,
      loc: locationOf(this.sf, node),
      bindingName: hint,
      repeated: frame.repeated || frame.loopDepth > 0,
    };
    for (const recognizer of this.active) {
      const recognized = recognizer.call?.(site, this);
      if (recognized) return recognized;
    }
    const fact: CallFact = { callee, calleeText: site.calleeText, args, tagged: true, loc: site.loc };
    frame.fact.calls.push(fact);
    return { k: 'call', callee, args, loc: site.loc };
  }

  private recordCall(frame: FunctionFrame, callee: Val, calleeText: string, args: Val[], node: TS.Node, kind: 'call' | 'new' = 'call'): Val {
    const loc = locationOf(this.sf, node);
    frame.fact.calls.push({ callee, calleeText, args, loc });
    return kind === 'new' ? { k: 'new', callee, args, loc } : { k: 'call', callee, args, loc };
  }

  private appendTo(target: TS.Expression, items: Val[], scope: Scope): boolean {
    const slot = this.slotOf(target, scope);
    if (!slot && ts.isPropertyAccessExpression(target)) {
      // `agent.tools.push(extra)` after construction
      const owner = this.evaluate(target.expression, scope);
      const loc = locationOf(this.sf, target);
      return this.active.some((r) => r.assignment?.(owner, target.name.text, { k: 'arr', items }, loc, this));
    }
    if (!slot) return false;
    const current = slot.get();
    if (current.k === 'arr') current.items.push(...items);
    else slot.set({ k: 'arr', items: [{ k: 'spread', v: current }, ...items] });
    return true;
  }

  private mergeInto(target: TS.Expression, sources: Val[], scope: Scope): void {
    const slot = this.slotOf(target, scope);
    if (!slot) return;
    const current = slot.get();
    const spreads = sources.map((v): ObjProp => ({ key: null, v, spread: true }));
    if (current.k === 'obj') current.props.push(...spreads);
    else slot.set({ k: 'obj', props: [{ key: null, v: current, spread: true }, ...spreads] });
  }
}

/** `!allowed.length`, `allowedDirectories.length === 0`, `roots.length < 1`: an empty allow list. */
const EMPTY_ALLOW_LIST = /(?:!\s*[\w.]*(?:allow|permit|whitelist|root|dir|director|path)\w*\.length\b|[\w.]*(?:allow|permit|whitelist|root|dir|director|path)\w*\.length\s*(?:===?\s*0|<\s*1|<=\s*0))/i;

/** A `return` (of anything but a refusal) as the branch's outcome. */
function returnsEarly(stmt: TS.Statement): boolean {
  if (ts.isReturnStatement(stmt)) return !stmt.expression || stmt.expression.kind !== ts.SyntaxKind.FalseKeyword;
  return ts.isBlock(stmt) && stmt.statements.length > 0 && returnsEarly(stmt.statements[stmt.statements.length - 1]);
}

/** `'a' | 'b' | 3 | true`: every member a literal type (and at least two of them, or one literal). */
function isLiteralUnion(type: TS.TypeNode): boolean {
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  return members.every((m) => ts.isLiteralTypeNode(m) && m.literal.kind !== ts.SyntaxKind.NullKeyword) || (members.length > 1 && members.every((m) => ts.isLiteralTypeNode(m) || m.kind === ts.SyntaxKind.UndefinedKeyword));
}

/** `return`, `throw`, or a block that ends in one. */
function exitsAlways(stmt: TS.Statement): boolean {
  if (ts.isReturnStatement(stmt) || ts.isThrowStatement(stmt)) return true;
  return ts.isBlock(stmt) && stmt.statements.length > 0 && exitsAlways(stmt.statements[stmt.statements.length - 1]);
}

function boundNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)));
}

function hintOf(target: TS.Expression): string | undefined {
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target)) return target.name.text;
  if (ts.isElementAccessExpression(target) && ts.isStringLiteral(target.argumentExpression)) return target.argumentExpression.text;
  return undefined;
}

function isCallbackOfIteration(node: TS.Node): boolean {
  const parent = node.parent;
  return !!parent && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && CALLBACK_METHODS.test(parent.expression.name.text) && parent.arguments.includes(node as TS.Expression);
}
