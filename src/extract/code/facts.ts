/**
 * Per-file facts about agent code. Extraction turns one AST into these plain, serialisable
 * records and drops the AST; linking resolves them across files. Nothing here points at a
 * TypeScript node, so facts can be cached by content hash.
 */
import type { ConstraintKind, Location, SchemaInfo } from '../../graph/model.js';

/**
 * An abstract value: what an expression evaluates to, as far as leash can tell without running it.
 * Local variables are inlined during extraction, so the only names left are module-level bindings
 * (`ref`), imports (`import`) and the parameters of the enclosing function (`param`).
 */
export type Val =
  | { k: 'lit'; v: string | number | boolean | null }
  | { k: 'tmpl'; parts: Val[] }
  | { k: 'ref'; name: string; file: string }
  | { k: 'import'; module: string; name: string; file: string }
  | { k: 'global'; name: string }
  | { k: 'param'; index: number; path: string[]; fn: string; name?: string }
  /** An environment variable (`*` = the whole environment, e.g. `process.env` passed as a value). */
  | { k: 'env'; name: string; loc: Location }
  /** A value checked by a guard before use: allowlist, enum switch, anchored regex, path confinement. */
  | { k: 'narrowed'; v: Val; by: ConstraintKind[] }
  /**
   * `prop` is `[]` for a computed key, kept in `key` so that a caller's literal can resolve it (`HANDLERS[tool.name]`).
   * With `where`, the element of the array `obj` whose field at that path equals `key`:
   * `tools.find((t) => t.method === method)`.
   */
  | { k: 'member'; obj: Val; prop: string; key?: Val; where?: string[] }
  | { k: 'call'; callee: Val; args: Val[]; loc: Location }
  | { k: 'new'; callee: Val; args: Val[]; loc: Location }
  /** `locs`: where each item is written, kept for lists of strings (permission rules, allowlists) whose findings point at one item. */
  | { k: 'arr'; items: Val[]; repeated?: boolean; locs?: Location[] }
  | { k: 'spread'; v: Val }
  | { k: 'obj'; props: ObjProp[] }
  /** `inst`: a closure a factory call returned, whose body reads that call's arguments for the factory's parameters. */
  | { k: 'fn'; id: string; inst?: { fn: string; args: Val[]; loc: Location; variant?: string } }
  /** A tool; `inst` when it was made by a factory call, whose arguments fill the tool's fields. */
  | { k: 'tool'; id: string; inst?: { fn: string; args: Val[]; loc: Location } }
  | { k: 'agent'; id: string }
  | { k: 'server'; id: string }
  | { k: 'schema'; schema: SchemaInfo }
  | { k: 'this'; cls?: string; file: string }
  | { k: 'union'; options: Val[] }
  | { k: 'unknown'; why: string; loc?: Location };

export interface ObjProp {
  /** null for computed keys we could not read. */
  key: string | null;
  v: Val;
  spread?: boolean;
  /** Where the property is written, for evidence (`needsApproval: true`, `shell: true`). */
  loc?: Location;
}

export interface CallFact {
  callee: Val;
  /** The callee as written, for messages: `execSync`, `db.query`, `this.runner.run`. */
  calleeText: string;
  args: Val[];
  /** True when the call is a tagged template (`$\`...\``, `sql\`...\``): args are interpolations. */
  tagged?: boolean;
  loc: Location;
  /** In an instance of a function (its parameters replaced by a caller's arguments), the callee as written. */
  asWritten?: Val;
  /** Sink-relevant facts about the call site, e.g. `shell: true` in the options, or guarded by an approval prompt. */
  guardedBy?: string[];
  /** The call is a statement of its own (`validateMode(mode);`, `await check(p);`): its result is dropped. */
  statement?: boolean;
}

export interface FunctionFact {
  id: string;
  name: string;
  loc: Location;
  params: string[];
  /** For a destructured parameter, its top-level keys (`({ context }) =>` gives `['context']`). */
  paramKeys?: Record<number, string[]>;
  calls: CallFact[];
  /** Abstract return values, with `param` placeholders for the function's own parameters. */
  returns: Val[];
  /** Environment variables read in this function (credential reads). */
  envReads: { name: string; loc: Location }[];
  /**
   * Parameters that name an environment variable the function reads (`const env = (name) =>
   * process.env[name]`): each call with a literal there reads that variable.
   */
  envByParam?: number[];
  /** For methods: the class id, so `this.x()` resolves. */
  classId?: string;
  /** The enclosing function, for callbacks and closures: their sinks count for it too. */
  parent?: string;
  /**
   * An early exit as the body's first statement (`if (!ENABLE_LOGGING) return;`): the condition as
   * written, so that a logger switched on only by a flag is known as opt-in.
   */
  guard?: { text: string; loc: Location };
  /**
   * Fields written on what a call returned (`const session = recorder.getSession(id);
   * session.options = opts`): the object lives on elsewhere (in a map, a cache), so the write
   * reaches whoever reads it there.
   */
  fieldWrites?: { obj: Val; key: string; v: Val }[];
  /**
   * Parameters the function refuses unless they pass a check: it throws otherwise
   * (`function validateMode(mode) { if (!/^[a-z-]+$/.test(mode)) throw … }`). A caller that runs
   * it as a statement holds the checked value from then on.
   */
  asserts?: { param: number; by: ConstraintKind[] }[];
  /**
   * Branches on a string: `switch (name) { case 'read_file': … }`, `if (name === 'x') { … }`, and
   * `if (name !== 'x') throw …` (the rest of the block). The linker reads them as one tool per
   * name when `on` is the tool name a handler dispatches on.
   */
  branches?: { on: Val; name: string; loc: Location; start: number; end: number; /** A case written as a constant of another module (`case toolNames.createModule:`), resolved by the linker into `name`. */ nameVal?: Val }[];
  /**
   * The function returns early, unchecked, when an allow list is empty (`if (!allowedDirs.length)
   * return path`): a validator that lets everything through in its default configuration.
   */
  allowsAllWhenEmpty?: Location;
  /**
   * Code that runs only when a value is truthy (or only when it is falsy), by where it is written:
   * the arms of `isUrl ? fetchUrl(p) : readDisk(p)`, the blocks of `if (options.force) { … } else
   * { … }`, the right of `dryRun || rm(p)`, the rest of a block after `if (!flag) return`. A caller
   * whose arguments settle the value (`readFile(p)` with no options) never reaches the other arm.
   */
  conditions?: { on: Val; truthy: boolean; span: Location }[];
  /** The function's `catch` blocks: a log line there records failures only, not each call. */
  catchBlocks?: Location[];
  /** Blocks of an `if` that end by throwing (`if (!allowed) { audit('denied'); throw … }`): a refusal. */
  refusalBlocks?: Location[];
  /** Declared types of parameters (`config: ToolConfiguration`), by index: a method called on one whose value is unknown runs that type's implementation. */
  paramTypes?: Record<number, Val>;
  /** The element type of a parameter declared as a list (`tools: ToolDefinition[]`), by index. */
  paramElementTypes?: Record<number, Val>;
  /** The declared return type (`(): Promise<FileHandler>`). */
  returnType?: Val;
}

export interface ClassFact {
  id: string;
  name: string;
  extends?: Val;
  methods: Record<string, string>;
  /** Methods declared with `get`: reading the property runs them. */
  getters?: string[];
  /** Property initialisers (`name = 'x'`, `schema = z.object(...)`). */
  props: Record<string, Val>;
  /** Declared types of fields (`private runtime: Runtime`, `constructor(private db: Database)`). */
  propTypes?: Record<string, Val>;
  /** The interfaces the class says it implements, as type names. */
  implements?: Val[];
  loc: Location;
}

/**
 * An interface or object type alias, kept for its property types only: `config.runtime.exec()`
 * with `config: ToolConfiguration` and `interface ToolConfiguration { runtime: Runtime }` runs
 * whatever implements `Runtime`.
 */
export interface TypeDecl {
  props: Record<string, Val>;
  extends?: Val[];
  /** `type Client = ReturnType<typeof createClient>`: the function whose result this type is. */
  returnOf?: Val;
}

export type Framework =
  | 'ai-sdk'
  | 'openai-agents'
  | 'langchain'
  | 'mastra'
  | 'mcp'
  | 'anthropic'
  | 'claude-agent-sdk'
  | string;

export interface GateFact {
  mechanism: string;
  strength: 'always' | 'conditional' | 'auto-approve' | 'policy';
  loc: Location;
  /** Tool names the gate covers; undefined = all tools of the agent. */
  tools?: string[];
}

export interface AuditFact {
  mechanism: string;
  enabled: boolean;
  loc: Location;
}

export interface ToolFact {
  id: string;
  framework: Framework;
  /** The constructor as written: `tool`, `createTool`, `server.registerTool`, ... */
  construct: string;
  kind: 'function' | 'provider' | 'mcp' | 'agent-as-tool' | 'harness-builtin' | 'client' | 'unknown';
  /** The name the model sees, when the definition states it; otherwise the registry key gives it. */
  name?: string;
  /** The name as a value when it is built from a factory's parameters (`query_${table}`): each factory call fills it. */
  nameVal?: Val;
  /** The binding the tool was assigned to, as a fallback name. */
  bindingName?: string;
  description?: string;
  /** The description as a value, when it is built from variables (it may carry a secret). */
  descriptionVal?: Val;
  schema?: Val;
  /** Where the schema is written (the `inputSchema:` property), for findings about it. */
  schemaLoc?: Location;
  /** The implementation; parameter `inputParam` carries the model's input. */
  impl?: Val;
  inputParam?: { index: number; path: string[] };
  gates: GateFact[];
  annotations?: Record<string, boolean>;
  /** Operations the tool performs by itself (provider shell tools, hosted code execution). */
  builtinOps?: { op: string; sink: string; loc: Location }[];
  /** The environment a built-in tool gives the commands it runs (Mastra `LocalSandbox({ env })`), and where it is set. */
  env?: { v: Val; loc: Location };
  /** For agent-as-tool: the agent it wraps. */
  agent?: Val;
  /** For MCP tool sources (`client.tools()`, `mcp.listTools()`): the client or server they come from. */
  server?: Val;
  /** Created inside a loop or `map`: one definition, many tools. */
  repeated?: boolean;
  loc: Location;
  attrs?: Record<string, unknown>;
}

export interface AgentFact {
  id: string;
  framework: Framework;
  construct: string;
  name: string;
  /** The registry as written: an object keyed by tool name, an array, or a call returning one. */
  tools?: Val;
  handoffs?: Val;
  mcpServers?: Val;
  gates: GateFact[];
  audits: AuditFact[];
  /** The registry can change at run time (prepareStep returning tools, dynamic `tools` functions). */
  dynamic?: { reason: string; loc: Location }[];
  /** Credentials handed to the agent itself (api keys, env option). */
  credentials?: Val[];
  /** Text the model reads: instructions, system prompt, prompt, with where each is written. */
  context?: { key: string; v: Val; loc: Location }[];
  loc: Location;
  attrs?: Record<string, unknown>;
}

export interface ServerFact {
  id: string;
  framework: Framework;
  construct: string;
  name: string;
  transport: 'stdio' | 'http' | 'sse' | 'sdk' | 'unknown';
  command?: string;
  args?: string[];
  url?: string;
  /** The package a stdio command runs (`npx -y <package>`). */
  package?: string;
  /** The env given to the child: explicit variables and whether the whole environment is passed. */
  env?: Val;
  headers?: Val;
  /** Tools listed in a filter; undefined = every tool the server offers. */
  allowedTools?: string[];
  /** For in-process SDK servers: the tools registered. */
  tools?: Val;
  loc: Location;
}

export interface ImportFact {
  local: string;
  module: string;
  /** `default`, `*` (namespace), or the exported name. */
  imported: string;
}

export interface ExportFact {
  exported: string;
  /** A local binding name, when the export names one. */
  local?: string;
  /** Re-export source module. `imported` is `*` for `export * from`. */
  from?: string;
  imported?: string;
}

/** Everything extraction learned from one code file. */
export interface CodeFacts {
  file: string;
  imports: ImportFact[];
  exports: ExportFact[];
  /** Module-level bindings: const/let/var initialisers, functions, classes, with later mutations merged. */
  bindings: Record<string, Val>;
  functions: Record<string, FunctionFact>;
  classes: Record<string, ClassFact>;
  /** Interfaces and object type aliases, by name. */
  types?: Record<string, TypeDecl>;
  /** The declared type of module-level constants (`export const cleanTool: ToolDefinition = {…}`), by name. */
  bindingTypes?: Record<string, Val>;
  tools: ToolFact[];
  agents: AgentFact[];
  servers: ServerFact[];
  /** Calls at module level (top-level await, registerTool calls outside functions...). */
  topLevel: FunctionFact;
  /** Parse errors of the file, kept with its facts so that a cached file reports them again. */
  diagnostics?: import('../../graph/model.js').Diagnostic[];
  /** Secret literals written in the file: the key they are assigned to and where — never the value. */
  /** Environment variables the code's own messages call a personal access token. */
  personalTokens?: string[];
  secrets: { key: string; loc: Location; fn: string; /** The default of an environment variable (`process.env.X || '…'`). */ fallback?: boolean }[];
}
