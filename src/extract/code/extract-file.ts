/**
 * Extracts the facts of one code file in a single walk of its AST: imports, exports,
 * module bindings, a summary per function (its calls and returns, as abstract values),
 * classes, and the tool / agent / MCP-server definitions the framework recognizers find.
 * The AST is dropped afterwards; only these facts travel to the linker.
 */

import type * as TS from 'typescript';
import { ts } from './typescript.js';
import type { ClassFact, CodeFacts, FunctionFact, ObjProp, TypeDecl, Val } from './facts.js';
import { findNarrowing, type Narrowing } from './guards.js';
import type { ConstraintKind, Location } from '../../graph/model.js';
import { locationOf } from './parse.js';
import type { Recognizer } from './recognizer.js';
import type { SdkAliases } from '../types.js';
import { Scope, type FunctionFrame } from './scope.js';
import { memberOf, union, unknownVal } from './vals.js';
import { CALLBACK_METHODS, ValueEvaluator } from './value-evaluator.js';
import { elementTypeName, typeName } from './type-refs.js';

export function extractFile(file: string, sf: TS.SourceFile, recognizers: Recognizer[], sdkAliases?: SdkAliases, untypedSdk?: string[]): CodeFacts {
  return new FileExtractor(file, sf, recognizers, sdkAliases, untypedSdk).run();
}

/** The statement half: blocks, declarations, branches and loops, functions and classes. */
class FileExtractor extends ValueEvaluator {
  /**
   * Declares function and class names before walking, as JavaScript hoists them: first every
   * name (a function's value is its id, known from its position); the returned callback visits
   * the bodies once the block has been walked, so that a function may call one declared below it.
   */
  protected hoist(statements: readonly TS.Statement[], scope: Scope): () => void {
    const atModule = scope === this.moduleScope;
    const functions: TS.FunctionDeclaration[] = [];
    for (const stmt of statements) {
      // `export default function ({ config }) { … }` has no name: it is the module's default.
      const fnName = ts.isFunctionDeclaration(stmt) ? (stmt.name?.text ?? (isDefaultExport(stmt) ? 'default' : undefined)) : undefined;
      if (ts.isFunctionDeclaration(stmt) && fnName && stmt.body) {
        functions.push(stmt);
        const loc = locationOf(this.sf, stmt);
        const fn: Val = { k: 'fn', id: `${this.file}:${loc.line}:${loc.column}` };
        scope.declare(fnName, fn);
        if (atModule) {
          this.moduleNames.add(fnName);
          this.facts.bindings[fnName] = fn;
        }
      } else if (atModule && ts.isVariableStatement(stmt)) {
        for (const decl of stmt.declarationList.declarations) for (const name of boundNames(decl.name)) this.moduleNames.add(name);
      } else if (atModule && ts.isClassDeclaration(stmt) && stmt.name) {
        this.moduleNames.add(stmt.name.text);
      }
    }
    return () => {
      for (const stmt of functions) {
        const fnName = stmt.name?.text ?? 'default';
        this.visitFunction(stmt, fnName, scope);
        this.exportIfMarked(stmt, fnName);
      }
    };
  }

  /**
   * Walks a block: hoisted names first, then the statements, then the bodies of the functions
   * declared in it, so that those bodies see the block's `const`s (`const { tool } = require('ai')`).
   */
  protected walkBlock(statements: readonly TS.Statement[], scope: Scope): void {
    const visitFunctions = this.hoist(statements, scope);
    this.walkStatements(statements, scope);
    visitFunctions();
  }

  protected exportIfMarked(stmt: TS.Node, name: string): void {
    if (this.sf !== stmt.parent) return;
    const mods = ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) ?? [] : [];
    if (!mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    this.facts.exports.push({ exported: isDefault ? 'default' : name, local: name });
  }

  // ---------------------------------------------------------------- statements

  protected walkStatements(statements: readonly TS.Statement[], scope: Scope): void {
    for (const stmt of statements) this.walkStatement(stmt, scope);
  }

  protected walkStatement(stmt: TS.Statement, scope: Scope): void {
    const frame = scope.frame ?? this.topFrame;
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        const hint = ts.isIdentifier(decl.name) ? decl.name.text : undefined;
        const val = decl.initializer ? this.evaluate(decl.initializer, scope, hint) : unknownVal('declared without a value');
        this.bindPattern(decl.name, val, scope);
        if (scope === this.moduleScope) for (const name of boundNames(decl.name)) this.exportIfMarked(stmt, name);
        // `const cleanTool: ToolDefinition = {…}`: code that receives a `ToolDefinition` from a
        // container leash cannot see may be handed this value.
        const declaredType = scope === this.moduleScope && ts.isIdentifier(decl.name) ? this.declaredType(decl.type) : undefined;
        if (declaredType && ts.isIdentifier(decl.name)) (this.facts.bindingTypes ??= {})[decl.name.text] = declaredType;
      }
    } else if (ts.isFunctionDeclaration(stmt)) {
      // hoisted
    } else if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) {
      this.recordTypeDecl(stmt);
    } else if (ts.isEnumDeclaration(stmt)) {
      const name = stmt.name.text;
      const val = this.enumValue(stmt, scope);
      scope.declare(name, val);
      if (scope === this.moduleScope) {
        this.facts.bindings[name] = val;
        this.exportIfMarked(stmt, name);
      }
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
      // A branch that ends by throwing refuses the call: what it logs is the refusal.
      if (endsByThrowing(stmt.thenStatement)) (frame.fact.refusalBlocks ??= []).push(locationOf(this.sf, stmt.thenStatement));
      if (EMPTY_ALLOW_LIST.test(stmt.expression.getText(this.sf)) && returnsEarly(stmt.thenStatement)) frame.fact.allowsAllWhenEmpty ??= locationOf(this.sf, stmt);
      this.recordCondition(stmt.expression, stmt.thenStatement, true, scope);
      if (stmt.elseStatement) this.recordCondition(stmt.expression, stmt.elseStatement, false, scope);
      // `if (!flag) return;` then the rest of the block: what follows runs only when the flag is set.
      else if (exitsAlways(stmt.thenStatement) && stmt.parent && stmt.end < stmt.parent.end) this.recordCondition(stmt.expression, stmt.parent, false, scope, spanBetween(this.sf, stmt.end, stmt.parent.end));
      this.walkNested(stmt.thenStatement, this.correlatedScope(stmt.expression, scope) ?? scope);
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
        if (!ts.isCaseClause(clause)) continue;
        if (ts.isStringLiteral(clause.expression) || ts.isNoSubstitutionTemplateLiteral(clause.expression)) this.recordBranch(frame, on, clause.expression.text, clause, clause);
        else if (ts.isPropertyAccessExpression(clause.expression) || ts.isIdentifier(clause.expression)) {
          // `case ToolNames.CREATE:`: a constant, here or in another module; the linker reads it.
          const value = this.evaluate(clause.expression, scope);
          if (value.k === 'lit' && typeof value.v === 'string') this.recordBranch(frame, on, value.v, clause, clause);
          else if (value.k === 'member' || value.k === 'import' || value.k === 'ref') this.recordBranch(frame, on, '', clause, clause, value);
        }
      }
      for (const clause of stmt.caseBlock.clauses) {
        const inner = new Scope(scope, scope.frame);
        this.walkBlock(clause.statements, inner);
      }
    } else if (ts.isTryStatement(stmt)) {
      this.walkNested(stmt.tryBlock, scope);
      if (stmt.catchClause) {
        (frame.fact.catchBlocks ??= []).push(locationOf(this.sf, stmt.catchClause.block));
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

  /**
   * `enum ToolName { DELETE_TOPICS = 'delete-topics' }`: an object of its members' values, each
   * written where its member is (numbers count on from the last one, as TypeScript does).
   */
  protected enumValue(decl: TS.EnumDeclaration, scope: Scope): Val {
    let next = 0;
    const props: ObjProp[] = [];
    for (const member of decl.members) {
      const key = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
      if (key === undefined) continue;
      let value: Val;
      if (!member.initializer) value = { k: 'lit', v: next++ };
      else {
        value = this.evaluate(member.initializer, scope);
        if (value.k === 'lit' && typeof value.v === 'number') next = value.v + 1;
      }
      props.push({ key, v: value, loc: locationOf(this.sf, member) });
    }
    return { k: 'obj', props };
  }

  protected recordBranch(frame: FunctionFrame, on: Val, name: string, at: TS.Node, until: TS.Node, nameVal?: Val): void {
    const loc = locationOf(this.sf, at);
    (frame.fact.branches ??= []).push({ on, name, loc, start: loc.line, end: locationOf(this.sf, until).endLine, ...(nameVal ? { nameVal } : {}) });
  }

  /** `if (name === 'x') { … }`, and the guard `if (name !== 'x') throw …` that leaves the block to `x`. */
  protected recordIfBranch(stmt: TS.IfStatement, frame: FunctionFrame, scope: Scope): void {
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

  protected walkNested(stmt: TS.Statement, scope: Scope): void {
    if (ts.isBlock(stmt)) {
      const inner = new Scope(scope, scope.frame);
      this.walkBlock(stmt.statements, inner);
    } else this.walkStatement(stmt, scope);
  }

  protected inLoop(frame: FunctionFrame, body: () => void): void {
    frame.loopDepth++;
    try {
      body();
    } finally {
      frame.loopDepth--;
    }
  }

  protected bindPattern(name: TS.BindingName, val: Val, scope: Scope): void {
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

  protected visitFunction(node: TS.SignatureDeclaration, name: string, scope: Scope, classId?: string): Val {
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
      const declared = this.declaredType(param.type);
      if (declared) (fact.paramTypes ??= {})[index] = declared;
      const element = elementTypeName(param.type, this.typeLookup);
      if (element) (fact.paramElementTypes ??= {})[index] = element;
      const value: Val = { k: 'param', index, path: [], fn: id, name: paramName };
      // `role: 'owner' | 'admin'`: a parameter typed as a union of literals is an enum, like `z.enum`.
      const typed: Val = param.type && isLiteralUnion(param.type) ? { k: 'narrowed', v: value, by: ['enum'] } : value;
      // `deps = defaultDeps`, `exec = execFile`: an injected dependency is its default unless a
      // caller passes another, so the parameter is either. Literal and empty defaults add nothing.
      const fallback = param.initializer ? this.evaluate(param.initializer, scope) : undefined;
      this.bindParam(param.name, fallback && !isPlaceholder(fallback) ? union([typed, fallback]) : typed, inner);
    });
    const returnType = this.declaredType(node.type);
    if (returnType) fact.returnType = returnType;
    if (!body) return { k: 'fn', id };
    if (ts.isBlock(body)) {
      const first = body.statements[0];
      // `if (!verbose) return; …` or a body that is one `if (verbose) { … }`: it runs only on that condition.
      const onlyIf = body.statements.length === 1 && first && ts.isIfStatement(first) && !first.elseStatement;
      if (first && ts.isIfStatement(first) && !first.elseStatement && (exitsAlways(first.thenStatement) || onlyIf)) fact.guard = { text: first.expression.getText(this.sf).slice(0, 200), loc: locationOf(this.sf, first) };
      const asserts = assertedParams(node, body, frame.narrowing);
      if (asserts.length > 0) fact.asserts = asserts;
      this.walkBlock(body.statements, inner);
    } else {
      fact.returns.push(this.evaluate(body, inner));
    }
    return { k: 'fn', id };
  }

  /**
   * `if (isTemporary) fs.unlinkSync(inputPath)`, where one block both wrote `inputPath = tmp` and
   * set `isTemporary = true`: inside the branch, the locals that block assigned hold what it
   * assigned them. Only for a flag that starts false and is set to `true` in that block alone.
   */
  private correlatedScope(condition: TS.Expression, scope: Scope): Scope | undefined {
    if (!ts.isIdentifier(condition) || !scope.frame) return undefined;
    const assigned = scope.frame.setTrueWith?.get(condition.text);
    const flag = scope.find(condition.text);
    if (!assigned || !flag || flag.frame !== scope.frame) return undefined;
    const value = flag.slot.get();
    const options = value.k === 'union' ? value.options : [value];
    if (!options.every((o) => o.k === 'lit' && (o.v === true || o.v === false || o.v === null))) return undefined;
    const inner = new Scope(scope, scope.frame);
    for (const [name, val] of assigned) {
      if (name !== condition.text && scope.find(name)?.frame === scope.frame) inner.declare(name, val);
    }
    return inner;
  }

  protected bindParam(name: TS.BindingName, val: Val, scope: Scope): void {
    if (ts.isIdentifier(name)) return scope.declare(name.text, val);
    name.elements.forEach((el, index) => {
      if (ts.isOmittedExpression(el)) return;
      if (el.dotDotDotToken) return this.bindParam(el.name, val, scope);
      const key = ts.isArrayBindingPattern(name) ? String(index) : el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
      const field = key === undefined ? unknownVal('computed destructuring') : memberOf(val, key);
      // `{ projectRoot = path.resolve(__dirname, '..') }`: the field, or its default when a caller leaves it out.
      const fallback = el.initializer ? this.evaluate(el.initializer, scope) : undefined;
      this.bindParam(el.name, fallback && !isPlaceholder(fallback) ? union([field, fallback]) : field, scope);
    });
  }

  protected visitClass(node: TS.ClassLikeDeclaration, name: string, scope: Scope): Val {
    const loc = locationOf(this.sf, node);
    const id = `${this.file}#class:${name}`;
    const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const cls: ClassFact = { id, name, methods: {}, props: {}, loc, ...(heritage ? { extends: this.evaluate(heritage.expression, scope) } : {}) };
    this.facts.classes[id] = cls;
    const implemented = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ImplementsKeyword)?.types ?? [];
    const interfaces = implemented.flatMap((t) => (ts.isIdentifier(t.expression) ? [this.typeLookup(t.expression.text)] : []));
    if (interfaces.length > 0) cls.implements = interfaces;
    const declareType = (prop: string, type: TS.TypeNode | undefined) => {
      const declared = this.declaredType(type);
      if (declared) (cls.propTypes ??= {})[prop] = declared;
    };
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
            declareType(param.name.text, param.type);
            const v: Val = { k: 'param', index, path: [], fn: fn.id, name: param.name.text };
            cls.props[param.name.text] = cls.props[param.name.text] ? union([cls.props[param.name.text], v]) : v;
          });
        }
      } else if (ts.isPropertyDeclaration(member) && memberName && !member.initializer) {
        declareType(memberName, member.type);
      } else if (ts.isPropertyDeclaration(member) && memberName && member.initializer) {
        declareType(memberName, member.type);
        const isFn = ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer);
        const val = isFn ? this.visitFunction(member.initializer as TS.ArrowFunction, `${name}.${memberName}`, classScope, id) : this.evaluate(member.initializer, classScope, memberName);
        if (val.k === 'fn') cls.methods[memberName] = val.id;
        else cls.props[memberName] = val;
      }
    }
    for (const recognizer of this.active) recognizer.classDeclaration?.(cls);
    return { k: 'ref', name: `class:${name}`, file: this.file };
  }

  // ---------------------------------------------------------------- declared types

  /** A type name as written here: an import (type-only or not) or a declaration of this file. */
  protected typeLookup = (name: string): Val => this.importVals.get(name) ?? this.typeImportVals.get(name) ?? { k: 'ref', name, file: this.file };

  protected declaredType(node: TS.TypeNode | undefined): Val | undefined {
    return typeName(node, this.typeLookup);
  }

  /** `interface ToolConfiguration { runtime: Runtime }`, `type Deps = { db: Database } & Base`: the property types. */
  protected recordTypeDecl(stmt: TS.InterfaceDeclaration | TS.TypeAliasDeclaration): void {
    const decl: TypeDecl = { props: {} };
    const readMembers = (members: TS.NodeArray<TS.TypeElement>) => {
      for (const m of members) {
        if (!ts.isPropertySignature(m) || !m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) continue;
        const declared = this.declaredType(m.type);
        if (declared) decl.props[m.name.text] = declared;
      }
    };
    const addBase = (t: TS.TypeNode | TS.ExpressionWithTypeArguments) => {
      const base = ts.isExpressionWithTypeArguments(t) ? (ts.isIdentifier(t.expression) ? this.typeLookup(t.expression.text) : undefined) : this.declaredType(t);
      if (base) (decl.extends ??= []).push(base);
    };
    if (ts.isInterfaceDeclaration(stmt)) {
      readMembers(stmt.members);
      for (const clause of stmt.heritageClauses ?? []) clause.types.forEach(addBase);
    } else {
      const parts = ts.isIntersectionTypeNode(stmt.type) ? stmt.type.types : [stmt.type];
      for (const part of parts) {
        const returned = returnTypeOf(part);
        if (returned) decl.returnOf = this.importVals.get(returned) ?? this.moduleScope.find(returned)?.slot.get() ?? { k: 'ref', name: returned, file: this.file };
        else if (ts.isTypeLiteralNode(part)) readMembers(part.members);
        else addBase(part);
      }
      if (decl.returnOf) decl.props = {};
      if (Object.keys(decl.props).length === 0 && !decl.extends && !decl.returnOf) return;
    }
    (this.facts.types ??= {})[stmt.name.text] = decl;
    this.exportIfMarked(stmt, stmt.name.text);
  }

}

const EMPTY_ALLOW_LIST = /(?:!\s*[\w.]*(?:allow|permit|whitelist|root|dir|director|path)\w*\.length\b|[\w.]*(?:allow|permit|whitelist|root|dir|director|path)\w*\.length\s*(?:===?\s*0|<\s*1|<=\s*0))/i;

/** `ReturnType<typeof createClient>` (or `Awaited<…>` of it): the name of the function. */
function returnTypeOf(node: TS.TypeNode): string | undefined {
  if (!ts.isTypeReferenceNode(node) || !ts.isIdentifier(node.typeName)) return undefined;
  const arg = node.typeArguments?.[0];
  if (node.typeName.text === 'Awaited' && arg) return returnTypeOf(arg);
  if (node.typeName.text !== 'ReturnType' || !arg || !ts.isTypeQueryNode(arg) || !ts.isIdentifier(arg.exprName)) return undefined;
  return arg.exprName.text;
}

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

/** The code between two positions of a file, as a location. */
function spanBetween(sf: TS.SourceFile, from: number, to: number): Location {
  const start = sf.getLineAndCharacterOfPosition(from);
  const end = sf.getLineAndCharacterOfPosition(to);
  return { file: sf.fileName, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
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

function isCallbackOfIteration(node: TS.Node): boolean {
  const parent = node.parent;
  return !!parent && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && CALLBACK_METHODS.test(parent.expression.name.text) && parent.arguments.includes(node as TS.Expression);
}

/** `export default function …`: a declaration carrying both modifiers. */
function isDefaultExport(stmt: TS.FunctionDeclaration): boolean {
  const mods = ts.getModifiers(stmt) ?? [];
  return mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** A default that says nothing about what the parameter is: a literal, `{}`, `[]`, or one leash cannot read. */
function isPlaceholder(val: Val): boolean {
  return val.k === 'lit' || val.k === 'unknown' || (val.k === 'obj' && val.props.length === 0) || (val.k === 'arr' && val.items.length === 0);
}

/** True for `throw x` or a block whose last statement is one. */
function endsByThrowing(stmt: TS.Statement): boolean {
  if (ts.isThrowStatement(stmt)) return true;
  return ts.isBlock(stmt) && stmt.statements.length > 0 && ts.isThrowStatement(stmt.statements[stmt.statements.length - 1]);
}

/**
 * The parameters a function checks and throws on (`if (!/^[\w-]+$/.test(mode)) throw new Error(…)`
 * among its top-level statements): what its narrowing of them holds once it has returned.
 */
function assertedParams(node: TS.SignatureDeclaration, body: TS.Block, narrowing: Narrowing): { param: number; by: ConstraintKind[] }[] {
  // Only a parameter the throwing condition itself tests: `if (answer !== 'yes') throw` after
  // `answer = interrupt({ ref })` is an approval, not a check of `ref`.
  const tested = new Set<string>();
  for (const st of body.statements) {
    if (!ts.isIfStatement(st) || !endsByThrowing(st.thenStatement)) continue;
    const visit = (n: TS.Node): void => {
      if (ts.isIdentifier(n)) tested.add(n.text);
      ts.forEachChild(n, visit);
    };
    visit(st.expression);
  }
  return node.parameters.flatMap((param, index) => {
    const by = ts.isIdentifier(param.name) && tested.has(param.name.text) ? narrowing.get(param.name.text) : undefined;
    return by && by.length > 0 ? [{ param: index, by: [...by] }] : [];
  });
}
