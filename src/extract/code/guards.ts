/**
 * Finds the checks in a function body that narrow a value before it is used: an allowlist
 * (`ALLOWED.includes(cmd)`, `set.has(x)`, `x === 'status'` leading away from an exit), a
 * `switch` over literals, an anchored regex test, a path confined under a root
 * (`resolved.startsWith(root + sep)`, `path.relative` checks).
 *
 * Denylists are not constraints: `if (BLOCKED.includes(cmd)) throw ...` narrows nothing,
 * and neither does a check whose failing branch carries on.
 */
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import type { ConstraintKind } from '../../graph/model.js';

export type Narrowing = Map<string, ConstraintKind[]>;

/** A validator of the paths an object holds: `validateToolFiles`, `verifyFilePaths`, `sanitizePaths`. */
const FILES_VALIDATOR = /^(?:validate|assert|sanitize|confine)\w*(?:Files|Paths|FilePaths)$/;

/** Validator functions by name: `isPathAllowed`, `assertWithinRoot`, `validateCommand`... */
const VALIDATOR = /^(?:is|check|assert|validate|ensure|verify)\w*(?:Allowed|Safe|Permitted|Inside|Within|Whitelisted|Allowlisted|InRoot|InWorkspace)\w*$|^(?:assert|ensure)(?:Inside|Within|Under)\w*$/;

const DENY_NAME = /block|deny|denied|forbid|ban|danger|blacklist|disallow|reject|unsafe/i;
const PATH_CALL = /^(?:resolve|join|normalize|realpath|realpathSync)$/;

/** Text that every guard form contains; a body without any of it has no guard (the common case). */
const GUARD_HINT = /\.(?:includes|has|indexOf|some|every|test|match|startsWith|relative)\(|\bswitch\s*\(|[=!]==?|(?:Files|Paths)\s*\(/;
const GUARD_HINT_ALL = new RegExp(GUARD_HINT.source, 'g');
/** Where the guard hints of a file are, found once per file: each body asks a range of it. */
const hintOffsets = new WeakMap<TS.SourceFile, number[]>();

function hasHintWithin(sf: TS.SourceFile, start: number, end: number): boolean {
  let offsets = hintOffsets.get(sf);
  if (!offsets) {
    offsets = [...sf.text.matchAll(GUARD_HINT_ALL)].map((m) => m.index ?? 0);
    hintOffsets.set(sf, offsets);
  }
  // The first hint at or after `start`, by binary search.
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < offsets.length && offsets[lo] < end;
}
/** The URL in a subject that is its destination: `target` in `target.hostname`. */
const HOST_OF_URL = /^(.+)\.(?:hostname|host|origin)$/;

export function findNarrowing(body: TS.Node): Narrowing {
  const narrowed: Narrowing = new Map();
  const sf = body.getSourceFile();
  if (!hasHintWithin(sf, body.pos, body.end)) return narrowed;
  const derivations = new Map<string, { roots: Set<string>; path: boolean }>();
  const add = (name: string | undefined, kind: ConstraintKind) => {
    if (!name) return;
    const list = narrowed.get(name) ?? [];
    if (!list.includes(kind)) list.push(kind);
    narrowed.set(name, list);
    // A URL whose host is checked (`isAllowedHost(target.hostname)`) goes only where the check
    // allows: the URL itself is confined for the requests it is handed to. Only a variable that
    // holds a URL (`new URL(…)`, typed `URL`): `parsed.origin === 'ui'` checks some other field.
    const url = HOST_OF_URL.exec(name)?.[1];
    if (url && urls.has(url) && (kind === 'allowlist' || kind === 'pattern')) add(url, kind);
  };
  const urls = new Set<string>();

  // One walk: the derivations first (a check may name a variable declared anywhere in the body),
  // the checks afterwards, from the nodes the walk kept.
  const checks: TS.Node[] = [];
  visitOwnBody(body, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && ((node.type && node.type.getText() === 'URL') || (node.initializer && isNewUrl(node.initializer)))) urls.add(node.name.text);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && isNewUrl(node.right)) urls.add(node.left.text);
    if (ts.isVariableDeclaration(node) && node.initializer) {
      // Reading a property (`const action = args.action`, `const { name, arguments: args } =
      // request.params`) says nothing about the rest of the object: only a transformation of the
      // whole value (`const [bin] = cmd.split(' ')`, `const { hostname } = new URL(url)`) carries
      // a check back to its source.
      const roots = new Set<string>();
      if (transformsValue(node.initializer)) collectIdentifiers(node.initializer, roots);
      const path = isPathCall(node.initializer);
      for (const name of boundNames(node.name)) derivations.set(name, { roots, path });
    } else if (ts.isCallExpression(node) || ts.isBinaryExpression(node) || ts.isSwitchStatement(node)) checks.push(node);
  });

  for (const node of checks) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = node.expression.expression;
      const arg = node.arguments[0];
      const checked = arg && checkedSubject(arg);
      if ((method === 'includes' || method === 'has' || method === 'indexOf') && checked) {
        if (!DENY_NAME.test(receiver.getText()) && !mentions(receiver, subjectRoot(checked)) && (allowPolarity(node) || (method !== 'has' && returnsWhenAllowed(node, subjectRoot(checked))))) add(subjectKey(checked), 'allowlist');
      } else if (method === 'some' || method === 'every') {
        // ALLOWED_PREFIXES.some((p) => cmd.startsWith(p))
        const callback = arg && (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) ? arg : undefined;
        if (callback && !DENY_NAME.test(receiver.getText()) && allowPolarity(node)) {
          visitOwnBody(callback.body, (inner) => {
            if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && /^(?:startsWith|endsWith|includes)$/.test(inner.expression.name.text) && isSubject(inner.expression.expression)) {
              add(subjectKey(inner.expression.expression), 'allowlist');
            }
          });
        }
      } else if (method === 'startsWith' && isSubject(receiver) && arg) {
        const key = subjectKey(receiver);
        const derived = key ? derivations.get(key) : undefined;
        if (derived?.path && allowPolarity(node)) add(key, 'path-confined');
      } else if (method === 'test' && arg && isSubject(arg) && isAnchoredRegex(receiver) && allowPolarity(node)) {
        add(subjectKey(arg), 'pattern');
      } else if (method === 'match' && isSubject(receiver) && arg && isAnchoredRegex(arg) && allowPolarity(node)) {
        add(subjectKey(receiver), 'pattern');
      } else if (method === 'relative' && node.arguments.length === 2 && isSubject(node.arguments[1])) {
        // path.relative(root, target) then a `..` / isAbsolute check confines target.
        const parent = node.parent;
        const checked = containingCondition(node) || (ts.isVariableDeclaration(parent) && parent.initializer === node);
        if (checked) add(subjectKey(node.arguments[1]), 'path-confined');
      }
    }
    // `if (!isPathAllowed(p)) throw ...`, `assertInsideRoot(p)`: a named validator the project wrote.
    if (ts.isCallExpression(node) && node.arguments[0] && isSubject(node.arguments[0])) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (VALIDATOR.test(name) && (ts.isExpressionStatement(node.parent) || allowPolarity(node))) add(subjectKey(node.arguments[0]), 'allowlist');
    }
    // `await validateToolFiles(tool, params, context)`: a validator of the files an input object
    // names, run as a statement before the input is used (it throws, or rewrites the paths it
    // confines): the object's paths are confined from then on.
    if (ts.isCallExpression(node) && statementCall(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (FILES_VALIDATOR.test(name)) for (const arg of node.arguments) if (isSubject(arg)) add(subjectKey(arg), 'path-confined');
    }
    if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind)) {
      const [subject, other] = isLiteral(node.right) ? [node.left, node.right] : isLiteral(node.left) ? [node.right, node.left] : [];
      if (subject && other && isSubject(subject) && allowPolarity(node)) add(subjectKey(subject), 'allowlist');
    }
    if (ts.isSwitchStatement(node) && isSubject(node.expression)) {
      const clauses = node.caseBlock.clauses;
      const cases = clauses.filter(ts.isCaseClause);
      const fallback = clauses.find(ts.isDefaultClause);
      const literalCases = cases.length > 0 && cases.every((c) => isLiteral(c.expression));
      if (literalCases && (!fallback || exits(fallback.statements))) add(subjectKey(node.expression), 'enum');
    }
  }

  // A check on a value derived from another (`const [bin] = cmd.split(' ')`) narrows its source too,
  // unless the derivation is a path operation: confining `resolved` says nothing about the raw input.
  for (const [name, kinds] of [...narrowed]) {
    const derived = derivations.get(name);
    if (!derived || derived.path) continue;
    for (const root of derived.roots) if (derivations.has(root) || !narrowed.has(root)) for (const k of kinds) add(root, k);
  }
  // realpath + startsWith and resolve + startsWith both confine the resolved name only.
  return narrowed;
}

/** The key a narrowing is recorded under: an identifier or a dotted property chain (`input.path`). */
export function subjectKey(node: TS.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const inner = subjectKey(node.expression);
    return inner ? `${inner}.${node.name.text}` : undefined;
  }
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) return subjectKey(node.expression);
  return undefined;
}

/**
 * The value a membership test checks: the subject itself (`ALLOWED.has(host)`), a transformation
 * of it taken in place (`ALLOWED.includes(normalise(cmd))`, the same check as through a variable),
 * or the destination a URL names (`ALLOWED.has(new URL(url).hostname)`). Other parts of a URL
 * (`.protocol`, `.pathname`) leave its host open and narrow nothing.
 */
function checkedSubject(node: TS.Expression): TS.Expression | undefined {
  if (isSubject(node)) return node;
  let expr: TS.Expression = node;
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (ts.isPropertyAccessExpression(expr)) {
    if (!URL_DESTINATION.test(expr.name.text)) return undefined;
    expr = expr.expression;
    while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  }
  if (!ts.isNewExpression(expr) && !ts.isCallExpression(expr)) return undefined;
  const first = expr.arguments?.[0];
  return first && isSubject(first) ? first : undefined;
}

/** The parts of a parsed URL that name where a request goes. */
const URL_DESTINATION = /^(?:hostname|host|origin)$/;

function isSubject(node: TS.Node): boolean {
  return subjectKey(node) !== undefined;
}

function subjectRoot(node: TS.Node): string | undefined {
  return subjectKey(node)?.split('.')[0];
}

function mentions(node: TS.Node, name: string | undefined): boolean {
  if (!name) return false;
  const ids = new Set<string>();
  collectIdentifiers(node, ids);
  return ids.has(name);
}

/**
 * Whether a test acts as an allowlist where it stands. In an `if` whose then-branch exits,
 * the test must be negated (`if (!ok) throw`); a positive test that exits is a denylist.
 * A test guarding the work itself (`if (ok) { run() }`), a ternary or an assertion is an allowlist.
 */
function allowPolarity(test: TS.Node): boolean {
  let negated = ts.isBinaryExpression(test) && isNegativeEquality(test.operatorToken.kind);
  let node: TS.Node = test;
  while (node.parent) {
    const parent: TS.Node = node.parent;
    if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) negated = !negated;
    else if (ts.isBinaryExpression(parent) && isEquality(parent.operatorToken.kind)) {
      // `list.includes(x) === false`, `list.indexOf(x) === -1`
      const other = (parent.left === node ? parent.right : parent.left).getText();
      const negative = isNegativeEquality(parent.operatorToken.kind);
      if (other === 'false' || other === '-1') negated = !negated;
      if (negative) negated = !negated;
    } else if (!(ts.isParenthesizedExpression(parent) || (ts.isBinaryExpression(parent) && isLogical(parent.operatorToken.kind)))) {
      if (ts.isIfStatement(parent) && parent.expression === node) {
        const thenExits = exits(ts.isBlock(parent.thenStatement) ? parent.thenStatement.statements : [parent.thenStatement]);
        return thenExits ? negated : !negated;
      }
      return true;
    }
    node = parent;
  }
  return true;
}

/**
 * `if (specs.includes(file)) return { file };` with no other return of `file` after it: the
 * value leaves the function only when it is on the list. (A positive test that throws or returns
 * something else is a denylist; `allowPolarity` says so. A cache, `if (cache.has(k)) return
 * cache.get(k)`, returns what it holds for the key, not the key: `has` never counts here.)
 */
function returnsWhenAllowed(test: TS.Node, subject: string | undefined): boolean {
  if (!subject) return false;
  let node: TS.Node = test;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || (ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken))) node = node.parent;
  const statement = node.parent;
  if (!statement || !ts.isIfStatement(statement) || statement.expression !== node) return false;
  const then = ts.isBlock(statement.thenStatement) ? statement.thenStatement.statements : [statement.thenStatement];
  const last = then[then.length - 1];
  if (!last || !ts.isReturnStatement(last) || !last.expression || !carries(last.expression, subject)) return false;
  const block = statement.parent;
  if (!ts.isBlock(block)) return false;
  const after = block.statements.slice(block.statements.indexOf(statement as TS.Statement) + 1);
  let returnedAfter = false;
  for (const later of after) {
    visitOwnBody(later, (inner) => {
      if (ts.isReturnStatement(inner) && inner.expression && mentions(inner.expression, subject)) returnedAfter = true;
    });
  }
  return !returnedAfter;
}

/** The value itself is (part of) what an expression gives: `x`, `{ file: x }`, `[x]`, not `cache.get(x)`. */
function carries(expr: TS.Node, subject: string): boolean {
  if (ts.isIdentifier(expr)) return expr.text === subject;
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isAwaitExpression(expr)) return carries(expr.expression, subject);
  if (ts.isObjectLiteralExpression(expr)) return expr.properties.some((p) => (ts.isPropertyAssignment(p) ? carries(p.initializer, subject) : ts.isShorthandPropertyAssignment(p) && p.name.text === subject));
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.some((e) => carries(e, subject));
  return false;
}

/** The `!==` of `x !== 'status'` makes the test negative by itself. */
function isNegativeEquality(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
}

function isEquality(kind: TS.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsToken ||
    isNegativeEquality(kind)
  );
}

function isLogical(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken;
}

function containingCondition(node: TS.Node): boolean {
  for (let at: TS.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isIfStatement(at) || ts.isConditionalExpression(at)) return true;
    if (ts.isBlock(at) || ts.isFunctionLike(at)) return false;
  }
  return false;
}

export function exits(statements: readonly TS.Statement[] | TS.NodeArray<TS.Statement>): boolean {
  return statements.some(
    (s) =>
      ts.isThrowStatement(s) ||
      ts.isReturnStatement(s) ||
      ts.isContinueStatement(s) ||
      (ts.isExpressionStatement(s) && /^process\.exit\(/.test(s.expression.getText())) ||
      (ts.isBlock(s) && exits(s.statements)),
  );
}

function isLiteral(node: TS.Node): boolean {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node);
}

function isAnchoredRegex(node: TS.Node): boolean {
  if (!ts.isRegularExpressionLiteral(node)) return false;
  const source = node.text.slice(1, node.text.lastIndexOf('/'));
  return source.startsWith('^') && source.endsWith('$') && !/\.\*|\.\+/.test(source);
}

function transformsValue(node: TS.Expression): boolean {
  let expr: TS.Expression = node;
  while (ts.isAwaitExpression(expr) || ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  if (ts.isElementAccessExpression(expr)) expr = expr.expression;
  // The destination a parsed URL names (`new URL(url).hostname`) carries a check back to the URL.
  if (ts.isPropertyAccessExpression(expr) && URL_DESTINATION.test(expr.name.text)) {
    expr = expr.expression;
    while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  }
  return ts.isCallExpression(expr) || ts.isNewExpression(expr);
}

function isNewUrl(node: TS.Node): boolean {
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL';
}

function isPathCall(node: TS.Node): boolean {
  let expr = node;
  while (ts.isAwaitExpression(expr) || ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (!ts.isCallExpression(expr)) return false;
  const callee = expr.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  return PATH_CALL.test(name);
}

function boundNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)));
}

function collectIdentifiers(node: TS.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) into.add(node.text);
  ts.forEachChild(node, (child) => {
    // `obj.prop`: the property name is not a variable; a nested function is not a derivation.
    if (ts.isPropertyAccessExpression(node) && child === node.name) return;
    if (ts.isFunctionLike(child)) return;
    collectIdentifiers(child, into);
  });
}

/** Visits a function body without descending into nested functions (they get their own scan). */
function visitOwnBody(body: TS.Node, visit: (node: TS.Node) => void): void {
  const walk = (node: TS.Node) => {
    visit(node);
    ts.forEachChild(node, (child) => {
      if (ts.isFunctionLike(child) && !isInlineCallback(child)) return;
      walk(child);
    });
  };
  walk(body);
}

/** Arrow callbacks of `.some`/`.every`/`.filter` run inline; their checks belong to the enclosing body. */
function isInlineCallback(fn: TS.Node): boolean {
  const parent = fn.parent;
  return !!parent && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && /^(?:some|every|filter|find)$/.test(parent.expression.name.text);
}

/** A call made for its effect alone (`validate(x);`, `await validate(x);`), whose result nothing reads. */
export function statementCall(node: TS.CallExpression): boolean {
  let at: TS.Node = node.parent;
  while (ts.isAwaitExpression(at) || ts.isParenthesizedExpression(at)) at = at.parent;
  return ts.isExpressionStatement(at);
}
