/**
 * The contract between the generic extractor and one module per framework.
 * A recognizer sees every call and `new` with its callee already resolved to an import
 * (so aliases and namespace imports work), and turns the ones it knows into tool, agent
 * and MCP-server facts.
 */
import type ts from 'typescript';
import type { Location } from '../../graph/model.js';
import type { AgentFact, ClassFact, FunctionFact, ServerFact, ToolFact, Val } from './facts.js';

export interface CallSite {
  kind: 'call' | 'new';
  callee: Val;
  /** The callee as written: `tool`, `server.registerTool`, `new Agent`. */
  calleeText: string;
  args: Val[];
  node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  loc: Location;
  /** The variable, property or export the result is assigned to, when there is one. */
  bindingName?: string;
  /** The name of the enclosing function, for agents built inside functions. */
  enclosingName?: string;
  /** True inside a loop or a callback of map / forEach / flatMap: the result repeats. */
  repeated: boolean;
}

export interface RecognizerContext {
  file: string;
  addTool(tool: Omit<ToolFact, 'id'>, name: string): Val;
  addAgent(agent: Omit<AgentFact, 'id'>, name: string): Val;
  addServer(server: Omit<ServerFact, 'id'>, name: string): Val;
  /** The facts of a function value created in this file (`{ k: 'fn' }`), to read its returns. */
  functionOf(val: Val | undefined): FunctionFact | undefined;
  locationOf(node: ts.Node): Location;
  /**
   * An options object with the objects it spreads written out (`{ ...this.defaultOptions, ...rest }`
   * with the class's own field read), so that options set in a base object are seen.
   */
  withSpreadsInlined(val: Val | undefined): Val | undefined;
  /** The value of a function declared in this file, by its node (for handlers found by walking the AST). */
  functionValOf(node: ts.FunctionLikeDeclaration): Val;
  /**
   * The value of a name or a chain of fields read from one (`TOOL_NAMES.deleteUser`) that the
   * module imports or declares at its top, for the linker to resolve; undefined for anything else.
   */
  moduleConstantOf(node: ts.Expression): Val | undefined;
}

/** What a recognizer does in one file: the callbacks the extractor makes as it walks it. */
export interface RecognizerVisitor {
  call?(site: CallSite): Val | undefined;
  /** Classes (LangChain `StructuredTool` subclasses...). */
  classDeclaration?(cls: ClassFact): void;
  /** `agent.tools = [...]`, `agent.handoffs.push(...)` after construction. */
  assignment?(target: Val, prop: string, value: Val, loc: Location): boolean;
}

/**
 * One module per framework, in ESLint's shape: `create` runs once per file that imports one of
 * `modules` and returns that file's visitor, so whatever a recognizer remembers about the file
 * (agents made so far, handlers seen) lives in the closure and dies with the file.
 */
export interface Recognizer {
  framework: string;
  /** Module specifiers whose import makes a file worth parsing. */
  modules: RegExp;
  create(ctx: RecognizerContext): RecognizerVisitor;
}

/** The callbacks of a recognizer that keeps nothing between calls, each handed the file's context. */
interface StatelessCallbacks {
  call?(site: CallSite, ctx: RecognizerContext): Val | undefined;
  classDeclaration?(cls: ClassFact, ctx: RecognizerContext): void;
  assignment?(target: Val, prop: string, value: Val, loc: Location, ctx: RecognizerContext): boolean;
}

export function statelessRecognizer(def: { framework: string; modules: RegExp } & StatelessCallbacks): Recognizer {
  return {
    framework: def.framework,
    modules: def.modules,
    create: (ctx) => ({
      ...(def.call ? { call: (site: CallSite) => def.call!(site, ctx) } : {}),
      ...(def.classDeclaration ? { classDeclaration: (cls: ClassFact) => def.classDeclaration!(cls, ctx) } : {}),
      ...(def.assignment ? { assignment: (target: Val, prop: string, value: Val, loc: Location) => def.assignment!(target, prop, value, loc, ctx) } : {}),
    }),
  };
}

/** A file's context with a recognizer's own state for that file. */
export type StatefulContext<S> = RecognizerContext & { readonly state: S };

/** The file's context and the state a stateful recognizer keeps for it, as one value for its helpers. */
export function withState<S>(ctx: RecognizerContext, state: S): StatefulContext<S> {
  return {
    file: ctx.file,
    state,
    addTool: (tool, name) => ctx.addTool(tool, name),
    addAgent: (agent, name) => ctx.addAgent(agent, name),
    addServer: (server, name) => ctx.addServer(server, name),
    functionOf: (val) => ctx.functionOf(val),
    locationOf: (node) => ctx.locationOf(node),
    withSpreadsInlined: (val) => ctx.withSpreadsInlined(val),
    functionValOf: (node) => ctx.functionValOf(node),
    moduleConstantOf: (node) => ctx.moduleConstantOf(node),
  };
}
