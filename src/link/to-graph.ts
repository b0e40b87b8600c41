/**
 * Turns the linked program into graph nodes and edges: agents, the tools their registries hold
 * (one node per definition, however many agents use it), what each tool's implementation reaches
 * with the provenance of the decisive argument, gates, MCP servers and credentials.
 */
import { fixedHost, isFetchProxy } from './hosts.js';
import type { AgentFact, CodeFacts, FunctionFact, ServerFact, ToolFact, Val } from '../extract/code/facts.js';
import { DESTRUCTIVE_TEXT, HUMAN_CREDENTIAL_TEXT } from '../extract/code/sinks.js';
import { approvalsOffFlag } from '../extract/config/agent-cli.js';
import { classifyReference } from '../extract/credentials.js';
import { constantText, memberOf, methodOf, prop, stringOf, templateText, walkVal, wrappedFunction } from '../extract/code/vals.js';
import type { GraphFragment } from '../graph/build.js';
import { chainCredentialId, envCredentialId, factNodeId, fileCredentialId, literalCredentialId, mcpServerId, operationId } from '../graph/ids.js';
import { FROM_OTHER_PARAMETER, type AgentNode, type ConstraintKind, type Diagnostic, type Edge, type GraphNode, type Location, type OperationNode, type PropertySchema, type Provenance, type SchemaInfo, type ToolNode } from '../graph/model.js';
import type { Flow } from './flow.js';
import { flowOf } from './flow.js';
import { arrayItems, substitute, type Program } from './program.js';
import { RegistryResolver, type ToolEntry } from './registry.js';
import { readSchema } from './schema.js';
import { switchFor, type EnvSwitch } from './env-files.js';
import { ToolAttachments } from './tool-attachments.js';
import { LoopTools } from './loop-tools.js';
import { listedDefinitions } from './listed-tools.js';
import { defaultedName, WrapperTools } from './wrapper-tools.js';
import { contains, failureCallbacks, Records } from './records.js';
import { fileClass } from '../discover/file-class.js';
import { enumChoicesAtSink, inputAtSink, inputToOpaqueCode } from './input-use.js';
import { gitOptionInjection } from './git-options.js';
import { isSecretName } from '../graph/secret-names.js';
import { confirmationListedTools } from './confirmation-lists.js';
import type { Hop, SinkHit, Summaries } from './summaries.js';

const CHAIN_NAMES: Record<string, string> = {
  'aws.fromIni': 'an AWS profile (fromIni / fromSSO)',
  'kubeconfig.loadFromDefault': 'the default kubeconfig (loadFromDefault)',
  'google.adc': 'Google application default credentials',
  'google.oauth.user': "a user's Google OAuth tokens (OAuth2Client.setCredentials)",
  'msal.public-client': "the signed-in user's Microsoft token (MSAL interactive or device-code sign-in)",
  'azure.identity.user': "a developer's own Azure login (Azure CLI, PowerShell, browser or device-code credential)",
  'keytar.get': "a secret from the user's OS keychain (keytar)",
};

/** Functions that read by their name: `get`, `getEntry`, `readCache`, `load_state`, `peek`. */
const READ_ACCESSOR = /^(?:get|read|load|fetch|find|has|lookup|peek)(?:[A-Z_]\w*)?$/;

/** Call sites from which a helper counts as shared infrastructure rather than part of one tool. */
const SHARED_HELPER_CALLERS = 2;
/** The name of the one tool that stands for a server's tools when they cannot be listed. */
const UNLISTED_TOOLS = '(any tool it dispatches)';

/** How far up the importers of a server's file its process credentials are looked for. */
const IMPORTER_LEVELS = 4;


/** REST action endpoints that destroy or overwrite what they are called on. */
const DESTRUCTIVE_ACTION_PATH = /\/(?:rebuild|reset|restore|cancel|revoke|destroy|wipe|purge|terminate|reinstall|format)(?:[/?#]|$)/i;
const DESTRUCTIVE_OPS = /^(?:fs\.delete|db\.drop|db\.delete|git\.push|git\.discard|cloud\.|repo\.(?:delete|merge)|payment\.|comm\.send|api\.delete|process\.kill)/;

export function toGraph(program: Program, summaries: Summaries, envSwitches: Map<string, Map<string, EnvSwitch>> = new Map(), diagnostics: Diagnostic[] = [], documentedTokens: Set<string> = new Set()): GraphFragment {
  return new GraphWriter(program, summaries, envSwitches, diagnostics, documentedTokens).write();
}

class GraphWriter {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges: Edge[] = [];
  private readonly registries: RegistryResolver;
  private readonly toolNodeIds = new Map<string, string>();
  /** Tool facts written through a factory call: their template is not a tool of its own. */
  private readonly instantiated = new Set<string>();

  constructor(
    private readonly program: Program,
    private readonly summaries: Summaries,
    private readonly envSwitches: Map<string, Map<string, EnvSwitch>>,
    private readonly diagnostics: Diagnostic[] = [],
    documentedTokens: Set<string> = new Set(),
  ) {
    this.registries = new RegistryResolver(program);
    this.records = new Records(program);
    this.loopTools = new LoopTools(program);
    this.wrapperTools = new WrapperTools(program);
    this.confirmationListed = confirmationListedTools(program);
    for (const name of documentedTokens) this.personalTokens.set(name, "the project's documentation calls it a personal token, which acts as the person who created it");
    for (const facts of program.files.values()) for (const name of facts.personalTokens ?? []) this.personalTokens.set(name, "the code's own messages call it a personal access token, which acts as the person who created it");
  }

  /** Tools a configured list names as asking the user first (`confirmationRequiredTools`), with where. */
  private readonly confirmationListed: Map<string, Location>;

  /** Variables the project's documentation or its code's messages call a personal token, and which said so. */
  private readonly personalTokens = new Map<string, string>();

  private readonly records: Records;

  private readonly loopTools: LoopTools;
  private readonly wrapperTools: WrapperTools;

  /** Notes on a tool node whether its implementation leaves a record of each call. */
  private markRecord(toolId: string, fnId: string, tool?: ToolFact): void {
    const node = this.nodes.get(toolId);
    if (node?.kind !== 'tool') return;
    // A tool that is one branch of its handler (`case 'run_code':`) is recorded by that branch and
    // by what the handler does for every call, not by another branch's log line.
    const range = tool?.attrs?.range as { start: number; end: number } | undefined;
    const found = range ? this.records.ofBranch(fnId, range) : this.records.of(fnId);
    const rank = { none: 0, 'opt-in': 1, record: 2 } as const;
    const before = node.record?.status ?? 'none';
    if (rank[found.status] > rank[before] || !node.record) node.record = { status: found.status, ...(found.location ? { location: found.location } : {}) };
    // No record unless the server's creator hands in a callback: the call that creates the server
    // without one is where the record is missing.
    if (node.record.status === 'none' && found.hook && !node.record.missingAt) {
      const seen: HookSearch = {};
      const missingAt = this.callWithoutHook(found.hook, tool, seen);
      if (missingAt) node.record = { ...node.record, missingAt };
      // Every creation provably passes a callback that does something: the calls are recorded
      // where it is handed in.
      else if (seen.provided && !seen.unresolved) node.record = { status: 'record', location: seen.provided };
    }
  }

  /**
   * The first production call, up the chain of functions that pass the option on, that creates
   * the server without the callback (`createSupabaseMcpServer({ platform, readOnly })` with no
   * `onToolCall`).
   */
  private callWithoutHook(hook: Extract<Val, { k: 'param' }>, tool: ToolFact | undefined, seen: HookSearch, depth = 0): Location | undefined {
    if (depth > 4) {
      seen.unresolved = true;
      return undefined;
    }
    const sites = this.program.callSitesOf(hook.fn).filter((site) => fileClass(site.loc.file) === 'production');
    // A factory shared by several servers (`createMcpServer` of two products): the creation that
    // hands it this tool.
    const handing = tool ? sites.filter((site) => this.handedTools(site).has(tool.id)) : [];
    for (const site of handing.length > 0 ? handing : sites) {
      let value: Val | undefined = site.args[hook.index];
      let rest: string[] = [];
      for (const [i, key] of hook.path.entries()) {
        const obj: Val | undefined = value ? this.program.deref(value) : undefined;
        // The options handed on whole (`createMcpServer(options)`): the callback is the caller's,
        // under the same path.
        if (obj?.k === 'param') {
          value = obj;
          rest = hook.path.slice(i);
          break;
        }
        // An object of the project's own class (`new MetricsTracker(…)`): its method of that name.
        const cls = obj?.k === 'new' ? this.program.classOf(this.program.deref(obj.callee)) : undefined;
        if (cls) {
          value = this.program.classMember(cls, key);
          if (!value) return site.loc;
          continue;
        }
        if (obj?.k !== 'obj' || obj.props.some((p) => p.spread)) {
          value = undefined;
          seen.unresolved = true;
          break;
        }
        value = obj.props.find((p) => p.key === key)?.v;
        if (!value) return site.loc;
      }
      if (!value) continue;
      const passed = this.program.deref(value);
      if (passed.k === 'lit' && passed.v == null) return site.loc;
      if (passed.k === 'param') {
        const above = this.callWithoutHook({ ...passed, path: [...passed.path, ...rest] }, undefined, seen, depth + 1);
        if (above) return above;
      } else if (passed.k === 'fn' && (this.program.functions.get(passed.id)?.calls.length ?? 0) > 0) seen.provided ??= site.loc;
      // Anything else (`hooks.onToolCall` of an object leash cannot read, a no-op `() => {}`) is
      // no proof of a record.
      else seen.unresolved = true;
    }
    return undefined;
  }

  private readonly handed = new Map<string, Set<string>>();

  /** The tools a call hands over in its arguments, by fact id (resolved once per call). */
  private handedTools(site: { args: Val[]; loc: Location }): Set<string> {
    const key = `${site.loc.file}:${site.loc.line}:${site.loc.column}`;
    let tools = this.handed.get(key);
    if (!tools) this.handed.set(key, (tools = new Set(site.args.flatMap((a) => this.registries.resolve(a).tools.map((t) => t.tool.id)))));
    return tools;
  }

  write(): GraphFragment {
    for (const agent of this.program.agents.values()) this.writeAgent(agent);
    // Tools defined but attached to no agent found here (libraries, MCP servers) are still tools.
    // Tools a project class builds from a handler and a definition (`new Action(run, schema)`).
    for (const fn of this.program.functions.values()) {
      for (const call of fn.calls) if (call.calleeText.startsWith('new ') && call.args.length >= 2) this.registries.constructedTool(call.args);
    }
    const attachments = new ToolAttachments(this.program, this.registries);
    for (const tool of [...this.program.tools.values()]) {
      // The registration inside a tool base class (`register(server) { server.registerTool(this.name, …) }`)
      // is each subclass's registration, not a tool of its own.
      if (attachments.isBaseRegistration(tool)) continue;
      if (tool.attrs?.dispatch) {
        this.writeDispatch(tool);
        continue;
      }
      // A tool a factory returns exists through its calls; one registered on a server inside a
      // helper (`registerTool(server, sourceId)`) exists as soon as the helper runs.
      if (this.toolNodeIds.has(tool.id) || this.instantiated.has(tool.id)) continue;
      const looped = this.guarded(tool, () => this.loopTools.instancesOf(tool) ?? this.wrapperTools.instancesOf(tool));
      if (looped) {
        for (const inst of looped) this.guarded(tool, () => this.edges.push(...attachments.toRegistrant(tool, this.writeTool({ tool, inst }), inst)));
        continue;
      }
      if (isTemplate(tool) && !tool.attrs?.registeredOn) continue;
      // `for (const handler of handlers) server.registerTool(handler.getToolConfig().name, …,
      // (args) => handler.handle(args))`: a registration with no name of its own that runs the
      // tool classes found by their shape is their registrar, not another tool.
      if (!tool.name && this.runsClassTools(tool)) continue;
      this.guarded(tool, () => {
        const toolId = this.writeTool({ tool });
        const edges = [...attachments.toRegistrant(tool, toolId), ...attachments.toLoader(tool, toolId)];
        this.edges.push(...edges, ...attachments.throughBaseRegistration(tool, toolId, edges.length > 0));
      });
    }
    for (const server of this.program.servers.values()) this.writeServer(server);
    this.writeSecretLiterals();
    this.writeModuleCredentials();
    this.writeServerProcessCredentials();
    return { nodes: [...this.nodes.values()], edges: this.edgesOfSplitAgents(this.edges) };
  }

  /**
   * One tool's analysis, kept from stopping the scan: code that nests or recurses past what the
   * linker can follow (a call stack overflow) loses that tool's reach, reported with its place,
   * and the other tools are analysed as usual.
   */
  private guarded<T>(tool: ToolFact, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;
      this.diagnostics.push({ file: tool.loc.file, line: tool.loc.line, column: tool.loc.column, code: 'analysis-limit', message: `tool ${tool.name ?? tool.bindingName ?? 'tool'}: the code nests too deeply to follow (${error.message}); what it reaches is unknown` });
      return undefined;
    }
  }

  private classToolImpls?: Set<string>;

  /** Whether a tool's implementation calls the run method of a tool class (one of several, or one). */
  private runsClassTools(tool: ToolFact): boolean {
    this.classToolImpls ??= new Set([...this.program.tools.values()].filter((t) => t.attrs?.classId && t.impl?.k === 'fn').map((t) => (t.impl as Extract<Val, { k: 'fn' }>).id));
    if (this.classToolImpls.size === 0 || !tool.impl) return false;
    const impl = this.program.deref(tool.impl);
    if (impl.k !== 'fn') return false;
    const fns = [this.program.functions.get(impl.id), ...(this.program.childFunctions.get(impl.id) ?? [])];
    return fns.some((fn) =>
      (fn?.calls ?? []).some((call) => {
        const target = this.program.deref(call.callee);
        // `handler.handle(…)` with `handler` an element of a list of tool class instances.
        const method = target.k === 'member' ? target.prop : undefined;
        const elements = method && target.k === 'member' && target.obj.k === 'member' && target.obj.prop === '[]' && !target.obj.key ? arrayItems(this.program, target.obj.obj) : undefined;
        const fromElements = (elements ?? []).map((item) => this.program.deref(memberOf(item, method!))).flatMap((v) => (v.k === 'fn' ? [v.id] : []));
        const runs = [...fromElements, ...(this.program.memberOfEach(target) ?? (target.k === 'fn' ? [target.id] : this.program.declaredTypes.methodTargets(call.callee).targets))];
        return runs.some((id) => this.classToolImpls!.has(id));
      }),
    );
  }

  private writeAgent(fact: AgentFact): void {
    // A runtime that hosts agents (`new Mastra({ agents, observability })`) is not an agent: its
    // audit covers the agents it registers.
    if (fact.attrs?.instance) {
      for (const agent of this.registries.resolve(fact.handoffs).agents) {
        for (const audit of fact.audits) {
          const auditId = `audit:${fact.id}:${audit.mechanism}`;
          this.nodes.set(auditId, { id: auditId, kind: 'audit', name: audit.mechanism, mechanism: audit.mechanism, enabled: audit.enabled, location: audit.loc });
          this.edges.push({ from: factNodeId('agent', agent.id), to: auditId, kind: 'audited-by', evidence: [audit.loc] });
        }
      }
      return;
    }
    // An agent built inside the project's own wrapper (`toolCallAgentStream({ messages, tools })`)
    // from the wrapper's parameters is a different agent at each call: the assistant and the
    // onboarding chat hold only the tools each hands over.
    const sites = this.wrapperCallSites(fact);
    if (sites) {
      const ids = sites.map((site) => this.writeAgentAt(fact, site));
      this.splitAgents.set(factNodeId('agent', fact.id), [...new Set(ids)]);
      return;
    }
    this.writeAgentAt(fact);
  }

  /**
   * The production calls of the wrapper function whose parameters fill in an agent's tools: one
   * agent each. Undefined when the tools are not the wrapper's, or the wrapper is called from no
   * production code or from too many places to tell apart.
   */
  private wrapperCallSites(fact: AgentFact): WrapperSite[] | undefined {
    if (!fact.tools) return undefined;
    const owners = new Set<string>();
    walkVal(fact.tools, (v) => {
      if (v.k === 'param') owners.add(v.fn);
    });
    if (owners.size !== 1) return undefined;
    const wrapper = [...owners][0];
    const fn = this.program.functions.get(wrapper);
    // A closure's parameters are its callback arguments, not a wrapper's options.
    if (!fn || fn.parent) return undefined;
    const sites = this.program.callSitesOf(wrapper).filter((c) => fileClass(c.loc.file) === 'production' && c.caller !== wrapper);
    if (sites.length === 0 || sites.length > MAX_WRAPPER_SITES) return undefined;
    // A factory that builds the same tools whoever calls it (`researcher({ model, writer })`) makes
    // one agent, described where it is built; only tool sets that differ by caller are told apart,
    // and calls handing over the same set (two methods of one agent class) are one agent. A wrapper
    // called from one place is the agent of that place, found there.
    const bySet = new Map<string, (typeof sites)[number]>();
    for (const site of sites) {
      const registry = this.registries.resolve(substitute(fact.tools, wrapper, site.args));
      const tools = registry.tools.map((t) => `${t.tool.id}@${t.inst ? `${t.inst.loc.file}:${t.inst.loc.line}` : ''}`).sort();
      const set = [...tools, ...registry.unknown.map((u) => `?${u.why}`).sort()].join('|');
      if (!bySet.has(set)) bySet.set(set, site);
    }
    if (sites.length > 1 && bySet.size === 1) return undefined;
    return [...bySet.values()].map((site) => ({ wrapper, args: site.args, loc: site.loc, caller: this.program.functions.get(site.caller) }));
  }

  private callsByLocation?: Map<string, FunctionFact>;

  /** Whether a call runs only when something failed: in a `catch` block, a `.catch(…)` or an error listener. */
  private onFailurePath(at: Location): boolean {
    const key = (l: Location) => `${l.file}:${l.line}:${l.column}`;
    if (!this.callsByLocation) {
      this.callsByLocation = new Map();
      for (const fn of this.program.functions.values()) for (const call of fn.calls) this.callsByLocation.set(key(call.loc), fn);
    }
    const fn = this.callsByLocation.get(key(at));
    if (!fn) return false;
    if (fn.catchBlocks?.some((block) => contains(block, at))) return true;
    const parent = fn.parent ? this.program.functions.get(fn.parent) : undefined;
    return !!parent && failureCallbacks(parent).has(fn.id);
  }

  /** Agents written once per call of their wrapper: the wrapper's agent id → the agents' ids. */
  private readonly splitAgents = new Map<string, string[]>();

  /** Edges that name a wrapper's agent (a handoff to it, its audit) name each of its per-call agents. */
  private edgesOfSplitAgents(edges: Edge[]): Edge[] {
    if (this.splitAgents.size === 0) return edges;
    return edges.flatMap((e) => {
      const from = this.splitAgents.get(e.from) ?? [e.from];
      const to = this.splitAgents.get(e.to) ?? [e.to];
      return from.flatMap((f) => to.map((t) => (f === e.from && t === e.to ? e : { ...e, from: f, to: t })));
    });
  }

  private writeAgentAt(fact: AgentFact, site?: WrapperSite): string {
    const callerName = site?.caller && site.caller.name !== '<module>' ? site.caller.name : undefined;
    let id = site ? factNodeId('agent', `${site.loc.file}#${callerName ?? 'module'}/${fact.name}`) : factNodeId('agent', fact.id);
    // One function calling the wrapper twice with different tools makes two agents (`~2`, like tools).
    if (site) for (let n = 2, base = id; this.nodes.has(id); n++) id = `${base}~${n}`;
    const field = (val: Val | undefined) => (val && site ? substitute(val, site.wrapper, site.args) : val);
    const registry = this.registries.resolve(field(fact.tools));
    const handoffs = this.registries.resolve(field(fact.handoffs));
    const servers = this.registries.resolve(field(fact.mcpServers));
    const node: AgentNode = {
      id,
      kind: 'agent',
      name: site ? `${callerName ?? site.loc.file} (${fact.name})` : fact.name,
      framework: fact.framework,
      origin: 'code',
      construct: fact.construct,
      location: site?.loc ?? fact.loc,
      ...(fact.dynamic?.length || registry.unknown.length ? { dynamicTools: [...(fact.dynamic ?? []).map((d) => ({ reason: d.reason, location: d.loc })), ...registry.unknown.map((u) => ({ reason: u.why, ...(u.loc ? { location: u.loc } : {}) }))] } : {}),
      ...(fact.attrs ? { attrs: fact.attrs } : {}),
      // Agents configured like a harness (Claude Agent SDK options) carry harness settings.
      ...(fact.attrs?.harness ? { harness: fact.attrs.harness as AgentNode['harness'] } : {}),
    };
    this.nodes.set(id, node);
    // `activeTools` narrows an AI SDK registry to the listed keys.
    const active = Array.isArray(fact.attrs?.activeTools) ? (fact.attrs.activeTools as string[]) : undefined;
    for (const entry of registry.tools) {
      if (active && entry.key && !active.includes(entry.key)) continue;
      if (!entry.tool.name && !entry.key && this.runsClassTools(entry.tool)) continue;
      const toolId = this.writeTool(entry);
      this.edges.push({ from: id, to: toolId, kind: 'has-tool', evidence: [entry.inst?.loc ?? entry.tool.loc] });
      if (entry.tool.kind === 'agent-as-tool') {
        for (const inner of this.registries.resolve(entry.tool.agent).agents) {
          this.edges.push({ from: toolId, to: factNodeId('agent', inner.id), kind: 'delegates', evidence: [entry.tool.loc] });
        }
      }
    }
    for (const other of [...registry.agents, ...handoffs.agents]) this.edges.push({ from: id, to: factNodeId('agent', other.id), kind: 'delegates', evidence: [fact.loc] });
    for (const server of [...registry.servers, ...servers.servers]) {
      this.edges.push({ from: id, to: this.serverId(server), kind: 'uses-server', evidence: [fact.loc] });
      // An in-process SDK server (Claude Agent SDK `createSdkMcpServer`) brings its tools along.
      for (const entry of this.registries.resolve(server.tools).tools) {
        this.edges.push({ from: id, to: this.writeTool(entry), kind: 'has-tool', evidence: [server.loc] });
      }
    }
    // Credentials handed to the agent process itself (`env`, or the whole environment by default).
    for (const credential of fact.credentials ?? []) this.credentialEdges(id, flowOf(credential, this.program).env, fact.loc);
    // Secrets written into what the model reads (instructions, system prompt, prompt).
    for (const entry of fact.context ?? []) this.credentialEdges(id, flowOf(entry.v, this.program).env, entry.loc, { context: 'prompt', key: entry.key });
    for (const gate of fact.gates) {
      const gateId = `gate:${fact.id}:${gate.mechanism}:${gate.tools?.join(',') ?? '*'}`;
      this.nodes.set(gateId, { id: gateId, kind: 'gate', name: gate.mechanism, mechanism: gate.mechanism, strength: gate.strength, location: gate.loc });
      this.edges.push({ from: id, to: gateId, kind: 'gated-by', evidence: [gate.loc], ...(gate.tools ? { attrs: { tools: gate.tools } } : {}) });
    }
    for (const audit of fact.audits) {
      const auditId = `audit:${fact.id}:${audit.mechanism}`;
      this.nodes.set(auditId, { id: auditId, kind: 'audit', name: audit.mechanism, mechanism: audit.mechanism, enabled: audit.enabled, location: audit.loc });
      this.edges.push({ from: id, to: auditId, kind: 'audited-by', evidence: [audit.loc] });
    }
    return id;
  }

  /** Writes a tool node once per definition (or per factory call) and returns its id. */
  private writeTool(entry: Omit<ToolEntry, 'tool'> & { tool: ToolFact }): string {
    const { tool, inst } = entry;
    const key = inst ? `${tool.id}@${inst.loc.file}:${inst.loc.line}:${inst.loc.column}` : tool.id;
    const existing = this.toolNodeIds.get(key);
    if (existing) return existing;
    if (inst) this.instantiated.add(tool.id);
    const field = (val: Val | undefined) => (val && inst ? substitute(val, inst.fn, inst.args) : val);
    const instOptions = inst ? inst.args[0] : undefined;
    // A name built from the factory's parameters (`query_${table}`) is known per factory call.
    const instNameVal = inst && tool.nameVal ? substitute(tool.nameVal, inst.fn, inst.args) : undefined;
    const instName = instNameVal ? ((inst && defaultedName(tool.nameVal, inst.fn, inst.args, this.program)) ?? constantText(instNameVal, (v) => this.program.deref(v)) ?? templateText(this.program.deref(instNameVal))) : undefined;
    const name = (instName && !instName.includes('*') ? instName : undefined) ?? tool.name ?? stringOf(prop(instOptions, 'name')) ?? stringOf(prop(instOptions, 'id')) ?? (tool.nameVal && !inst ? this.resolvedName(tool.nameVal) : undefined) ?? entry.key ?? tool.bindingName ?? entry.via ?? 'tool';
    const id = inst ? `tool:${inst.loc.file}#${entry.key ?? entry.via ?? name}` : factNodeId('tool', tool.id);
    // A factory that writes its tool's description itself (`deleteFileTool(ctx) => tool({
    // description: 'Delete a file', … })`) is that tool's definition; a generic one
    // (`makeTool(name, description, run)`) is defined by each call.
    const definesItself = tool.description !== undefined && !instName;
    this.toolNodeIds.set(key, id);
    const listed = tool.schema ? undefined : this.listedTool(tool, name);
    const schemaVal = field(tool.schema) ?? (listed ? prop(listed, 'inputSchema') : undefined);
    const schema: SchemaInfo | undefined = tool.kind === 'function' || schemaVal ? readSchema(schemaVal, this.program) : undefined;
    const description = tool.description ?? stringOf(prop(listed, 'description')) ?? (inst && tool.descriptionVal ? templateText(this.program.deref(field(tool.descriptionVal)!)) : undefined);
    const node: ToolNode = {
      id,
      kind: 'tool',
      name,
      framework: tool.framework,
      toolKind: tool.kind,
      location: inst && !definesItself ? inst.loc : tool.loc,
      ...(description ? { description } : {}),
      ...(schema ? { schema: { ...schema, location: tool.schemaLoc ?? tool.loc } } : {}),
      ...(tool.annotations ? { annotations: tool.annotations } : {}),
      ...(tool.kind === 'mcp' && !tool.attrs?.allowedTools ? { unbounded: true } : {}),
      attrs: { construct: tool.construct, ...(tool.repeated ? { repeated: true } : {}), ...(tool.attrs ?? {}) },
    };
    this.nodes.set(id, node);
    if (tool.descriptionVal) this.credentialEdges(id, flowOf(field(tool.descriptionVal)!, this.program).env, tool.loc, { context: 'description' });
    const listedForConfirmation = this.confirmationListed.get(name);
    const gates = listedForConfirmation ? [...tool.gates, { mechanism: 'listed among the tools that ask for confirmation', strength: 'always' as const, loc: listedForConfirmation }] : tool.gates;
    for (const gate of gates) {
      const gateId = `gate:${id.slice(5)}:${gate.mechanism}`;
      this.nodes.set(gateId, { id: gateId, kind: 'gate', name: gate.mechanism, mechanism: gate.mechanism, strength: gate.strength, location: gate.loc });
      this.edges.push({ from: id, to: gateId, kind: 'gated-by', evidence: [gate.loc] });
    }
    // A built-in whose work is done by the project's own object (`shellTool({ shell: new LocalShell() })`)
    // is judged by that object's methods; the built-in's generic operation stands only when they are unknown.
    const delegated = tool.kind === 'provider' ? this.implementations(tool.impl) : [];
    for (const op of delegated.length > 0 ? [] : tool.builtinOps ?? []) {
      const hosted = tool.attrs?.hosted === true;
      const delegate = tool.attrs?.implementedBy;
      const provenance: Provenance = hosted ? { kind: 'constrained', by: 'sandbox', detail: 'runs in the provider sandbox' } : delegate ? { kind: 'unknown', reason: `the ${String(delegate)} object passed to the tool decides what it touches` } : { kind: 'model' };
      this.reach(id, op.op, provenance, [op.loc], [name, op.sink], { sink: op.sink, builtin: true });
    }
    // The environment a built-in tool hands to the commands it runs (`env: process.env` = all of it).
    if (tool.env) this.credentialEdges(id, flowOf(field(tool.env.v)!, this.program).env, tool.env.loc);
    if (delegated.length > 0) for (const fnId of delegated) this.writeImplementation(id, name, tool, fnId, schema, inst);
    else {
      const impl = field(tool.impl);
      const target = impl ? this.program.deref(impl) : undefined;
      // `execute: withErrorHandling(async (params) => …)`: the wrapped function does the work; what
      // the wrapper adds (a log line per call) still counts as the tool's record.
      // A closure the project's own wrapper makes (`trackTool(name, callback, …, onError)` returning
      // `async (...args) => callback(...args)`) is followed whole: its last function argument may be
      // an error handler, not the tool.
      // Unless following that closure finds nothing (`fn.apply(this, args)`): then the wrapped
      // function is the tool, as for any middleware.
      const wrapperClosure = target?.k === 'fn' && target.inst !== undefined && impl?.k === 'call' && this.summaries.of(target.id, this.summaries.madeInstance(target.inst)).length > 0;
      const wrapped = impl && !wrapperClosure ? wrappedFunction(impl) : undefined;
      if (wrapped?.k === 'fn') {
        this.writeImplementation(id, name, tool, wrapped.id, schema, inst);
        if (target?.k === 'fn') this.markRecord(id, target.id);
      } else if (target?.k === 'fn') this.writeImplementation(id, name, tool, target.id, schema, target.inst ? this.summaries.madeInstance(target.inst) : inst);
    }
    if (tool.server) for (const server of this.registries.resolve(field(tool.server)).servers) this.edges.push({ from: id, to: this.serverId(server), kind: 'uses-server', evidence: [tool.loc] });
    // A tool the CallTool handler hands on to a dispatcher is recorded by what that handler records too.
    const entryHandler = tool.attrs?.entryHandler ? this.program.deref(tool.attrs.entryHandler as Val) : undefined;
    if (entryHandler?.k === 'fn') this.markRecord(id, entryHandler.id, tool);
    return id;
  }

  /**
   * A handler that dispatches by name through a registry: every entry of that registry is a tool
   * of the server the handler is registered on.
   */
  private writeDispatch(dispatch: ToolFact): void {
    const handler = dispatch.impl ? this.program.deref(dispatch.impl) : undefined;
    if (handler?.k !== 'fn') return;
    const agents = this.registries.resolve(dispatch.attrs?.registeredOn as Val | undefined).agents;
    let resolved = 0;
    // A switch on the tool name, here or in the function the handler hands the name to.
    for (const branch of nameBranches(this.program, handler.id)) {
      resolved++;
      const fact: ToolFact = {
        id: `${branch.loc.file}#tool:${branch.name}`,
        framework: 'mcp',
        construct: 'CallToolRequestSchema dispatch',
        kind: 'function',
        name: branch.name,
        impl: { k: 'fn', id: branch.fn },
        inputParam: branch.input,
        gates: [],
        loc: branch.loc,
        // `entry`: the CallTool handler every call of the server arrives through.
        attrs: { registeredOn: dispatch.attrs?.registeredOn, range: { start: branch.start, end: branch.end }, listHandlers: dispatch.attrs?.listHandlers, ...(this.program.functions.get(handler.id) ? { entry: this.program.functions.get(handler.id)!.loc } : {}) },
      };
      this.writeDispatchedTool(fact, handler.id, agents, dispatch.loc);
    }
    for (const { registry, at } of dispatchRegistries(this.program, handler.id)) {
      for (const entry of this.registries.resolve(registry).tools) {
        resolved++;
        const toolId = this.writeTool(entry);
        // Every call of these tools runs through the call that looked it up: where a record belongs.
        const node = this.nodes.get(toolId);
        if (node?.kind === 'tool' && !node.attrs?.entry) node.attrs = { ...node.attrs, entry: at };
        // What the dispatching handler records, it records for every tool it runs.
        this.markRecord(toolId, handler.id, entry.tool);
        for (const agent of agents) this.edges.push({ from: factNodeId('agent', agent.id), to: toolId, kind: 'has-tool', evidence: [dispatch.loc] });
      }
    }
    if (resolved > 0) return;
    // No implementation resolved: the server's tools are still the definitions it lists.
    const listed = listedDefinitions(this.program, (dispatch.attrs?.listHandlers as (Val | undefined)[] | undefined) ?? []);
    for (const { name, definition, loc } of listed) {
      const at = loc ?? dispatch.loc;
      const fact: ToolFact = {
        id: `${at.file}#tool:${name}`,
        framework: 'mcp',
        construct: 'ListTools definition',
        kind: 'function',
        name,
        ...(prop(definition, 'inputSchema') ? { schema: prop(definition, 'inputSchema') } : {}),
        ...(stringOf(prop(definition, 'description')) ? { description: stringOf(prop(definition, 'description')) } : {}),
        gates: [],
        loc: at,
        // `implementationUnknown`: what its fields reach is not known, only that the server lists it.
        attrs: { registeredOn: dispatch.attrs?.registeredOn, implementationUnknown: true, ...(this.program.functions.get(handler.id) ? { entry: this.program.functions.get(handler.id)!.loc } : {}) },
      };
      this.writeDispatchedTool(fact, handler.id, agents, dispatch.loc);
    }
    this.writeUnlistedDispatch(dispatch, handler.id, agents, listed.length > 0);
  }

  /**
   * A handler that runs whatever tool the name picks from data leash cannot list (tools built from
   * an OpenAPI document, a plugin folder): the server's tools are unknown, and it says so. What the
   * handler itself can reach is still analysed, as one tool standing for all of them.
   */
  private writeUnlistedDispatch(dispatch: ToolFact, handlerId: string, agents: AgentFact[], listed: boolean): void {
    const reason = listed ? 'the CallTool handler runs the tools it lists through a lookup leash could not follow' : 'the CallTool handler runs tools looked up by name in data leash could not list';
    for (const agent of agents) {
      const node = this.nodes.get(factNodeId('agent', agent.id));
      if (node?.kind === 'agent') node.dynamicTools = [...(node.dynamicTools ?? []), { reason, location: dispatch.loc }];
    }
    const fact: ToolFact = { ...dispatch, id: `${dispatch.id}#unlisted`, kind: 'function', name: UNLISTED_TOOLS, impl: { k: 'fn', id: handlerId } };
    this.writeDispatchedTool(fact, handlerId, agents, dispatch.loc);
  }

  /** One tool of a CallTool handler's server: written once, recorded by what the handler records, offered by the server's agents. */
  private writeDispatchedTool(fact: ToolFact, handlerId: string, agents: AgentFact[], at: Location): void {
    if (this.toolNodeIds.has(fact.id)) return;
    this.program.tools.set(fact.id, fact);
    const toolId = this.writeTool({ tool: fact });
    this.markRecord(toolId, handlerId, fact);
    for (const agent of agents) this.edges.push({ from: factNodeId('agent', agent.id), to: toolId, kind: 'has-tool', evidence: [at] });
  }

  /**
   * A name computed at run time, as far as the code says: a literal, or the first literal among
   * the values it may take (`single ? 'execute_sql' : \`execute_sql_${id}\``).
   */
  private resolvedName(val: Val): string | undefined {
    const value = this.program.deref(val);
    const options = value.k === 'union' ? value.options.map((o) => this.program.deref(o)) : [value];
    for (const option of options) {
      const text = stringOf(option);
      if (text) return text;
    }
    for (const option of options) {
      const text = templateText(option);
      if (text && !text.startsWith('*')) return text.replace(/_?\*$/, '');
    }
    return undefined;
  }

  /** The functions a delegate object's methods resolve to (`new LocalShell().run`), when any do. */
  private implementations(impl: Val | undefined): string[] {
    if (!impl) return [];
    const options = impl.k === 'union' ? impl.options : [impl];
    return options.flatMap((o) => {
      const target = this.program.deref(o);
      return target.k === 'fn' ? [target.id] : [];
    });
  }

  /** Adds input fields to what the tool is known to hand on to operations (see `inputAtSinks`). */
  private noteInputFields(toolId: string, fields: Iterable<string>): void {
    const node = this.nodes.get(toolId);
    if (node?.kind !== 'tool') return;
    node.inputAtSinks = [...new Set([...(node.inputAtSinks ?? []), ...fields])].sort();
  }

  /** A low-level MCP tool's declaration (`{ name, description, inputSchema }`) in a ListTools handler. */
  private listedTool(tool: ToolFact, name: string): Val | undefined {
    const handlers = (tool.attrs?.listHandlers as (Val | undefined)[] | undefined) ?? [];
    return handlers.length > 0 ? listedDefinitions(this.program, handlers).find((d) => d.name === name)?.definition : undefined;
  }

  private writeImplementation(toolId: string, toolName: string, tool: ToolFact, implId: string, schema: SchemaInfo | undefined, inst: ToolEntry['inst']): void {
    const impl = this.program.functions.get(implId);
    this.markRecord(toolId, implId, tool);
    const start = impl?.loc ?? tool.loc;
    // A tool that is one branch of a shared handler (MCP CallTool `case`) owns only its lines.
    const range = tool.attrs?.range as { start: number; end: number } | undefined;
    if (schema?.noArguments && impl && readsInput(this.program, impl, tool.inputParam, range)) {
      const node = this.nodes.get(toolId);
      if (node?.kind === 'tool') node.attrs = { ...node.attrs, readsInput: true };
    }
    this.noteInputFields(toolId, inputToOpaqueCode(this.program, implId, tool.inputParam));
    const hits = this.summaries.of(implId, inst).filter((h) => !range || (h.path[0] && h.path[0].location.line >= range.start && h.path[0].location.line <= range.end));
    const written = new Set(hits.filter((h) => CREATES_FILE.test(h.path[h.path.length - 1]?.label ?? '')).map(samePathKey).filter((k): k is string => k !== undefined));
    for (const hit of hits) {
      const human = this.humanCredential(hit);
      if (human) {
        this.humanCredentialEdge(toolId, human, hit.sinkLocation);
        if (hit.op === 'cred.human') continue;
      }
      // Deleting a temp file the code named itself (`${path}.${randomBytes(8)}.tmp`, a `mkdtemp`
      // folder) is housekeeping, not an access the model has.
      if (hit.op === 'fs.delete' && hit.flow.fresh) continue;
      // Removing the file the same code writes, when writing it fails (`fs.unlink(fullPath)` in the
      // download's catch or error listener), takes nothing the write did not: the write is the
      // access to judge. A tool that writes or deletes as the model asks deletes for real.
      if (hit.op === 'fs.delete' && written.has(samePathKey(hit) ?? '') && this.onFailurePath(hit.sinkLocation)) continue;
      // The same for an API object the code just made (a temporary statement named with a random
      // suffix, the branch a create call returned): deleting it again is cleanup.
      if (hit.op === 'api.delete' && hit.target?.fresh) continue;
      let provenance = provenanceOf(runsShellLine(hit) ? withoutLiteralEscapes(hit.flow) : hit.flow, implId, tool.inputParam, schema, hit.op);
      // A URL whose scheme and host are written in the code only lets the model pick the path.
      // A fetching service (Firecrawl, Jina Reader, a scraping API) fetches whatever URL the model
      // hands it, but from its own servers: nothing on this network is reachable through it, while
      // the page it returns is still the model's pick (the trifecta's legs read that).
      if (hit.op === 'net.http' && provenance.kind === 'model' && isFetchProxy(hit.flow.text)) provenance = { kind: 'constrained', by: 'remote-fetch', detail: `fetched by ${fixedHost(hit.flow.text)}, not from this network` };
      else if (hit.op === 'net.http' && provenance.kind === 'model' && fixedHost(hit.flow.text)) provenance = { kind: 'constrained', by: 'host-allowlist', detail: `fixed host ${fixedHost(hit.flow.text)}` };
      // `${apiUrl}${path}` with `apiUrl` from configuration: the model writes the path, not the host.
      // A path alone (`/instances/${id}`) goes to the host the client was configured with.
      else if (hit.op === 'net.http' && provenance.kind === 'model' && /^\/(?!\/)/.test(hit.flow.text)) provenance = { kind: 'constrained', by: 'host-allowlist', detail: "a path on the client's configured host" };
      else if (hit.op === 'net.http' && provenance.kind === 'model' && hit.origin && provenanceOf(hit.origin, implId, tool.inputParam, schema).kind !== 'model') provenance = { kind: 'constrained', by: 'host-allowlist', detail: 'the host comes from configuration; the model writes only the path' };
      if (provenance.kind === 'model') this.noteInputFields(toolId, inputAtSink(hit.flow, implId, tool.inputParam));
      // A delete inside a read accessor of the server's own store (`get()` evicting an expired
      // entry, `readCache()` dropping a corrupt file) is housekeeping, unless the model picks what
      // goes: reading a setting is not destroying anything.
      if (/^(?:fs|api|db)\.delete$/.test(hit.op) && provenance.kind !== 'model' && this.insideReadAccessor(hit.path)) continue;
      const evidence = [start, ...hit.path.map((h) => h.location)];
      const via = [toolName, ...hit.path.map((h) => h.label)];
      // A sink inside a helper used from more than one place (`execFileSafe`, `runQuery`) is each
      // tool's problem at the call that hands it the model's input: the finding is anchored at the
      // deepest such call. A helper of one caller is part of its tool, and the sink itself is the
      // place to look. A call through an interface (`runtime.exec(script)`) is such a call too:
      // whichever implementation runs, the problem is the one call that hands it the input.
      // A dispatcher that looks the tool up by the arguments it is given (`api.run(tool.method, arg)`)
      // is every tool's: only the calls below it are this tool's own.
      const chosen = hit.path.map((h) => h.chosen === true).lastIndexOf(true);
      const shared = sharedHelperCall(hit.path, chosen, implId, this.program, (h) => h.dispatched === true || (!!h.fn && this.program.callSitesOf(h.fn).filter((c) => fileClass(c.loc.file) === 'production').length >= SHARED_HELPER_CALLERS));
      // A file the shared helper names itself from a record of the request's fields (a cache entry
      // keyed by `{ ticker, period }`) is the helper's naming: one place, found at the file call.
      const namedByHelper = /^fs\./.test(hit.op) && shared?.record === true;
      const anchor = shared && !namedByHelper ? { anchor: shared.location } : {};
      // An API operation is named by the call the tool makes on its client (`neonClient.deleteProject(id)`,
      // `this.request(url, 'DELETE')`), as it is when the client's code is out of sight: the
      // request inside the client's method is anchored back at the call of that method. A plain
      // helper function (`deleteLabel(gmail, id)`) is no client: its API call is the place to look.
      const ownCall = hit.path.length > 1 && hit.path[hit.path.length - 2].method ? hit.path[hit.path.length - 2] : undefined;
      const apiAnchor = shared ? anchor : ownCall ? { anchor: ownCall.location } : {};
      // A command line that starts an agent CLI with its approvals off: the flag is named in the finding.
      const approvalsOff = hit.op === 'shell.exec' && hit.spawn ? approvalsOffFlag(hit.spawn.argv.text, hit.spawn.binary.text, hit.spawn.binary.constant) : undefined;
      this.reach(toolId, hit.op, provenance, evidence, via, { sink: hit.spec.id, ...(hit.flow.constant ? { text: hit.text } : {}), ...(approvalsOff ? { approvalsOff } : {}), ...(hit.op === 'api.delete' ? apiAnchor : anchor) });
      // A hole the model fills from a fixed list (`git stash ${mode}` with `mode: z.enum([…, 'clear'])`)
      // destroys when one of its choices does.
      const choices = hit.text.includes('${…}') ? enumChoicesAtSink(hit.flow, implId, tool.inputParam, schema) : [];
      let destructive = DESTRUCTIVE_TEXT.find((d) => d.pattern.test(hit.text));
      let destroyingChoice: string | undefined;
      for (const choice of destructive ? [] : choices) {
        destructive = DESTRUCTIVE_TEXT.find((d) => d.pattern.test(hit.text.replaceAll('${…}', choice)));
        if (destructive) {
          destroyingChoice = choice;
          break;
        }
      }
      // The same call written once per choice (`case 'clear': … execGit(cmd)`): the one in the
      // destroying choice's case is the place to read.
      const inCase = destroyingChoice ? this.callInCase(hit.path, destroyingChoice) : undefined;
      if (destructive && destructive.op !== hit.op) this.reach(toolId, destructive.op, provenance, evidence, via, { sink: hit.spec.id, text: hit.text, matched: destructive.pattern.source, ...(inCase ? { anchor: inCase } : anchor) });
      // An HTTP DELETE removes whatever the URL names on the service; so does a POST to an action
      // endpoint named for destroying (`/instances/${id}/rebuild`).
      // Only on a service the code names: a DELETE to any URL the model picks is arbitrary HTTP already.
      if (hit.op === 'net.http' && provenance.kind !== 'model' && (hit.method === 'DELETE' || (hit.method === 'POST' && DESTRUCTIVE_ACTION_PATH.test(hit.flow.text)))) this.reach(toolId, 'api.delete', provenance, evidence, via, { sink: `${hit.spec.id} ${hit.method}`, ...apiAnchor });
      // git run without a shell still reads a model value that starts with `-` as an option, and
      // some of its options run a program or write a file (`--upload-pack=…`, `--output=…`).
      // (A fixed binary is no narrowing of its arguments here: git itself reads them as options.)
      const injected = hit.spawn && !hit.spawn.runsShell && hit.spawn.binary.constant ? gitOptionInjection(`${hit.spawn.binary.text} ${hit.spawn.argv.text}`) : undefined;
      const asOptions = injected ? provenanceOf(withoutFixedBinary(hit.flow), implId, tool.inputParam, schema, injected.op, true) : undefined;
      if (injected && asOptions?.kind === 'model') this.reach(toolId, injected.op, asOptions, evidence, via, { sink: 'git option injection', option: injected.option, subcommand: injected.subcommand, ...anchor });
      // A browser sent to a URL the model picks opens `file://` URLs too: the page is then a local
      // file, which the tools that read pages (snapshot, text, evaluate) hand back. Only an unchecked
      // URL: a host or scheme check narrows the provenance.
      if (hit.spec.id === 'page.goto' && provenance.kind === 'model') this.reach(toolId, 'fs.read', provenance, evidence, via, { sink: 'page.goto file://', ...anchor });
    }
    const seen = new Set<string>();
    for (const read of this.summaries.envOf(implId)) {
      // Reading the whole environment is not passing it on: `inherits-env` comes from sinks below.
      if (read.name === '*' || seen.has(read.name)) continue;
      seen.add(read.name);
      this.credentialEdges(toolId, [read.name], read.loc);
    }
    for (const hit of hits) if (hit.inheritsEnv) this.credentialEdges(toolId, ['*'], hit.inheritsEnv, { via: hit.spec.id });
    // What the tool returns goes back into the model's context. Only a secret returned as such
    // counts: the result of a call made with a secret (a query on an authenticated client) is data.
    for (const returned of impl?.returns ?? []) {
      const env = this.directEnv(returned, 0);
      if (env.length > 0) this.credentialEdges(toolId, env, impl!.loc, { context: 'result' });
    }
  }

  /**
   * For a call on a sink's path that sits in a function switching on the model's choice
   * (`switch (options.mode)`), the same call in the case named `choice`, when there is one.
   */
  private callInCase(path: Hop[], choice: string): Location | undefined {
    for (const hop of path) {
      for (const fn of this.program.functions.values()) {
        if (fn.loc.file !== hop.location.file || !fn.branches) continue;
        const call = fn.calls.find((c) => c.loc.line === hop.location.line && c.loc.column === hop.location.column);
        const branch = call && fn.branches.find((b) => b.name === choice);
        if (!branch) continue;
        return fn.calls.find((c) => c.calleeText === call!.calleeText && branch.start <= c.loc.line && c.loc.line <= branch.end)?.loc;
      }
    }
    return undefined;
  }

  /** A person's credential a sink call uses: an SDK's profile or SSO chain, `gh auth token`, `~/.aws/credentials`. */
  private humanCredential(hit: SinkHit): { id: string; reference: string } | undefined {
    if (hit.op === 'cred.human') return { id: chainCredentialId(hit.spec.id), reference: CHAIN_NAMES[hit.spec.id] ?? hit.spec.id };
    // Only a command or a file read can fetch such a credential; a request merely carrying it is not one.
    if (!/^(?:shell|process|fs)\./.test(hit.op)) return undefined;
    const text = HUMAN_CREDENTIAL_TEXT.find((h) => h.pattern.test(hit.text));
    return text ? { id: fileCredentialId(text.reference), reference: text.reference } : undefined;
  }

  private humanCredentialEdge(from: string, credential: { id: string; reference: string }, loc: Location): void {
    if (!this.nodes.has(credential.id)) {
      this.nodes.set(credential.id, { id: credential.id, kind: 'credential', name: credential.reference, source: credential.id.startsWith('cred:chain:') ? 'default-chain' : 'file', reference: credential.reference, class: 'human', classReason: "an engineer's own login, profile or key file", location: loc });
    }
    this.edges.push({ from, to: credential.id, kind: 'holds', evidence: [loc] });
  }

  /** Module-level credential sources (a client built with `fromIni()` at import time) serve the file's agents and tools. */
  private writeModuleCredentials(): void {
    for (const facts of this.program.files.values()) {
      const agents = facts.agents.map((a) => factNodeId('agent', a.id));
      const holders = agents.length ? agents : facts.tools.map((t) => this.toolNodeIds.get(t.id)).filter((x): x is string => !!x);
      if (holders.length === 0) continue;
      for (const hit of this.summaries.of(facts.topLevel.id)) {
        const human = this.humanCredential(hit);
        if (human) for (const holder of holders) this.humanCredentialEdge(holder, human, hit.sinkLocation);
      }
    }
  }

  /**
   * An MCP server's tools act with what its process read at startup: a token taken from the
   * environment in the entry that starts the server (`main()` in `stdio.ts`) or in the config
   * module the server imports. Those reads sit outside every tool, so no tool's path shows them,
   * yet every tool of the server runs with them: the server holds them. Looked for in the file
   * that builds the server, the files it imports, and the files importing it (two levels).
   */
  private noteSwitch(agentId: string, envSwitch: EnvSwitch): void {
    const node = this.nodes.get(agentId);
    if (node?.kind !== 'agent') return;
    const switches = (node.attrs?.switches ?? []) as EnvSwitch[];
    node.attrs = { ...node.attrs, switches: [...switches, envSwitch] };
  }

  private writeServerProcessCredentials(): void {
    const servers = [...this.program.agents.values()].filter((a) => a.attrs?.exposure === 'mcp-server' && fileClass(a.loc.file) === 'production');
    if (servers.length === 0) return;
    const implIds = new Set<string>();
    for (const tool of this.program.tools.values()) {
      const impl = tool.impl ? this.program.deref(tool.impl) : undefined;
      if (impl?.k === 'fn') implIds.add(impl.id);
    }
    const insideTool = (fnId: string) => {
      for (let at: string | undefined = fnId; at; at = this.program.functions.get(at)?.parent) if (implIds.has(at)) return true;
      return false;
    };
    const importers = new Map<string, Set<string>>();
    const importsOf = (file: string) => new Set((this.program.files.get(file)?.imports ?? []).map((i) => this.program.resolver.resolve(file, i.module)).filter((f): f is string => !!f));
    for (const file of this.program.files.keys()) {
      for (const target of importsOf(file)) importers.set(target, (importers.get(target) ?? new Set()).add(file));
    }
    for (const server of servers) {
      // Importers up a few levels: a project's own `createServer()` helper builds the SDK server,
      // a barrel re-exports it, and the entry that reads the token calls the helper's caller.
      const near = new Set([server.loc.file, ...importsOf(server.loc.file)]);
      let frontier = [server.loc.file];
      for (let level = 0; level < IMPORTER_LEVELS && frontier.length; level++) {
        frontier = frontier.flatMap((f) => [...(importers.get(f) ?? [])]).filter((f) => !near.has(f));
        for (const f of frontier) near.add(f);
      }
      const seen = new Set<string>();
      // Module-level reads first: `export const TOKEN = getConfig('token', 'X_TOKEN')` in a config
      // module is where the process takes the credential; a function re-reading it to check it is
      // set only uses it. A function's reads include those of the helpers it calls (`main()`
      // calling `getServerConfig()` in a module the server itself never imports).
      const production = [...near].map((file) => this.program.files.get(file)).filter((facts): facts is CodeFacts => !!facts && fileClass(facts.file) === 'production');
      const readers = [...production.map((facts) => ({ fn: facts.topLevel, deep: false })), ...production.flatMap((facts) => Object.values(facts.functions).map((fn) => ({ fn, deep: true })))];
      for (const { fn, deep } of readers) {
        if (insideTool(fn.id)) continue;
        for (const read of deep ? this.summaries.envOf(fn.id) : this.program.envReadsOf(fn)) {
          if (read.name === '*' || seen.has(read.name)) continue;
          seen.add(read.name);
          // A capability switch the server reads, set by a committed env file (`.env`) next to it.
          const envSwitch = switchFor(this.envSwitches, server.loc.file, read.name);
          if (envSwitch) this.noteSwitch(factNodeId('agent', server.id), envSwitch);
          if (!isSecretName(read.name)) continue;
          this.credentialEdges(factNodeId('agent', server.id), [read.name], read.loc, { process: true });
        }
      }
    }
  }

  /**
   * Secret literals in code: held by the tool whose implementation contains them, else by the
   * agents defined in the same file (an SDK client built with the key), else by nobody in particular.
   */
  private writeSecretLiterals(): void {
    for (const facts of this.program.files.values()) {
      const counts = new Map<string, number>();
      for (const secret of facts.secrets) {
        const n = (counts.get(secret.key) ?? 0) + 1;
        counts.set(secret.key, n);
        const id = literalCredentialId(facts.file, n === 1 ? secret.key : `${secret.key}~${n}`);
        const c = classifyReference(secret.key);
        this.nodes.set(id, { id, kind: 'credential', name: secret.key, source: 'literal', reference: secret.key, class: c.class, classReason: secret.fallback ? `the default of ${secret.key}, used whenever the environment does not set it` : 'a secret written in the code', location: secret.loc, ...(secret.fallback ? { fallback: true } : {}) });
        const holders = [...this.program.tools.values()].filter((t) => this.implContains(t, secret.fn)).map((t) => this.toolNodeIds.get(t.id)).filter((x): x is string => !!x);
        const agents = holders.length ? [] : facts.agents.map((a) => factNodeId('agent', a.id));
        for (const from of [...holders, ...agents]) this.edges.push({ from, to: id, kind: 'holds', evidence: [secret.loc], attrs: { literal: true } });
      }
    }
  }

  /** Whether a sink's path runs through a function that only reads (`get`, `readCache`, `loadState`). */
  private insideReadAccessor(path: Hop[]): boolean {
    // Methods are named with their class (`FileSystemProvider.get`): the method's own name decides.
    // A name that also says it destroys (`fetchAndPurge`, `getOrDelete`) is no plain read.
    const reads = (name: string) => READ_ACCESSOR.test(name) && !/delete|remove|purge|clear|drop|destroy|wipe|reset/i.test(name);
    return path.slice(0, -1).some((hop) => !!hop.fn && reads(this.program.functions.get(hop.fn)?.name.split('.').pop() ?? ''));
  }

  private implContains(tool: ToolFact, fnId: string): boolean {
    const impl = tool.impl ? this.program.deref(tool.impl) : undefined;
    if (impl?.k !== 'fn') return false;
    for (let at: string | undefined = fnId; at; at = this.program.functions.get(at)?.parent) if (at === impl.id) return true;
    return false;
  }

  /** Environment variables a value is made of, not following calls (their results are opaque). */
  private directEnv(val: Val, depth: number): string[] {
    if (depth > 12) return [];
    switch (val.k) {
      case 'env':
        return val.name === '*' ? [] : [val.name];
      case 'tmpl':
        return val.parts.flatMap((p) => this.directEnv(p, depth + 1));
      case 'obj':
        return val.props.flatMap((p) => this.directEnv(p.v, depth + 1));
      case 'arr':
        return val.items.flatMap((i) => this.directEnv(i, depth + 1));
      case 'union':
        return val.options.flatMap((o) => this.directEnv(o, depth + 1));
      case 'spread':
      case 'narrowed':
        return this.directEnv(val.v, depth + 1);
      case 'ref':
      case 'import':
      case 'member': {
        const next = this.program.deref(val);
        return next === val || next.k === 'call' || next.k === 'new' ? [] : this.directEnv(next, depth + 1);
      }
      default:
        return [];
    }
  }

  /** `holds` edges (`inherits-env` for the whole environment) from a node to env credentials. */
  private credentialEdges(from: string, names: string[], loc: Location, attrs?: Record<string, unknown>): void {
    for (const name of names) {
      const credId = envCredentialId(name);
      const classified =
        name === '*'
          ? { class: 'unknown' as const, reason: 'every variable of the parent environment' }
          : this.personalTokens.has(name)
            ? { class: 'human' as const, reason: this.personalTokens.get(name)! }
            : classifyReference(name);
      if (!this.nodes.has(credId)) this.nodes.set(credId, { id: credId, kind: 'credential', name: name === '*' ? 'the whole environment' : name, source: name === '*' ? 'env-all' : 'env', reference: name, class: classified.class, classReason: classified.reason, location: loc });
      this.edges.push({ from, to: credId, kind: name === '*' ? 'inherits-env' : 'holds', evidence: [loc], ...(attrs ? { attrs } : {}) });
    }
  }

  private reach(from: string, op: string, provenance: Provenance, evidence: Location[], via: string[], attrs: Record<string, unknown>): void {
    const opId = operationId(op);
    if (!this.nodes.has(opId)) {
      const node: OperationNode = { id: opId, kind: 'operation', name: op, op, destructive: DESTRUCTIVE_OPS.test(op) };
      this.nodes.set(opId, node);
    }
    this.edges.push({ from, to: opId, kind: 'reaches', evidence, provenance, via, attrs });
  }

  private serverId(server: ServerFact): string {
    return mcpServerId(server.loc.file, server.name);
  }

  private writeServer(server: ServerFact): void {
    const id = this.serverId(server);
    this.nodes.set(id, {
      id,
      kind: 'mcp-server',
      name: server.name,
      transport: server.transport,
      location: server.loc,
      ...(server.command ? { command: server.command } : {}),
      ...(server.args ? { args: server.args } : {}),
      ...(server.url ? { url: server.url } : {}),
      ...(server.package ? { package: server.package } : {}),
      ...(server.allowedTools ? { allowedTools: server.allowedTools } : {}),
      attrs: { construct: server.construct, framework: server.framework },
    });
    for (const source of [server.env, server.headers]) {
      if (!source) continue;
      const flow = flowOf(source, this.program);
      this.credentialEdges(id, flow.env, server.loc);
    }
  }
}

/**
 * Provenance of a sink argument for a tool: model-controlled when it carries the tool's input,
 * constrained when every such value was narrowed (by a guard or by the schema), constant when
 * fixed at build time.
 */
/**
 * `asOption`: the value is read as a command's argument of its own, where a pattern that lets it
 * start with `-` narrows nothing (`^[a-zA-Z0-9._-]+$` admits `--upload-pack`).
 */
export function provenanceOf(flow: Flow, implId: string, input: ToolFact['inputParam'], schema: SchemaInfo | undefined, op?: string, asOption = false): Provenance {
  const index = input?.index ?? 0;
  const prefix = input?.path ?? [];
  const fromInput = flow.taints.filter((t) => t.fn === implId && t.param === index && prefix.every((p, i) => t.path[i] === p));
  // A path confined to a root constrains what a file operation touches, not the URL a request
  // goes to or the code a page runs.
  const constraints = (by: ConstraintKind[]) => (op && !op.startsWith('fs.') ? by.filter((b) => b !== 'path-confined') : by);
  let constrainedBy: Provenance | undefined;
  for (const taint of fromInput) {
    const by = constraints(taint.by);
    if (by.length > 0) {
      constrainedBy ??= { kind: 'constrained', by: by[0] };
      continue;
    }
    const property = taint.path[prefix.length];
    const declared = property ? declaredAt(schema?.properties[property], taint.path.slice(prefix.length + 1)) : undefined;
    if (declared && (declared.type === 'enum' || declared.type === 'literal')) constrainedBy ??= { kind: 'constrained', by: 'enum', detail: `${property} is an enum in the schema` };
    else if (declared && (declared.type === 'number' || declared.type === 'boolean')) constrainedBy ??= { kind: 'constrained', by: 'typed', detail: `${property} is a ${declared.type}` };
    else if (declared?.narrowedBy && !(asOption && declared.admitsOption)) constrainedBy ??= { kind: 'constrained', by: 'pattern', detail: `${property} is checked by a ${declared.narrowedBy}` };
    else return { kind: 'model' };
  }
  if (constrainedBy) return constrainedBy;
  // What one tool call stored from the model's input and a later one reads is the model's too.
  if (flow.storedByModel) return { kind: 'model' };
  if (flow.constant) return { kind: 'constant' };
  if (flow.taints.length > 0) return { kind: 'unknown', reason: FROM_OTHER_PARAMETER };
  if (flow.unknown.length > 0) return { kind: 'unknown', reason: flow.unknown[0] };
  if (flow.external?.length) return { kind: 'external', source: `the result of ${flow.external[0]}` };
  if (flow.env.length > 0) return { kind: 'external', source: `the environment (${flow.env.slice(0, 3).join(', ')})` };
  // Never constant by default: only a proven constant is one.
  return { kind: 'unknown', reason: 'not statically known' };
}

/**
 * The schema of what a path reads below a top-level property: an array's elements (`[]`), an
 * object's fields, as deep as both are declared. Where the path goes past what is declared, the
 * deepest declared schema answers (a field of an untyped object is as free as the object).
 */
function declaredAt(top: PropertySchema | undefined, rest: string[]): PropertySchema | undefined {
  let at = top;
  for (const step of rest) {
    const next = step === '[]' ? at?.element : at?.fields?.[step];
    if (!next) break;
    at = next;
  }
  return at;
}

/**
 * Whether a tool's implementation reads anything of the input it is sent, within its own lines (a
 * `case` of a shared handler owns only those): a call or a return built from it, itself or in its closures.
 */
function readsInput(program: Program, impl: FunctionFact, input: ToolFact['inputParam'], range: { start: number; end: number } | undefined): boolean {
  const index = input?.index ?? 0;
  const prefix = input?.path ?? [];
  const inRange = (loc: Location) => !range || (loc.line >= range.start && loc.line <= range.end);
  let found = false;
  const visit = (v: Val) =>
    walkVal(v, (x) => {
      found ||= x.k === 'param' && x.fn === impl.id && x.index === index && x.path.length >= prefix.length && prefix.every((p, i) => x.path[i] === p);
    });
  for (const fn of [impl, ...(program.childFunctions.get(impl.id) ?? [])]) {
    for (const call of fn.calls) if (inRange(call.loc)) for (const v of [call.callee, ...call.args]) visit(v);
    if (!range) for (const r of fn.returns) visit(r);
  }
  return found;
}

/** Calls that create or fill a file (not `copyFile` / `rename`, whose first argument is what they take from). */
const CREATES_FILE = /(?:writeFile|createWriteStream|outputFile|appendFile|writeJson|outputJson)(?:Sync)?$/;

/**
 * The same path expression in the same file: its written text and the inputs it is made of.
 * Undefined for a path known by nothing (no written text, no input): two of those are not the same.
 */
function samePathKey(hit: SinkHit): string | undefined {
  const taints = hit.flow.taints.map((t) => `${t.fn}:${t.param}:${t.path.join('.')}`).sort().join(',');
  if (!taints && !hit.flow.text.replace(/\$\{…\}/g, '')) return undefined;
  return `${hit.sinkLocation.file}\u0000${hit.flow.text}\u0000${taints}`;
}

/** Sinks that hand their argument to a shell as one command line. */
const SHELL_LINE_SINKS = new Set(['child_process.exec', 'execa.command', 'shelljs.exec', 'ssh.exec', 'node-pty.write']);

/** The flow as it is before the spawn's fixed binary narrowed it. */
function withoutFixedBinary(flow: Flow): Flow {
  return { ...flow, taints: flow.taints.map((t) => ({ ...t, by: t.by.filter((b) => b !== 'fixed-binary') })) };
}

function runsShellLine(hit: SinkHit): boolean {
  return SHELL_LINE_SINKS.has(hit.spec.id) || Boolean(hit.spawn?.runsShell);
}

/**
 * A value escaped as a string literal of another language (`escapeForAppleScript(text)` inside
 * `osascript -e '… "${…}"'`) keeps the shell's own quotes open to it: a `'` in the model's text
 * ends them. To a shell line, such a value is as raw as the model wrote it.
 */
function withoutLiteralEscapes(flow: Flow): Flow {
  if (!flow.taints.some((t) => t.by.includes('escaped-literal'))) return flow;
  return { ...flow, taints: flow.taints.map((t) => ({ ...t, by: t.by.filter((b) => b !== 'escaped-literal') })) };
}

/** What the search for a server's record callback met: a creation passing one, one leash could not read. */
interface HookSearch {
  provided?: Location;
  unresolved?: boolean;
}

/** One call of a project function that builds an agent from its parameters. */
interface WrapperSite {
  wrapper: string;
  args: Val[];
  loc: Location;
  caller: FunctionFact | undefined;
}

/** More calls than this of one agent wrapper, and its agents are described once, where it builds them. */
const MAX_WRAPPER_SITES = 16;

/** A tool whose definition reads its factory's parameters exists only through factory calls. */
function isTemplate(tool: ToolFact): boolean {
  // A tool class found by its shape (a name of its own) is the tool, whatever its constructor's
  // parameters fill in.
  if (tool.construct.startsWith('class ')) return false;
  let param = false;
  for (const field of [tool.impl, tool.schema]) if (field) walkVal(field, (v) => (param ||= v.k === 'param'));
  return param;
}

/** Methods that run a tool looked up by name. */
const RUN_METHODS = /^(?:execute|handler|handle|run|invoke|call|func|callback|fn|_call)$/;

/**
 * The registries a handler looks tools up in by name: `tools[name].execute(args)`,
 * `HANDLERS[name](args)`, `tools.find((t) => t.name === name).handler(args)`, `map.get(name).run()`,
 * also when the looked-up tool is handed to a local helper (`runTool(tools[name])`).
 */
export function dispatchRegistries(program: Program, handlerId: string): { registry: Val; at: Location }[] {
  const found: { registry: Val; at: Location }[] = [];
  // The lookup may sit in a function the handler hands the name to (`this.callTool(request.params.name, …)`).
  const receivers = new Set(nameReceivers(program, handlerId));
  const inside = [...program.functions.values()].filter((f) => receivers.has(f.id) || [...receivers].some((r) => program.isWithin(f.id, r)));
  const registryOf = (looked: Val): Val | undefined => {
    // Checked before use (`if (!tool) return notFound`): still the looked-up tool.
    while (looked.k === 'narrowed') looked = looked.v;
    // `tools.find((t) => t.name === name)`, kept as a lookup: its list is the registry.
    if (looked.k === 'member' && looked.where) return looked.obj;
    const v = program.deref(looked);
    if (v.k === 'member' && v.prop === '[]') return v.obj;
    // `options.tools[name]` on a parameter: the lookup is folded into the parameter's path.
    if (v.k === 'param' && v.path.length > 0 && v.path[v.path.length - 1] === '[]') return { ...v, path: v.path.slice(0, -1) };
    if (v.k === 'call' && v.callee.k === 'member' && /^(?:find|get)$/.test(v.callee.prop)) return v.callee.obj;
    // `options.tools.find(…)` on a parameter: the method is folded into the parameter's path.
    if (v.k === 'call' && v.callee.k === 'param' && /^(?:find|get)$/.test(v.callee.path[v.callee.path.length - 1] ?? '')) return { ...v.callee, path: v.callee.path.slice(0, -1) };
    return undefined;
  };
  for (const fn of inside) {
    for (const call of fn.calls) {
      const direct = registryOf(call.callee);
      if (direct) found.push({ registry: direct, at: call.loc });
      // On a parameter, `tool.execute` is folded into the parameter's path.
      const method = methodOf(call.callee);
      if (!method || !RUN_METHODS.test(method.method)) continue;
      const receiver = program.deref(method.receiver);
      const viaLookup = registryOf(method.receiver) ?? registryOf(receiver);
      if (viaLookup) found.push({ registry: viaLookup, at: call.loc });
      // `const run = async (tool) => tool.execute(args)` called with the looked-up tool.
      if (receiver.k === 'param' && receiver.path.length === 0) {
        for (const caller of inside) {
          for (const c of caller.calls) {
            const target = program.deref(c.callee);
            if (target.k !== 'fn' || target.id !== receiver.fn) continue;
            const arg = c.args[receiver.index];
            const registry = arg ? registryOf(arg) : undefined;
            if (registry) found.push({ registry, at: call.loc });
          }
        }
      }
    }
  }
  return found;
}


interface NameBranch {
  name: string;
  fn: string;
  input: { index: number; path: string[] };
  loc: Location;
  start: number;
  end: number;
}

/**
 * The tools of a handler that dispatches on the tool name: each `case 'x'` / `if (name === 'x')`
 * branching on `request.params.name` in the handler, or — when the handler hands the name on
 * (`handleToolCall(request.params.name, request.params.arguments)`, through middleware wrappers
 * too) — in the function that receives it. Each tool is that function restricted to its branch,
 * its input the parameter that received the arguments.
 */
export function nameBranches(program: Program, handlerId: string): NameBranch[] {
  const isParam = (v: Val, fn: string, index: number, path: string[]) => isParamAt(program, v, fn, index, path);
  const search = (fnId: string, name: { index: number; path: string[] }, input: { index: number; path: string[] }, depth: number, seen: Set<string>): NameBranch[] => {
    if (depth > 5 || seen.has(fnId)) return [];
    seen.add(fnId);
    const bodies = [...program.functions.values()].filter((f) => f.id === fnId || program.isWithin(f.id, fnId));
    const found: NameBranch[] = [];
    for (const body of bodies) {
      for (const b of body.branches ?? []) {
        if (isParam(b.on, fnId, name.index, name.path)) {
          if (!found.some((f) => f.name === b.name)) found.push({ name: b.name, fn: body.id, input, loc: b.loc, start: b.start, end: b.end });
        }
      }
    }
    // The name may also be handed on (`handler(name, args)`, through middleware): the function
    // that receives it dispatches for real, and its branches win over a wrapper's own checks
    // (`if (name === 'fill') redact(args)`).
    for (const body of bodies) {
      for (const call of body.calls) {
        const nameAt = handedOn(program, call.args, fnId, name);
        if (!nameAt) continue;
        const inputAt = handedOn(program, call.args, fnId, input) ?? { index: nameAt.path.length === 0 ? nameAt.index + 1 : nameAt.index, path: nameAt.path.length === 0 ? [] : [...nameAt.path.slice(0, -1), 'arguments'] };
        for (const target of calleeFunctions(program, call.callee)) {
          for (const inner of search(target, nameAt, inputAt, depth + 1, seen)) {
            const shallow = found.findIndex((f) => f.name === inner.name);
            if (shallow >= 0) found.splice(shallow, 1);
            found.push(inner);
          }
        }
      }
    }
    return found;
  };
  return search(handlerId, { index: 0, path: ['params', 'name'] }, { index: 0, path: ['params', 'arguments'] }, 0, new Set());
}

/**
 * The handler and the functions it hands the tool name on to (`handleToolCall(request.params.name,
 * request.params.arguments)`, through middleware too), a few calls deep.
 */
function nameReceivers(program: Program, handlerId: string): string[] {
  const out: string[] = [];
  const visit = (fnId: string, name: { index: number; path: string[] }, depth: number): void => {
    if (depth > 5 || out.includes(fnId)) return;
    out.push(fnId);
    const bodies = [...program.functions.values()].filter((f) => f.id === fnId || program.isWithin(f.id, fnId));
    for (const body of bodies) {
      for (const call of body.calls) {
        const nameAt = handedOn(program, call.args, fnId, name);
        if (!nameAt) continue;
        for (const target of calleeFunctions(program, call.callee)) visit(target, nameAt, depth + 1);
      }
    }
  };
  visit(handlerId, { index: 0, path: ['params', 'name'] }, 0);
  return out;
}

/**
 * Where a call hands on a parameter path of the caller, as the callee's parameter and path: the
 * value itself (`handle(name, args)`), the object that holds it (`handle(request)` hands on
 * `request.params.name`), or a field of an object literal (`handle({ request, db })`).
 */
function handedOn(program: Program, args: Val[], fn: string, at: { index: number; path: string[] }): { index: number; path: string[] } | undefined {
  for (let index = 0; index < args.length; index++) {
    const rest = remainderOf(program, args[index], fn, at, 0);
    if (rest) return { index, path: rest };
  }
  return undefined;
}

/** The rest of `at`'s path below a value that holds it, or undefined when the value does not hold it. */
function remainderOf(program: Program, v: Val, fn: string, at: { index: number; path: string[] }, depth: number): string[] | undefined {
  if (depth > 3) return undefined;
  const d = program.deref(v);
  if (d.k === 'narrowed' || d.k === 'spread') return remainderOf(program, d.v, fn, at, depth + 1);
  // `request.params.name ?? ''`: one of the options is the name.
  if (d.k === 'union') {
    for (const option of d.options) {
      const rest = remainderOf(program, option, fn, at, depth + 1);
      if (rest) return rest;
    }
    return undefined;
  }
  if (d.k === 'param') return d.fn === fn && d.index === at.index && d.path.length <= at.path.length && d.path.every((seg, i) => at.path[i] === seg) ? at.path.slice(d.path.length) : undefined;
  if (d.k === 'obj') {
    for (const p of d.props) {
      if (p.key === null || p.spread) continue;
      const rest = remainderOf(program, p.v, fn, at, depth + 1);
      if (rest) return [p.key, ...rest];
    }
  }
  return undefined;
}

/** Whether a value is (one option of it is) exactly that parameter path: `name`, `args ?? {}`. */
function isParamAt(program: Program, v: Val, fn: string, index: number, path: string[], depth = 0): boolean {
  const d = program.deref(v);
  if (depth < 4 && (d.k === 'narrowed' || d.k === 'spread')) return isParamAt(program, d.v, fn, index, path, depth + 1);
  if (depth < 4 && d.k === 'union') return d.options.some((o) => isParamAt(program, o, fn, index, path, depth + 1));
  return d.k === 'param' && d.fn === fn && d.index === index && d.path.length === path.length && path.every((seg, i) => d.path[i] === seg);
}

/** The functions a callee may be: itself, or for a factory's parameter (`handler` in a wrapper), what its callers pass. */
function calleeFunctions(program: Program, callee: Val): string[] {
  const d = program.deref(callee);
  if (d.k === 'fn') return [d.id];
  if (d.k === 'param' && d.path.length === 0) {
    return program.callersOf(d.fn).flatMap((args) => {
      const arg = args[d.index] ? program.deref(args[d.index]) : undefined;
      return arg?.k === 'fn' ? [arg.id] : [];
    });
  }
  return [];
}

/**
 * The deepest call into a shared helper on a sink's path, below the dispatcher the tool was chosen
 * by. A shared call that only hands on its function's parameters (`(args, cwd) => exec(args, cwd)`,
 * a per-method executor closure) is plumbing: the call of that function, where the command or
 * path was put together, is the tool's own place, so the anchor moves up past such calls.
 */
function sharedHelperCall(path: Hop[], chosen: number, implId: string, program: Program, isShared: (hop: Hop) => boolean): Hop | undefined {
  for (let i = path.length - 2; i > chosen; i--) {
    if (!isShared(path[i])) continue;
    // A wrapper handed the caller's own callback (`this.safeExecute(ctx, async (page) => page.pdf(…))`)
    // runs that callback: what follows is the caller's code, and its sink is the place to look.
    const caller = i > 0 ? path[i - 1].fn : implId;
    if (caller && path.slice(i + 1).some((hop) => hop.fn !== undefined && program.isWithin(hop.fn, caller))) continue;
    let at = i;
    while (path[at].forwards && at - 1 > chosen) at--;
    return path[at];
  }
  return undefined;
}
