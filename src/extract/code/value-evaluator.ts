/**
 * The value half of a file's extraction: expressions to abstract values (literals, bindings,
 * members, calls, objects, templates), assignments into the bindings they change, and the calls
 * recorded on the function that makes them.
 */
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import type { CallFact, ObjProp, Val } from './facts.js';
import type { Location } from '../../graph/model.js';
import { statementCall, subjectKey } from './guards.js';
import { locationOf } from './parse.js';
import type { CallSite } from './recognizer.js';
import { Scope, type FunctionFrame } from './scope.js';
import { importOf, memberOf, union, unknownVal } from './vals.js';
import { isSecretFallback, looksLikeSecret } from '../credentials.js';
import { ModuleReader } from './module-reader.js';

/** Globals whose members matter: process.env, eval, fetch, Function, Bun.$, Deno.env... */
const KNOWN_GLOBALS = new Set(['process', 'eval', 'Function', 'fetch', 'require', 'Bun', 'Deno', 'globalThis', 'Object', 'JSON', 'Promise', 'Array', 'String', 'Number', 'Boolean', 'console', 'module', 'exports', 'URL', 'Buffer', 'setTimeout', 'Math', 'Date', 'crypto', 'Map', 'WeakMap', 'Set', 'WeakSet']);
export const CALLBACK_METHODS = /^(?:map|flatMap|forEach|reduce|filter)$/;
/** Runtimes whose classes receive the Worker's bindings as `this.env`. */
const WORKER_RUNTIMES = /^(?:agents(?:\/[\w-]+)?|cloudflare:workers|partyserver)$/;

export abstract class ValueEvaluator extends ModuleReader {
  /** A function or class written inside an expression is visited by the statement half. */
  protected abstract visitFunction(node: TS.SignatureDeclaration, name: string, scope: Scope, classId?: string): Val;
  protected abstract visitClass(node: TS.ClassLikeDeclaration, name: string, scope: Scope): Val;
  protected isWorkerClass(classId: string | undefined): boolean {
    const base = classId ? importOf(this.facts.classes[classId]?.extends) : undefined;
    return !!base && WORKER_RUNTIMES.test(base.module);
  }

  // ---------------------------------------------------------------- expressions

  evaluate(node: TS.Expression, scope: Scope, hint?: string): Val {
    const val = this.evaluateInner(node, scope, hint);
    // A variable compared where it is read (`process.env.READ_ONLY === 'true'`) comes back narrowed.
    const read = val.k === 'narrowed' ? val.v : val;
    // `process.env` whose member is read next is not itself a read; a variable is, even when a
    // method is called on it (`process.env.API_KEY?.trim()`).
    const memberTaken = (ts.isPropertyAccessExpression(node.parent) || ts.isElementAccessExpression(node.parent)) && node.parent.expression === node;
    if (read.k === 'env' && !(memberTaken && read.name === '*')) {
      (scope.frame ?? this.topFrame).fact.envReads.push({ name: read.name, loc: read.loc });
    }
    // `process.env[name]` with `name` a parameter: a helper that reads whichever variable its
    // caller names (`envStr('FIGMA_API_KEY')`, `getConfig('token', 'GITLAB_TOKEN')`). The linker
    // turns each call with a literal name into a read at the call site.
    if (read.k === 'member' && read.prop === '[]' && read.obj.k === 'env' && read.obj.name === '*' && read.key?.k === 'param' && read.key.path.length === 0) {
      const owner = this.facts.functions[read.key.fn];
      if (owner && !(owner.envByParam ??= []).includes(read.key.index)) owner.envByParam.push(read.key.index);
    }
    return val;
  }

  /**
   * A program's own words are the best evidence of what a variable holds: "Please provide a
   * personal access token (PAT) … or set SUPABASE_ACCESS_TOKEN" makes that variable a person's token.
   */
  protected notePersonalTokens(text: string): void {
    if (text.length > 400 || !(/personal access token/i.test(text) || /\bPAT\b/.test(text))) return;
    for (const name of text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []) {
      if (!/TOKEN|_PAT$|KEY/.test(name)) continue;
      const list = (this.facts.personalTokens ??= []);
      if (!list.includes(name)) list.push(name);
    }
  }

  protected evaluateInner(node: TS.Expression, scope: Scope, hint?: string): Val {
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
    // `super(...)` / `super.method()` name the class this one extends: `class Toolkit extends
    // McpServer { constructor() { super({ name }) } }` builds an McpServer.
    if (node.kind === ts.SyntaxKind.SuperKeyword) {
      const self = scope.find('this')?.slot.get();
      const base = self?.k === 'this' && self.cls ? this.facts.classes[self.cls]?.extends : undefined;
      return base ?? unknownVal('super of a class leash cannot see');
    }
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
      this.recordCondition(node.condition, node.whenTrue, true, scope);
      this.recordCondition(node.condition, node.whenFalse, false, scope);
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

  /**
   * Notes that the code in `span` runs only when `condition` is truthy (`truthy`) or falsy: when the
   * condition is a name or a property read, possibly negated (`isUrl`, `!options.force`), and its
   * value comes from the function's parameters, so that a caller's arguments can settle it.
   */
  protected recordCondition(condition: TS.Expression, span: TS.Node, truthy: boolean, scope: Scope, spanLocation?: Location): void {
    let subject = condition;
    let negated = false;
    for (;;) {
      if (ts.isParenthesizedExpression(subject)) subject = subject.expression;
      else if (ts.isPrefixUnaryExpression(subject) && subject.operator === ts.SyntaxKind.ExclamationToken) {
        negated = !negated;
        subject = subject.operand;
      } else break;
    }
    // A name or a chain of property reads on one: reading it again records no call.
    let base: TS.Expression = subject;
    while (ts.isPropertyAccessExpression(base)) base = base.expression;
    if (!ts.isIdentifier(base) || !makesCall(span)) return;
    const on = this.evaluate(subject, scope);
    if (!readsParam(on)) return;
    const frame = scope.frame ?? this.topFrame;
    (frame.fact.conditions ??= []).push({ on, truthy: truthy !== negated, span: spanLocation ?? locationOf(this.sf, span) });
  }

  protected narrow(node: TS.Node, scope: Scope, val: Val): Val {
    const key = subjectKey(node);
    const frame = scope.frame ?? this.topFrame;
    const kinds = key ? frame.narrowing.get(key) : undefined;
    return kinds ? { k: 'narrowed', v: val, by: kinds } : val;
  }

  protected lookup(name: string, scope: Scope, node: TS.Node): Val {
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

  protected evaluateObject(node: TS.ObjectLiteralExpression, scope: Scope): Val {
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

  protected propertyKey(name: TS.PropertyName, scope: Scope): string | null {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const key = this.evaluate(name.expression, scope);
      return key.k === 'lit' && key.v !== null ? String(key.v) : null;
    }
    return null;
  }

  protected evaluateBinary(node: TS.BinaryExpression, scope: Scope, hint?: string): Val {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) return this.assign(node.left, this.evaluate(node.right, scope, hintOf(node.left) ?? hint), scope);
    if (op === ts.SyntaxKind.PlusEqualsToken) return this.assign(node.left, { k: 'tmpl', parts: [this.evaluate(node.left, scope), this.evaluate(node.right, scope)] }, scope);
    if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return this.assign(node.left, this.evaluate(node.right, scope, hint), scope);
    const left = this.evaluate(node.left, scope, hint);
    // `flag && run(x)` runs only when the flag is set; `flag || run(x)` only when it is not.
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) this.recordCondition(node.left, node.right, op === ts.SyntaxKind.AmpersandAmpersandToken, scope);
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
  protected assign(target: TS.Expression, val: Val, scope: Scope): Val {
    if (ts.isIdentifier(target)) {
      const found = scope.find(target.text);
      if (found) {
        const before = found.slot.get();
        found.slot.set(before.k === 'unknown' ? val : union([before, val]));
        if (found.frame && found.frame === scope.frame) this.noteFlag(target.text, val, scope, found.frame);
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
      for (const recognizer of this.active) if (key && recognizer.assignment?.(owner, key, val, loc)) return val;
      // `this.x = v` in a method, and `ClassName.instance = new ClassName()` (a static field).
      const classRef = owner.k === 'ref' && owner.file === this.file ? (owner.name.startsWith('class:') ? owner : this.facts.bindings[owner.name]) : undefined;
      const classId = owner.k === 'this' ? owner.cls : classRef?.k === 'ref' && classRef.name.startsWith('class:') ? `${this.file}#${classRef.name}` : undefined;
      if (classId && key) {
        const cls = this.facts.classes[classId];
        if (cls) cls.props[key] = cls.props[key] ? union([cls.props[key], val]) : val;
        return val;
      }
      // A method of an object made elsewhere replaced by a wrapper (`server.addTool = (tool) => { …;
      // addTool(guard(tool)) }` on a framework's server): calls made through it still reach the
      // original method, and recognizers still see them as what they are.
      const monkeyPatch = val.k === 'fn' && (owner.k === 'agent' || owner.k === 'server' || owner.k === 'call' || owner.k === 'new');
      const slot = monkeyPatch ? undefined : this.slotOf(target.expression, scope);
      // A field written on an object a call handed out: recorded for the linker, which knows
      // when that object is one a map holds.
      if (key && (owner.k === 'call' || (owner.k === 'union' && owner.options.some((o) => o.k === 'call')))) {
        const frame = (scope.frame ?? this.topFrame).fact;
        (frame.fieldWrites ??= []).push({ obj: owner, key, v: val });
      }
      if (slot) {
        const current = slot.get();
        if (current.k === 'obj') current.props.push({ key, v: val, loc });
        // A default filled in on a value the code did not build here (`if (!params.arguments)
        // params.arguments = {}`, `opts.env ??= {}`) leaves what was there when there was
        // something: the read is either. Any other write replaces it (`params[key] = await
        // validated(value)`, also under a condition that the field is set).
        else slot.set({ k: 'obj', props: [{ key: null, v: current, spread: true }, { key, v: key !== null && current.k !== 'unknown' && fillsDefault(target) ? union([memberOf(current, key), val]) : val, loc }] });
      }
      return val;
    }
    return val;
  }

  protected propertyKeyOfElement(target: TS.ElementAccessExpression, scope: Scope): string | null {
    const key = this.evaluate(target.argumentExpression, scope);
    return key.k === 'lit' && key.v !== null ? String(key.v) : null;
  }

  protected commonJsExport(val: Val): Val {
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

  /**
   * Remembers which block sets a local flag to `true`, and so what that block assigned alongside
   * it (read live: an assignment after the flag's counts too). A flag set anywhere else, or to
   * anything but a literal, correlates with nothing.
   */
  private noteFlag(name: string, val: Val, scope: Scope, frame: FunctionFrame): void {
    scope.assignedHere.set(name, val);
    const flags = (frame.setTrueWith ??= new Map());
    if (val.k === 'lit' && (val.v === false || val.v === null)) return;
    flags.set(name, val.k === 'lit' && val.v === true && !flags.has(name) ? scope.assignedHere : null);
  }

  /** The mutable binding behind an expression, for `x.push(...)`, `x[k] = v`, `Object.assign(x, ...)`. */
  protected slotOf(expr: TS.Expression, scope: Scope): { get(): Val; set(v: Val): void } | undefined {
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

  protected evaluateCall(node: TS.CallExpression | TS.NewExpression, scope: Scope, hint?: string): Val {
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

    const lookup = ts.isCallExpression(node) && callee.k === 'member' ? this.lookupOf(node, callee.obj, scope) : undefined;
    if (lookup) {
      this.recordCall(frame, callee, calleeText, args, node);
      return lookup;
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
      const recognized = recognizer.call?.(site);
      if (recognized) return recognized;
    }
    return this.recordCall(frame, callee, calleeText, args, node, ts.isNewExpression(node) ? 'new' : 'call');
  }

  /**
   * `list.find((t) => t.method === method)`: the element whose field equals the value, kept as a
   * lookup so that a caller's literal (a tool's own name) picks the one element it names.
   */
  protected lookupOf(node: TS.CallExpression, list: Val, scope: Scope): Val | undefined {
    const predicate = node.arguments[0];
    if (!ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 'find' || node.arguments.length !== 1 || !predicate) return undefined;
    if (!(ts.isArrowFunction(predicate) || ts.isFunctionExpression(predicate)) || predicate.parameters.length !== 1) return undefined;
    const param = predicate.parameters[0].name;
    if (!ts.isIdentifier(param)) return undefined;
    let body: TS.Node | undefined = predicate.body;
    if (ts.isBlock(body)) body = body.statements.length === 1 && ts.isReturnStatement(body.statements[0]) ? body.statements[0].expression : undefined;
    while (body && ts.isParenthesizedExpression(body)) body = body.expression;
    if (!body || !ts.isBinaryExpression(body)) return undefined;
    const op = body.operatorToken.kind;
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
    const fieldPath = (side: TS.Expression): string[] | undefined => {
      if (ts.isIdentifier(side)) return side.text === param.text ? [] : undefined;
      if (!ts.isPropertyAccessExpression(side)) return undefined;
      const inner = fieldPath(side.expression);
      return inner ? [...inner, side.name.text] : undefined;
    };
    // The other side is a name, a property read or a literal that does not mention the element.
    const plain = (side: TS.Expression): boolean => ts.isStringLiteral(side) || ts.isNumericLiteral(side) || (ts.isIdentifier(side) && side.text !== param.text) || (ts.isPropertyAccessExpression(side) && plain(side.expression));
    const [field, other] = fieldPath(body.left)?.length ? [fieldPath(body.left)!, body.right] : fieldPath(body.right)?.length ? [fieldPath(body.right)!, body.left] : [undefined, undefined];
    if (!field || !other || !plain(other)) return undefined;
    return { k: 'member', obj: list, prop: '[]', key: this.evaluate(other, scope), where: field };
  }

  protected evaluateTagged(node: TS.TaggedTemplateExpression, scope: Scope, hint?: string): Val {
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
      const recognized = recognizer.call?.(site);
      if (recognized) return recognized;
    }
    const fact: CallFact = { callee, calleeText: site.calleeText, args, tagged: true, loc: site.loc };
    frame.fact.calls.push(fact);
    return { k: 'call', callee, args, loc: site.loc };
  }

  protected recordCall(frame: FunctionFrame, callee: Val, calleeText: string, args: Val[], node: TS.Node, kind: 'call' | 'new' = 'call'): Val {
    const loc = locationOf(this.sf, node);
    frame.fact.calls.push({ callee, calleeText, args, loc, ...(ts.isCallExpression(node) && statementCall(node) ? { statement: true } : {}) });
    return kind === 'new' ? { k: 'new', callee, args, loc } : { k: 'call', callee, args, loc };
  }

  protected appendTo(target: TS.Expression, items: Val[], scope: Scope): boolean {
    const slot = this.slotOf(target, scope);
    if (!slot && ts.isPropertyAccessExpression(target)) {
      // `agent.tools.push(extra)` after construction
      const owner = this.evaluate(target.expression, scope);
      const loc = locationOf(this.sf, target);
      return this.active.some((r) => r.assignment?.(owner, target.name.text, { k: 'arr', items }, loc));
    }
    if (!slot) return false;
    const current = slot.get();
    // `push` on an object made here (`new GitProvider()`, `{ … }`, `this`) is a method call, not an
    // array growing: it is recorded as a call and the binding keeps its value.
    if (/^(?:this|new|obj)$/.test(current.k)) return false;
    if (current.k === 'arr') current.items.push(...items);
    else slot.set({ k: 'arr', items: [{ k: 'spread', v: current }, ...items] });
    // On a parameter or a field it may be either (`tools.push(extra)`, `provider.push(options)` on
    // a git provider): the binding grows as an array would, and the call is recorded too, so a
    // method of that name is still followed.
    return !/^(?:param|member)$/.test(current.k);
  }

  protected mergeInto(target: TS.Expression, sources: Val[], scope: Scope): void {
    const slot = this.slotOf(target, scope);
    if (!slot) return;
    const current = slot.get();
    const spreads = sources.map((v): ObjProp => ({ key: null, v, spread: true }));
    if (current.k === 'obj') current.props.push(...spreads);
    else slot.set({ k: 'obj', props: [{ key: null, v: current, spread: true }, ...spreads] });
  }
}

function hintOf(target: TS.Expression): string | undefined {
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target)) return target.name.text;
  if (ts.isElementAccessExpression(target) && ts.isStringLiteral(target.argumentExpression)) return target.argumentExpression.text;
  return undefined;
}

/**
 * Whether an assignment fills in a default: `x.f ??= v`, `x.f ||= v`, or `x.f = v` in the `then`
 * of an `if` that tests the same field is missing (`!x.f`, `x.f === undefined`, `x.f == null`).
 */
function fillsDefault(target: TS.Expression): boolean {
  const written = target.getText().replace(/\?\./g, '.').replace(/\s+/g, '');
  const assignment = target.parent;
  if (ts.isBinaryExpression(assignment) && assignment.left === target && (assignment.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken || assignment.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken)) return true;
  for (let at: TS.Node = assignment; at && !ts.isFunctionLike(at) && !ts.isSourceFile(at); at = at.parent) {
    const parent = at.parent;
    if (!parent || !ts.isIfStatement(parent) || parent.thenStatement !== at) continue;
    const test = parent.expression.getText().replace(/\?\./g, '.').replace(/\s+/g, '');
    if (test === `!${written}` || new RegExp(`^${escapeRegExp(written)}(?:===?undefined|==null|===null)$`).test(test)) return true;
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a value is read, in part, from a parameter (of this function or an enclosing one). */
function readsParam(val: Val, depth = 0): boolean {
  if (depth > 8) return false;
  switch (val.k) {
    case 'param':
      return true;
    case 'member':
      return readsParam(val.obj, depth + 1);
    case 'narrowed':
      return readsParam(val.v, depth + 1);
    case 'union':
      return val.options.some((o) => readsParam(o, depth + 1));
    default:
      return false;
  }
}

/** Whether code calls anything (only such code can reach a sink): `opts.cwd || process.cwd()` does, `opts.cwd || '.'` does not. */
function makesCall(node: TS.Node): boolean {
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) return true;
  return ts.forEachChild(node, makesCall) ?? false;
}
