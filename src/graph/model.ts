/**
 * The access graph: the one data model every rule and reporter reads.
 *
 * Nodes are identified by semantic ids (file + name), never by line numbers, so that
 * fingerprints, baselines and access manifests survive unrelated edits.
 */

/** A source range. Files are POSIX paths relative to the scanned root; lines and columns are 1-based. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type NodeKind = 'agent' | 'tool' | 'mcp-server' | 'operation' | 'credential' | 'gate' | 'audit';

/**
 * Where the value that reaches an operation comes from.
 * `constrained` means the model supplies it but something narrows it (allowlist, enum, path confinement...).
 */
export type Provenance =
  | { kind: 'constant' }
  | { kind: 'model' }
  | { kind: 'constrained'; by: ConstraintKind; detail?: string }
  /** From the world, not the model: an API response, rows, a file's content, the environment. */
  | { kind: 'external'; source: string }
  | { kind: 'unknown'; reason: string };

/** The `unknown` reason of a value made of a parameter that is not the tool's input (a factory's, a caller's option). */
export const FROM_OTHER_PARAMETER = 'comes from a parameter that is not the tool input';

export type ConstraintKind =
  | 'allowlist'
  | 'enum'
  | 'typed'
  | 'pattern'
  | 'path-confined'
  | 'parameterised'
  | 'host-allowlist'
  | 'escaped'
  /** Escaped as a string literal of another language (AppleScript, HTML, SQL): data there, not in a shell line. */
  | 'escaped-literal'
  | 'fixed-binary'
  /** A URL fetched by a hosted crawler (Firecrawl, Jina Reader): it cannot reach this network, but the page still comes back. */
  | 'remote-fetch'
  | 'sandbox';

/**
 * A capability class. The part before the first dot is the family rules select on
 * (`shell`, `code`, `fs`, `db`, `net`, `cloud`, `git`, `comm`, `registry`, ...).
 */
export type OperationKind = string;

export interface BaseNode {
  id: string;
  kind: NodeKind;
  name: string;
  location?: Location;
}

export type AgentOrigin = 'code' | 'harness' | 'ci';

export interface AgentNode extends BaseNode {
  kind: 'agent';
  /** e.g. `ai-sdk`, `openai-agents`, `claude-code`, `github-actions`. */
  framework: string;
  origin: AgentOrigin;
  /** How the agent is built: `ToolLoopAgent`, `generateText`, `new Agent`, ... */
  construct: string;
  /** Registry facts that may only be known at run time. */
  dynamicTools?: { reason: string; location?: Location }[];
  /** Harness-specific settings, for config rules (permissions, sandbox, flags). */
  harness?: HarnessSettings;
  /** Free-form, typed-by-convention attributes an extractor wants rules to see. */
  attrs?: Record<string, unknown>;
}

export type ToolKind =
  | 'function'
  | 'provider'
  | 'mcp'
  | 'agent-as-tool'
  | 'harness-builtin'
  | 'client'
  | 'unknown';

/** What the extractor could tell about a tool's input schema. */
export interface SchemaInfo {
  /** `none`: no schema at all; `unknown`: a schema we could not read statically. */
  form: 'zod' | 'json-schema' | 'raw-shape' | 'standard' | 'string' | 'none' | 'unknown';
  /** True for `z.any()`, `z.unknown()`, open records, JSON schema without properties. */
  open: boolean;
  properties: Record<string, PropertySchema>;
  /** A JSON schema that writes out `properties: {}`: a tool that takes no arguments. */
  noArguments?: boolean;
  location?: Location;
}

export interface PropertySchema {
  type: 'string' | 'number' | 'boolean' | 'enum' | 'literal' | 'array' | 'object' | 'any' | 'unknown' | 'record';
  /** For strings: an anchored regex, a url(), email()... anything that narrows free text. */
  narrowedBy?: 'pattern' | 'format';
  /**
   * For a pattern: it lets a value be an option with its value (`^[^~^:?*\[\\]+$` admits
   * `--upload-pack=touch /tmp/x`), so a command that takes the value as an argument of its own
   * can read it as one.
   */
  admitsOption?: boolean;
  /** Literal values for enum / literal properties. */
  values?: string[];
  /** For arrays: what each element is (`z.array(z.object({ fileName: z.string().regex(…) }))`). */
  element?: PropertySchema;
  /** For objects: their declared fields. */
  fields?: Record<string, PropertySchema>;
  location?: Location;
}

export interface ToolNode extends BaseNode {
  kind: 'tool';
  framework: string;
  toolKind: ToolKind;
  description?: string;
  schema?: SchemaInfo;
  /** MCP-style annotations or name-derived claims (readOnlyHint, destructiveHint). */
  annotations?: Record<string, boolean>;
  /** Set when the tool itself is a bundle known only at run time (MCP client tools, toolkits). */
  unbounded?: boolean;
  /**
   * Whether running the tool leaves a server-side record (a log line, an audit file, a span):
   * `opt-in` when the logger returns early unless a flag is set. Absent when not analysed.
   */
  record?: {
    status: 'record' | 'opt-in' | 'none';
    location?: Location;
    /** The call creating the server without the record callback it takes (`onToolCall`), when that is why there is none. */
    missingAt?: Location;
  };
  /**
   * The input fields whose model-written value reaches an operation unconstrained (`*`: the
   * input as a whole), when the implementation was analysed.
   */
  inputAtSinks?: string[];
  attrs?: Record<string, unknown>;
}

export interface McpServerNode extends BaseNode {
  kind: 'mcp-server';
  transport: 'stdio' | 'http' | 'sse' | 'sdk' | 'unknown';
  command?: string;
  args?: string[];
  url?: string;
  /** The npm / PyPI package a stdio server runs, when recognisable. */
  package?: string;
  /** Tool filter, when the registry narrows the server's tools. */
  allowedTools?: string[];
  attrs?: Record<string, unknown>;
}

/**
 * A capability class (`shell.exec`, `fs.delete`), one node per class. The concrete sink
 * (`child_process.execSync` at file:line) is on the `reaches` edge: `attrs.sink` and the last evidence.
 */
export interface OperationNode extends BaseNode {
  kind: 'operation';
  op: OperationKind;
  destructive: boolean;
}

export type CredentialClass = 'human' | 'admin' | 'service' | 'unknown';

export interface CredentialNode extends BaseNode {
  kind: 'credential';
  source: 'env' | 'env-all' | 'file' | 'literal' | 'header' | 'default-chain' | 'input' | 'secret';
  /** Variable name, file path or header name. Never the secret value. */
  reference: string;
  class: CredentialClass;
  /** Why it got its class, for the message. */
  classReason?: string;
  /** A literal written as the default of an environment variable (`process.env.X || '…'`). */
  fallback?: boolean;
}

export interface GateNode extends BaseNode {
  kind: 'gate';
  mechanism: string;
  /** `always`: every call asks; `conditional`: a predicate decides; `auto-approve`: looks like a gate but approves. */
  strength: 'always' | 'conditional' | 'auto-approve' | 'policy';
}

export interface AuditNode extends BaseNode {
  kind: 'audit';
  mechanism: string;
  /** False when the mechanism is explicitly switched off (isEnabled:false, tracingDisabled). */
  enabled: boolean;
}

export type GraphNode = AgentNode | ToolNode | McpServerNode | OperationNode | CredentialNode | GateNode | AuditNode;

export type EdgeKind =
  | 'has-tool' // agent -> tool
  | 'delegates' // agent -> agent (handoff, agent-as-tool, subagent)
  | 'uses-server' // agent|tool -> mcp-server
  | 'reaches' // tool|mcp-server|agent -> operation
  | 'holds' // agent|tool|mcp-server -> credential
  | 'inherits-env' // mcp-server|tool|agent -> credential (the whole environment)
  | 'gated-by' // tool|agent -> gate
  | 'audited-by'; // agent|tool -> audit

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** The chain of source locations from the `from` node to the `to` node. */
  evidence: Location[];
  /** For `reaches`: where the operation's decisive argument comes from. */
  provenance?: Provenance;
  /** Human-readable hops matching `evidence`, e.g. `runShell.execute`, `runCommand()`, `execSync`. */
  via?: string[];
  attrs?: Record<string, unknown>;
}

/** One permission rule in a harness config, with the key that grants it. */
export interface PermissionRule {
  rule: string;
  effect: 'allow' | 'ask' | 'deny';
  location: Location;
  /** A slash command or skill (its file) that grants this only while it runs; absent for standing grants. */
  while?: string;
}

/** Settings read from harness configs; absent fields were not set anywhere. */
export interface HarnessSettings {
  permissions: PermissionRule[];
  /** Flags such as `bypassPermissions`, `--yolo`, `approval_policy=never`, with where they were set. */
  flags: { name: string; value: string; location: Location }[];
  /** Sandbox settings: `enabled:false`, network on, writable roots outside the workspace. */
  sandbox: { setting: string; value: string; location: Location }[];
  /** Config files that contributed to this harness agent. */
  sources: string[];
  /** CI-only facts: triggers, job permissions, untrusted expressions in prompts. */
  ci?: {
    workflow: string;
    job: string;
    triggers: { name: string; location: Location }[];
    permissions: { scope: string; level: string; location: Location }[] | 'default' | 'write-all' | 'read-all';
    untrustedInputs: { expression: string; location: Location }[];
  };
}

/** A file leash could not read or parse, or a config it could not understand. */
export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** `parse-error`, `unreadable`, `too-large`, `binary`, `config-error`, `symlink-loop`. */
  code: string;
}

export interface AccessGraphData {
  nodes: GraphNode[];
  edges: Edge[];
}
