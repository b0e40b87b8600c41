/**
 * MCP TypeScript SDK servers (v1 `@modelcontextprotocol/sdk`, v2 `@modelcontextprotocol/server`):
 * `McpServer.registerTool` / `.tool`, and the low-level `Server` whose `CallToolRequestSchema`
 * handler dispatches on the tool name (each `case` or `if (name === ...)` branch is a tool).
 *
 * An MCP server exposes its tools to whatever client connects to it: leash represents the server
 * itself as an agent-like node (framework `mcp`), so that its tools have something to hang on and
 * the report can say "MCP server `files` exposes ...".
 */
import type * as TS from 'typescript';
import { ts } from '../typescript.js';
import type { Location } from '../../../graph/model.js';
import type { Val } from '../facts.js';
import type { CallSite, Recognizer, StatefulContext } from '../recognizer.js';
import { withState } from '../recognizer.js';
import { isImportOf, memberOf, methodOf, prop, stringOf, wrappedFunction } from '../vals.js';
import { ANNOTATION_KEYS, dynamicText, nameHint, readAnnotations } from './common.js';

const SERVER_MODULES = /^@modelcontextprotocol\/(?:sdk\/server\/(?:mcp|index)(?:\.js)?|server)$/;
const TYPES_MODULES = /^@modelcontextprotocol\/(?:sdk\/types(?:\.js)?|server|sdk\/server\/index(?:\.js)?)$/;

/** Vercel's route adapter: `createMcpHandler((server) => { server.tool(…) }, serverOptions, config)`. */
const HANDLER_MODULES = /^(?:mcp-handler|@vercel\/mcp-adapter)$/;

/**
 * What a file has shown so far: its ListTools handlers (the JSON schemas of low-level tools come
 * from them), shared by reference so that one registered after the CallTool handler still counts.
 */
interface FileState {
  listHandlers: (Val | undefined)[];
}

type Ctx = StatefulContext<FileState>;

export const mcpServer: Recognizer = {
  framework: 'mcp',
  // `agents/mcp` (Cloudflare's McpAgent) holds an SDK `McpServer` in a field; its tools are SDK calls.
  modules: /^(?:@modelcontextprotocol\/(?:sdk(?:\/.*)?|server(?:\/.*)?)|mcp-handler|@vercel\/mcp-adapter|agents\/mcp)$/,
  create(base) {
    const ctx = withState<FileState>(base, { listHandlers: [] });
    return { call: (site) => visitCall(site, ctx) };
  },
};

function visitCall(site: CallSite, ctx: Ctx): Val | undefined {
  if (site.kind === 'new' && isImportOf(site.callee, SERVER_MODULES, ['McpServer', 'Server'])) return defineServer(site, ctx);
  // `class StripeToolkit extends McpServer { constructor() { super({ name }); this.tool(…) } }`:
  // the subclass is the server, and `this` inside it is that server.
  if (site.kind === 'call' && site.calleeText === 'super' && isImportOf(site.callee, SERVER_MODULES, ['McpServer', 'Server'])) return defineServer(site, ctx, enclosingClassName(site.node));
  if (site.kind === 'call' && isImportOf(site.callee, HANDLER_MODULES, ['createMcpHandler', 'createServerResponseAdapter'])) return routeHandlerServer(site, ctx);
  const call = methodOf(site.callee);
  if (site.kind !== 'call' || !call) return undefined;
  const method = call.method;
  if (method === 'registerTool') return registerTool(site, ctx);
  if (method === 'tool') return legacyTool(site, ctx);
  if (method === 'setRequestHandler' && isImportOf(site.args[0], TYPES_MODULES, 'CallToolRequestSchema')) return callToolHandler(site, ctx);
  if (method === 'setRequestHandler' && isImportOf(site.args[0], TYPES_MODULES, 'ListToolsRequestSchema')) {
    ctx.state.listHandlers.push(site.args[1]);
    return { k: 'lit', v: null };
  }
  return undefined;
}

function defineServer(site: CallSite, ctx: Ctx, subclass?: string): Val {
  const info = site.args[0];
  const name = stringOf(prop(info, 'name')) ?? subclass ?? nameHint(site, 'mcp-server');
  const construct = subclass ? `class ${subclass} extends McpServer` : (site.calleeText.replace(/^new /, '').split('.').pop() ?? 'McpServer');
  const selfClass = subclass ? { selfClass: `${ctx.file}#class:${subclass}` } : {};
  const server = ctx.addAgent({ framework: 'mcp', construct, name, gates: [], audits: [], loc: site.loc, attrs: { exposure: 'mcp-server', ...selfClass } }, name);
  // The value of `super(...)` is not the server: `this` is, and the registry finds it by its class.
  return subclass ? { k: 'lit', v: null } : server;
}

/** The name of the class whose constructor holds this node. */
function enclosingClassName(node: TS.Node): string | undefined {
  for (let at: TS.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isClassLike(at)) return at.name?.text;
  }
  return undefined;
}

/**
 * The adapter builds an `McpServer` per request and hands it to the initialiser: the server is
 * the initialiser's first parameter, so tools registered on it belong to this server.
 */
function routeHandlerServer(site: CallSite, ctx: Ctx): Val | undefined {
  const [init, serverOptions, config] = site.args;
  if (!init) return undefined;
  const name = stringOf(prop(prop(serverOptions, 'serverInfo'), 'name')) ?? nameHint(site, 'mcp-server');
  const onEvent = prop(config, 'onEvent') ?? prop(serverOptions, 'onEvent');
  return ctx.addAgent(
    {
      framework: 'mcp',
      construct: 'createMcpHandler',
      name,
      gates: [],
      // `onEvent` receives every request with its method and parameters: a record of each call.
      audits: onEvent ? [{ mechanism: 'onEvent', enabled: true, loc: site.loc }] : [],
      loc: site.loc,
      attrs: { exposure: 'mcp-server', callbackArgs: [{ fn: init, index: 0 }] },
    },
    name,
  );
}

function registerTool(site: CallSite, ctx: Ctx): Val | undefined {
  const [nameArg, config, handler] = site.args;
  if (!nameArg || !handler || (config && config.k !== 'obj' && config.k !== 'ref' && config.k !== 'import' && config.k !== 'member' && config.k !== 'param')) return undefined;
  // A name computed at run time (`metadata.name`, `${base}_${source}`) is resolved by the linker.
  const name = stringOf(nameArg);
  // A registration wrapper hands its own parameters on (`registerTool(name, config, callback)`):
  // the fields are its callers' (`config.inputSchema`), read once the linker binds each call.
  const field = (key: string) => (config?.k === 'param' ? memberOf(config, key) : prop(config, key));
  return addMcpTool(site, ctx, { name: name ?? '', ...(name ? {} : { nameVal: nameArg }), description: field('description'), schema: field('inputSchema'), annotations: field('annotations'), handler, receiver: methodOf(site.callee)!.receiver, construct: 'registerTool', schemaLoc: config?.k === 'obj' ? config.props.find((p) => p.key === 'inputSchema')?.loc : undefined });
}

/**
 * `server.tool(name, cb)`, `(name, description, cb)`, `(name, shapeOrAnnotations, cb)`,
 * `(name, description, shape, cb)`, `(name, shape, annotations, cb)`, `(name, description, shape, annotations, cb)`.
 */
function legacyTool(site: CallSite, ctx: Ctx): Val | undefined {
  const [nameArg, ...rest] = site.args;
  // A name computed at run time (`tool.method` in a loop over definitions) is resolved by the linker.
  const name = stringOf(nameArg);
  const handler = rest[rest.length - 1];
  // The callback may come wrapped (`wrapToolHandler(tool.name, handler)`, `withAuth(cb)`): the linker follows the closure the call returns.
  if (!nameArg || !handler || !['fn', 'ref', 'import', 'call', 'member', 'param'].includes(handler.k)) return undefined;
  // Otherwise only a name the linker can follow: an element's field, or a wrapper's parameter.
  // (`toolName || 'web_search'` too: the parameter, or its default when a call leaves it out.)
  const defaulted = nameArg.k === 'union' && nameArg.options.some((o) => o.k === 'param') && nameArg.options.some((o) => stringOf(o) !== undefined);
  if (!name && !site.repeated && nameArg.k !== 'member' && nameArg.k !== 'param' && !defaulted) return undefined;
  let description: Val | undefined;
  let schema: Val | undefined;
  let annotations: Val | undefined;
  const middle = rest.slice(0, -1);
  // Three arguments between the name and the callback can only be (description, shape, annotations),
  // whatever their values look like (`tool.description, tool.inputSchema.shape, tool.annotations`).
  if (middle.length === 3) [description, schema, annotations] = middle;
  else for (const arg of middle) {
    if (stringOf(arg) !== undefined || arg.k === 'tmpl') description = arg;
    else if (arg.k === 'obj' && arg.props.some((p) => p.key && ANNOTATION_KEYS.includes(p.key))) annotations = arg;
    else schema = arg;
  }
  return addMcpTool(site, ctx, { name: name ?? '', ...(name ? {} : { nameVal: nameArg }), description, schema: schema ?? { k: 'obj', props: [] }, annotations, handler, receiver: methodOf(site.callee)!.receiver, construct: 'tool' });
}

interface McpToolParts {
  name: string;
  nameVal?: Val;
  description?: Val;
  schema?: Val;
  annotations?: Val;
  handler: Val;
  receiver: Val;
  construct: string;
  schemaLoc?: Location;
}

function addMcpTool(site: CallSite, ctx: Ctx, parts: McpToolParts): Val {
  return ctx.addTool(
    {
      framework: 'mcp',
      construct: parts.construct,
      kind: 'function',
      name: parts.name || undefined,
      ...(parts.nameVal ? { nameVal: parts.nameVal } : {}),
      bindingName: site.bindingName,
      description: stringOf(parts.description),
      descriptionVal: dynamicText(parts.description),
      // No inputSchema means the tool takes no arguments.
      schema: parts.schema ?? { k: 'obj', props: [] },
      schemaLoc: parts.schemaLoc ?? site.loc,
      impl: parts.handler,
      inputParam: { index: 0, path: [] },
      gates: [],
      annotations: readAnnotations(parts.annotations),
      repeated: site.repeated,
      loc: site.loc,
      attrs: { registeredOn: parts.receiver },
    },
    parts.name || site.bindingName || 'tool',
  );
}

/**
 * The low-level CallTool handler: one tool per branch on the tool name. Each tool shares the
 * handler as implementation, restricted to its branch's lines (`attrs.range`), so that a sink in
 * the `exec` case is not blamed on the `read` case.
 */
function callToolHandler(site: CallSite, ctx: Ctx): Val {
  const node = site.node;
  const handlerNode = ts.isCallExpression(node) ? node.arguments[1] : undefined;
  const handler = site.args[1];
  const receiver = methodOf(site.callee)!.receiver;
  if (!handler) return { k: 'lit', v: null };
  if (!handlerNode || !(ts.isArrowFunction(handlerNode) || ts.isFunctionExpression(handlerNode))) {
    // A named handler, or one wrapped by middleware (`withTelemetry(async (request) => …)`,
    // `logging.wrap('CallTool', monitor(async (req) => …))`): the linker follows it.
    addDispatch(site, ctx, wrappedFunction(handler) ?? handler, receiver);
    return { k: 'lit', v: null };
  }
  // The handler often delegates: `return handleCallToolRequest(request)` with the switch there,
  // after answering a tool or two itself (`if (name === 'discover_tools') …`). The delegate's
  // branches win over the handler's own check of the same name.
  const delegate = delegateOf(handlerNode);
  const requestInput = { index: 0, path: ['params', 'arguments'] };
  const ownBranches = findBranches(handlerNode);
  // With branches of its own, the handler dispatches the rest only through a call whose result it
  // uses (`const result = await handleToolCall(request.params)`), not through a helper it calls
  // for its effect on the way (`audit(request);`).
  const delegated = delegate && (ownBranches.length === 0 || delegate.used) ? findBranches(delegate.fn).map((branch) => ({ branch, impl: ctx.functionValOf(delegate.fn), input: delegate.input })) : [];
  const own = ownBranches.filter((b) => !delegated.some((d) => d.branch.name === b.name)).map((branch) => ({ branch, impl: handler, input: requestInput }));
  const branches = [...own, ...delegated];
  // No branch per name here: the handler looks the tool up in a registry (`tools[request.params.name]`)
  // or hands the name to a function elsewhere that switches on it. The linker follows both.
  if (branches.length === 0) addDispatch(site, ctx, delegate ? ctx.functionValOf(delegate.fn) : handler, receiver);
  for (const { branch, impl, input } of branches) {
    const where = ctx.locationOf(branch.node);
    const end = branch.until ? ctx.locationOf(branch.until).endLine : where.endLine;
    ctx.addTool(
      {
        framework: 'mcp',
        construct: 'CallToolRequestSchema handler',
        kind: 'function',
        ...namedBy(branch, ctx),
        impl,
        inputParam: input,
        gates: [],
        loc: where,
        // `entry`: the CallTool handler every call of the server arrives through.
        attrs: { registeredOn: receiver, range: { start: where.line, end }, listHandlers: ctx.state.listHandlers, entry: ctx.locationOf(handlerNode), ...(impl !== handler ? { entryHandler: handler } : {}) },
      },
      branch.name,
    );
  }
  return { k: 'lit', v: null };
}

/** A branch's tool name: its literal, or the constant the linker resolves (the written field's name if it cannot). */
function namedBy(branch: Branch, ctx: Ctx): { name?: string; nameVal?: Val; bindingName?: string } {
  const constant = branch.nameExpr ? ctx.moduleConstantOf(branch.nameExpr) : undefined;
  return constant ? { nameVal: constant, bindingName: branch.name } : { name: branch.name };
}

function addDispatch(site: CallSite, ctx: Ctx, impl: Val, receiver: Val): void {
  ctx.addTool(
    {
      framework: 'mcp',
      construct: 'CallToolRequestSchema dispatch',
      kind: 'unknown',
      name: '<dispatch>',
      impl,
      inputParam: { index: 0, path: ['params', 'arguments'] },
      gates: [],
      loc: site.loc,
      attrs: { registeredOn: receiver, dispatch: true, listHandlers: ctx.state.listHandlers },
    },
    'dispatch',
  );
}

/**
 * A function declared in the same file that the handler calls with its request and that does the
 * dispatching: it branches on the tool name, or the handler returns what it returns. A logger
 * handed the request first (`debugLog('call', request)`) is not it.
 */
interface Delegate {
  fn: TS.FunctionDeclaration;
  /** Whether the handler returns what the delegate returns. */
  returned: boolean;
  /** Whether the handler uses what the delegate returns (returns it, or keeps it to return later). */
  used: boolean;
  /** Where the delegate finds the call's arguments: `handle(request)` → `params.arguments` of its first parameter. */
  input: { index: number; path: string[] };
}

function delegateOf(handler: TS.ArrowFunction | TS.FunctionExpression): Delegate | undefined {
  const sf = handler.getSourceFile();
  const declared = new Map(sf.statements.flatMap((s) => (ts.isFunctionDeclaration(s) && s.name && s.body ? [[s.name.text, s] as const] : [])));
  // Only a function handed the request (or part of it) is a delegate: an error formatter called
  // in a `catch` is not.
  const request = handler.parameters[0] && ts.isIdentifier(handler.parameters[0].name) ? handler.parameters[0].name.text : undefined;
  const passesRequest = (call: TS.CallExpression) => !!request && call.arguments.some((a) => new RegExp(`^${request}\\b`).test(a.getText()));
  const candidates: Delegate[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && declared.has(node.expression.text) && passesRequest(node)) {
      let outer: TS.Node = node.parent;
      while (ts.isAwaitExpression(outer) || ts.isParenthesizedExpression(outer)) outer = outer.parent;
      candidates.push({ fn: declared.get(node.expression.text)!, returned: ts.isReturnStatement(outer) || outer === handler, used: !ts.isExpressionStatement(outer), input: inputPassed(node, request!) });
    } else ts.forEachChild(node, visit);
  };
  visit(handler.body!);
  return candidates.find((c) => findBranches(c.fn).length > 0) ?? candidates.find((c) => c.returned);
}

/**
 * Where the delegate receives the tool's arguments: the argument that is the request or a part
 * of it on the way to `params.arguments` (`handle(request)`, `handle(request.params)`,
 * `handle(request.params.name, request.params.arguments)`), and what is left of that path.
 */
function inputPassed(call: TS.CallExpression, request: string): Delegate['input'] {
  const toInput = ['params', 'arguments'];
  for (const [index, arg] of call.arguments.entries()) {
    const chain = accessChain(arg);
    if (!chain || chain[0] !== request) continue;
    const rest = chain.slice(1);
    if (rest.length <= toInput.length && rest.every((seg, i) => toInput[i] === seg)) return { index, path: toInput.slice(rest.length) };
  }
  return { index: 0, path: toInput };
}

interface Branch {
  name: string;
  /** A constant the case compares with, when it is not a literal. */
  nameExpr?: TS.Expression;
  node: TS.Node;
  until?: TS.Node;
}

/**
 * The names of a property-access chain (`request.params.arguments` → request, params, arguments),
 * through casts, `!`, parentheses and a `??` / `||` default; undefined for anything else.
 */
function accessChain(expr: TS.Expression): string[] | undefined {
  let at = expr;
  while (ts.isAsExpression(at) || ts.isSatisfiesExpression(at) || ts.isNonNullExpression(at) || ts.isParenthesizedExpression(at) || ts.isTypeAssertionExpression(at) || (ts.isBinaryExpression(at) && (at.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || at.operatorToken.kind === ts.SyntaxKind.BarBarToken))) {
    at = ts.isBinaryExpression(at) ? at.left : at.expression;
  }
  if (ts.isIdentifier(at)) return [at.text];
  if (ts.isPropertyAccessExpression(at)) {
    const inner = accessChain(at.expression);
    return inner ? [...inner, at.name.text] : undefined;
  }
  if (ts.isElementAccessExpression(at) && ts.isStringLiteral(at.argumentExpression)) {
    const inner = accessChain(at.expression);
    return inner ? [...inner, at.argumentExpression.text] : undefined;
  }
  return undefined;
}

/**
 * `switch (request.params.name) { case 'x': ... }` and `if (name === 'x') { ... }` branches, and the
 * single-tool guard `if (name !== 'x') throw …`, after which the rest of the block is tool `x`.
 */
function findBranches(handler: TS.FunctionLikeDeclaration): Branch[] {
  const found: Branch[] = [];
  const visit = (node: TS.Node) => {
    if (ts.isSwitchStatement(node) && namesTheTool(node.expression, handler)) {
      for (const clause of node.caseBlock.clauses) {
        if (!ts.isCaseClause(clause)) continue;
        if (ts.isStringLiteral(clause.expression) || ts.isNoSubstitutionTemplateLiteral(clause.expression)) found.push({ name: clause.expression.text, node: clause });
        // `case TOOL_NAMES.deleteUser:`: the name is the constant's value, resolved by the linker
        // (the field's name stands in when it cannot be).
        else if (ts.isPropertyAccessExpression(clause.expression) || ts.isIdentifier(clause.expression)) {
          found.push({ name: shownName(clause.expression), nameExpr: clause.expression, node: clause });
        }
      }
    }
    if (ts.isIfStatement(node) && ts.isBinaryExpression(node.expression) && node.expression.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken) {
      const { left, right } = node.expression;
      const literal = ts.isStringLiteral(right) ? right : ts.isStringLiteral(left) ? left : undefined;
      const other = literal === right ? left : right;
      if (literal && namesTheTool(other, handler)) found.push({ name: literal.text, node: node.thenStatement });
    }
    if (ts.isIfStatement(node) && ts.isBinaryExpression(node.expression) && (node.expression.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || node.expression.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken) && exits(node.thenStatement) && ts.isBlock(node.parent)) {
      const { left, right } = node.expression;
      const literal = ts.isStringLiteral(right) ? right : ts.isStringLiteral(left) ? left : undefined;
      const other = literal === right ? left : right;
      if (literal && namesTheTool(other, handler)) found.push({ name: literal.text, node, until: node.parent });
    }
    ts.forEachChild(node, visit);
  };
  if (handler.body) visit(handler.body);
  return found;
}

/** The last name written (`TOOL_NAMES.deleteUser`), or its owner's for a generic field: `tools.PdfTool.name` stands in as `PdfTool`. */
function shownName(expr: TS.PropertyAccessExpression | TS.Identifier): string {
  if (ts.isIdentifier(expr)) return expr.text;
  const owner = expr.expression;
  const generic = /^(?:name|id|title|NAME|ID)$/.test(expr.name.text);
  if (generic && ts.isPropertyAccessExpression(owner)) return owner.name.text;
  if (generic && ts.isIdentifier(owner)) return owner.text;
  return expr.name.text;
}

/**
 * Whether an expression holds the requested tool's name: it reads a `name` (`request.params.name`,
 * a destructured `name`), or it is a variable the handler set from one (`const toolName =
 * args.params.name`, `const { name: tool } = request.params`).
 */
function namesTheTool(expr: TS.Expression, handler: TS.FunctionLikeDeclaration): boolean {
  if (/\bname\b/.test(expr.getText())) return true;
  if (!ts.isIdentifier(expr) || !handler.body) return false;
  const variable = expr.text;
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && node.initializer) {
      if (ts.isIdentifier(node.name) && node.name.text === variable) found = readsName(node.initializer);
      // `const { name: tool } = request.params`
      else if (ts.isObjectBindingPattern(node.name)) found = node.name.elements.some((e) => ts.isIdentifier(e.name) && e.name.text === variable && !!e.propertyName && ts.isIdentifier(e.propertyName) && e.propertyName.text === 'name');
    }
    ts.forEachChild(node, visit);
  };
  visit(handler.body);
  return found;
}

/** `request.params.name`, `args.params?.name as string`: a read of a `name` field, nothing computed from it. */
function readsName(expr: TS.Expression): boolean {
  let at = expr;
  while (ts.isAsExpression(at) || ts.isParenthesizedExpression(at) || ts.isNonNullExpression(at) || ts.isTypeAssertionExpression(at)) at = at.expression;
  return (ts.isPropertyAccessExpression(at) && at.name.text === 'name') || (ts.isIdentifier(at) && at.text === 'name');
}

/** A statement that always leaves the function: `throw`, `return`, or a block ending in one. */
function exits(stmt: TS.Statement): boolean {
  if (ts.isThrowStatement(stmt) || ts.isReturnStatement(stmt)) return true;
  if (ts.isBlock(stmt)) return stmt.statements.length > 0 && exits(stmt.statements[stmt.statements.length - 1]);
  return false;
}
