/**
 * Per-function summaries composed across the call graph: which sinks a function reaches, directly,
 * through helpers (several calls deep, across modules) and through callbacks it creates, with the
 * flow of each sink's decisive argument expressed in the function's own parameters.
 */
import { fixedHost, isFetchProxy, isPathOnBase, isUrlClass } from './hosts.js';
import type { CallFact, FunctionFact, Val } from '../extract/code/facts.js';
import { matchSink, SHELL_BINARIES, SQL_VIA_API, type SinkSpec } from '../extract/code/sinks.js';
import { approvalsOffFlag } from '../extract/config/agent-cli.js';
import { memberOf, methodOf, prop, stringOf, walkVal } from '../extract/code/vals.js';
import type { Location } from '../graph/model.js';
import { canonicalName } from './canonical.js';
import { constantFlow, flowOf, MAX_TAINT_PATH, mergeFlows, narrowFlow, settleFlow, type Flow } from './flow.js';
import { CALLER_SETS_NO, lacks, substitute, type Program } from './program.js';
import { contains } from './records.js';

export interface Hop {
  label: string;
  location: Location;
  /** The function this hop calls into, when it is one of the project's. */
  fn?: string;
  /** A call through an interface, or on a class with overriding subclasses: one of several implementations runs. */
  dispatched?: boolean;
  /**
   * For a dispatched call on a parameter (`runtime.exec()` in `execBuffered(runtime, cmd)`): the
   * parameter and the method. A caller that passes a known object (`execBuffered(this, …)` in
   * `SSHRuntime`) keeps only the implementation that object has.
   */
  receiver?: { param: Extract<Val, { k: 'param' }>; method: string };
  /** The call is a method of an object (`neonClient.deleteProject(id)`, `this.request(url)`), not a plain function. */
  method?: boolean;
  /**
   * What runs below this call is picked for the tool: the callee looks up what to run by this
   * call's arguments (`stripe.run(tool.method, arg)` finding the tool whose method matches). The
   * call itself is a dispatcher every tool shares.
   */
  chosen?: boolean;
  /**
   * The call only hands on the parameters it was given (`(args, cwd) => executeGitCommand(args, cwd)`):
   * plumbing, not the place where the tool's command or path is put together.
   */
  forwards?: boolean;
  /**
   * The call hands over only fixed values and records of named fields (`api.get('/prices/', {
   * ticker, period })`), nothing that is a path, a command or a query: what reaches a sink below
   * is put together by the callee (a cache file named after the request's fields).
   */
  record?: boolean;
}

export interface SinkHit {
  spec: SinkSpec;
  /** The operation, upgraded from the spec when a spawn runs a shell. */
  op: string;
  /** The decisive argument: the command, the code, the path, the SQL, the URL. */
  flow: Flow;
  /** From the function's first relevant call down to the sink call itself. */
  path: Hop[];
  /** The constant text of the whole call's arguments, for destructive command matching. */
  text: string;
  sinkLocation: Location;
  /** Where the whole parent environment is handed to a process the sink starts (`env: process.env`). */
  inheritsEnv?: Location;
  /** For requests: the flow of the URL's leading part, which decides the host (`${baseUrl}${path}`). */
  origin?: Flow;
  /** For requests whose URL is a helper's parameter (`request({ path })`): the caller's argument decides the origin. */
  urlParam?: Val;
  /**
   * For process spawns: the parts that decide shell or fixed binary, kept so that the decision is
   * made again once a caller fills in a helper's parameters (`execFileSafe('kubectl', args)`).
   */
  spawn?: { binary: Flow; argv: Flow; first?: Flow; argvVal?: Val; runsShell: boolean };
  /** For requests: the HTTP method when the code fixes it (`axios.delete`, `fetch(url, { method: 'DELETE' })`). */
  method?: string;
  /** For requests whose method is a parameter of a helper (`request(url, method)`): the caller's argument decides. */
  methodParam?: Extract<Val, { k: 'param' }>;
  /**
   * For deletes through an API: what names the object deleted, the last value of the arguments
   * (`branches.delete(projectId, branchId)`, `{ path: { environment_id, statement_name } }`).
   */
  target?: Flow;
}

/** CLIs that do anything their subcommand says: with a model-chosen subcommand, they are a shell. */
const CLI_WRAPPERS = /^(?:kubectl|oc|helm|aws|gcloud|az|gh|glab|docker|podman|terraform|pulumi|git|npm|npx|pnpm|yarn|psql|mysql|sqlite3|redis-cli|mongosh|ssh|flyctl|vercel|wrangler|heroku|doctl|firebase|supabase)$/;

/** Downloaders and clones whose command line holds a whole argument the caller fills in. */
const FETCHES_ITS_ARGUMENT = /^(?:(?:yt-dlp|youtube-dl|gallery-dl|wget|curl|aria2c|xh|http|https)\s(?:.*\s)?|git\s(?:.*\s)?(?:clone|ls-remote)\s(?:.*\s)?)\$\{…\}(?:\s|$)/;

/** The argument that makes a shell or interpreter run the next argument as a script. */
const SHELL_FLAG = /(?:^|\s)(?:-c|-e|\/c|-Command|--eval|-lc)(?:\s|$)/;

/** Shell, interpreter, fixed binary or CLI driven by the model: the operation and the flow that decides it. */
export function decideSpawn(s: NonNullable<SinkHit['spawn']>): { op: string; flow: Flow } {
  const interpreter = s.binary.constant && SHELL_BINARIES.test(s.binary.text) && SHELL_FLAG.test(s.argv.text);
  if (s.runsShell || interpreter) return { op: 'shell.exec', flow: mergeFlows([s.binary, s.argv], ' ') };
  // A binary a caller passes in may be the model's pick: any program at all.
  if (s.binary.taints.length > 0) return { op: 'shell.exec', flow: mergeFlows([s.binary, s.argv], ' ') };
  // A binary found at run time (a resolved path, a configured shell, an env variable) is not the
  // model's choice; it is a shell only when its arguments ask for one (`-c <script>`).
  if (!s.binary.constant && SHELL_FLAG.test(s.argv.text)) return { op: 'shell.exec', flow: mergeFlows([s.binary, s.argv], ' ') };
  // An agent CLI started with its approvals off (`claude --dangerously-skip-permissions -p <prompt>`)
  // runs whatever commands its prompt asks for: a prompt the model writes is a command line.
  if (approvalsOffFlag(s.argv.text, s.binary.text, s.binary.constant)) return { op: 'shell.exec', flow: s.argv };
  // `kubectl <whatever the model says>`: the subcommand is the command.
  const cli = s.binary.text.split('/').pop() ?? '';
  if (CLI_WRAPPERS.test(cli) && s.first && !s.first.constant) return { op: 'shell.exec', flow: s.first };
  // Subcommands that are something else in disguise, read from the command line as written:
  // `kubectl exec pod -- <command>` runs the command in the pod; `helm repo add name <url>` and
  // `--repo <url>` make helm download from any host.
  const line = `${cli} ${s.argv.text}`;
  if (/^(?:kubectl|oc)\s+exec\b.*\s--\s.*\$\{…\}/.test(line)) return { op: 'shell.exec', flow: s.argv };
  if (/^helm\s+(?:repo\s+add\s+\S+\s+\$\{…\}|.*--repo\s+\$\{…\})/.test(line)) return { op: 'net.http', flow: s.argv };
  // A downloader handed a whole argument (`yt-dlp … <url>`, `curl <url>`, `git clone <url>`)
  // fetches from whatever host it names; `curl https://api.example.com/${…}` keeps the host.
  if (FETCHES_ITS_ARGUMENT.test(line)) return { op: 'net.http', flow: s.argv };
  // `kubectl create configmap x --from-file=<path>`, `kubectl patch --patch-file <path>`: kubectl
  // reads that host file (and puts it in the cluster, or prints it back).
  if (/^(?:kubectl|oc)\s.*(?:--from-file|--from-env-file|--patch-file)[=\s]\$\{…\}/.test(line)) return { op: 'fs.read', flow: s.argv };
  // A fixed binary without a shell: the model can at most pass arguments to it.
  return { op: 'process.spawn', flow: narrowFlow(s.argv, ['fixed-binary']) };
}

/** Fields of an object that hold a SQL statement. */
const STATEMENT_KEY = /^(?:query|sql|statement|text)$/;

/** Methods that run a registry entry (a tool definition's own function). */
const RUNS_ENTRY = /^(?:execute|handler|handle|run|invoke|call|func|callback|fn|_call)$/;

export interface Instance {
  fn: string;
  args: Val[];
  loc: Location;
  /** Tells apart instances made at one place with different arguments (each literal a caller passes). */
  variant?: string;
  /** For a method summarised on one object (`new ToolHandler(tool).handle()`): that object, as `this`. */
  self?: Extract<Val, { k: 'new' }>;
}

function instantiate(fn: FunctionFact, inst: Instance, program: Program): FunctionFact {
  const sub = (v: Val) => substitute(v, inst.fn, inst.args, inst.self);
  // A closure of the instance handed on as an argument (`runAction: async (id) => gmail.…trash(id)`
  // inside a factory of `gmail`) runs wherever it is called with this instance's arguments.
  const arg = (v: Val) => closuresOf(sub(v), inst, program);
  return { ...fn, calls: fn.calls.map((c) => ({ ...c, callee: sub(c.callee), args: c.args.map(arg), asWritten: c.callee })), returns: fn.returns.map(sub) };
}

/** Functions defined inside the instance's function, in an argument or an options object, marked with the instance. */
function closuresOf(v: Val, inst: Instance, program: Program, depth = 0): Val {
  if (v.k === 'fn' && !v.inst && (v.id === inst.fn || program.isWithin(v.id, inst.fn))) return { ...v, inst: { fn: inst.fn, args: inst.args, loc: inst.loc, ...(inst.variant ? { variant: inst.variant } : {}) } };
  if (v.k === 'obj' && depth < 2 && v.props.some((p) => p.v.k === 'fn' || p.v.k === 'obj')) return { ...v, props: v.props.map((p) => ({ ...p, v: closuresOf(p.v, inst, program, depth + 1) })) };
  return v;
}

/** Clients of remote sandboxes: what they run, read, write or delete is inside the sandbox. */
const REMOTE_SANDBOX = /^(?:@e2b\/code-interpreter|e2b|@e2b\/sdk|@daytonaio\/sdk|@vercel\/sandbox|@modal-labs\/\w+|@cloudflare\/sandbox):/;

const ITERATION = /^(?:map|flatMap|forEach|filter|some|every|find|reduce)$/;

/** Arguments that make an object worth seeing on its own: functions and objects its methods may run. */
const OBJECT_KINDS = new Set<Val['k']>(['fn', 'obj']);

/** What a URL built on itself contributes to its origin: nothing new. */
const SAME_ORIGIN = Symbol('same origin');

/** Closures made by factory calls that one callee may be, followed each with its own arguments. */
const MAX_MADE_CHOICES = 8;

/** Distinct argument sets a function that runs its arguments is seen with, before one summary serves the rest. */
const MAX_VARIANTS = 64;

export class Summaries {
  private readonly memo = new Map<string, SinkHit[]>();
  private readonly active = new Set<string>();
  private readonly children: ReadonlyMap<string, FunctionFact[]>;

  constructor(private readonly program: Program) {
    this.children = program.childFunctions;
  }

  private readonly envMemo = new Map<string, { name: string; loc: Location }[]>();

  /** Environment variables a function reads, itself, through its callees and its callbacks. */
  envOf(fnId: string, seen = new Set<string>()): { name: string; loc: Location }[] {
    const cached = this.envMemo.get(fnId);
    if (cached) return cached;
    if (seen.has(fnId)) return [];
    seen.add(fnId);
    const fn = this.program.functions.get(fnId);
    if (!fn) return [];
    // In the order the function runs them: a callee's reads where the call is, so that the first
    // read of a variable is the one the code meets first (`resolveAuth()` before a later re-read).
    const steps: { at: Location; reads: { name: string; loc: Location }[] }[] = this.program.envReadsOf(fn).map((read) => ({ at: read.loc, reads: [read] }));
    for (const call of fn.calls) {
      const target = this.program.deref(call.callee);
      if (target.k === 'fn' && target.id !== fnId) steps.push({ at: call.loc, reads: this.envOf(target.id, seen) });
    }
    steps.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
    const reads = steps.flatMap((step) => step.reads);
    for (const child of this.children.get(fnId) ?? []) reads.push(...this.envOf(child.id, seen));
    this.envMemo.set(fnId, reads);
    return reads;
  }

  /**
   * Sinks reached by a function, memoised; recursion contributes nothing on the cycle.
   * `inst` is set for a function made inside a factory (a project's own `defineTool` wrapper):
   * the factory's parameters in its body are replaced by the factory call's arguments.
   */
  of(fnId: string, inst?: Instance): SinkHit[] {
    const key = inst ? `${fnId}@${inst.loc.file}:${inst.loc.line}:${inst.loc.column}${inst.variant ? `(${inst.variant})` : ''}` : fnId;
    const cached = this.memo.get(key);
    if (cached) return cached;
    if (this.active.has(key)) return [];
    const original = this.program.functions.get(fnId);
    if (!original) return [];
    const fn = inst ? instantiate(original, inst, this.program) : original;
    this.active.add(key);
    const hits: SinkHit[] = [];
    for (const call of fn.calls) hits.push(...this.callHits(fn, call));
    hits.push(...this.writtenThenRun(fn));
    // Callbacks and closures defined here run on its behalf (a Promise executor, a map callback).
    for (const child of this.children.get(fnId) ?? []) {
      if (!this.isCallback(fn, child)) continue;
      for (const hit of this.of(child.id, inst)) {
        const flow = this.mapCallbackTaints(fn, child, hit.flow);
        hits.push({ ...hit, flow, text: knownText(hit, flow) });
      }
    }
    this.active.delete(key);
    const distinct = dedupeHits(hits);
    this.memo.set(key, distinct);
    return distinct;
  }

  private callHits(fn: FunctionFact, call: CallFact): SinkHit[] {
    const name = canonicalName(call.callee, this.program);
    let target = this.program.deref(call.callee);
    // `new Manager()` runs the class's constructor: follow it like a call.
    if (call.calleeText.startsWith('new ')) {
      const ctor = this.program.classMember(this.program.classOf(target), '<init>');
      if (ctor?.k === 'fn') target = ctor;
    }
    // A receiver known only by its declared type (`config.runtime.exec(…)`) runs the method of
    // each class that type admits.
    // In an instance, the callee as written still has its declared type when the caller's value
    // (an options object built at run time) says nothing more.
    const declared = target.k === 'fn' ? undefined : this.program.declaredTypes.methodTargets(call.callee);
    const typed = declared?.targets.length || !call.asWritten || this.program.memberOfEach(target) ? declared : this.program.declaredTypes.methodTargets(call.asWritten);
    if (typed && typed.targets.length > 0) {
      // A class known by its type runs its own method: an ordinary call. Only a choice among
      // implementations is a dispatch, anchored where the choice is made.
      const receiver = typed.receiver && typed.method ? { param: typed.receiver, method: typed.method } : undefined;
      const dispatch = typed.polymorphic ? { ...(receiver ? { receiver } : {}) } : undefined;
      return typed.targets.filter((id) => id !== fn.id).flatMap((id) => this.followCall(call, id, false, dispatch));
    }
    // A function of the project is followed, whatever its name says; names judge only callees
    // leash cannot see into (packages, injected clients).
    // A receiver known only by its declared package type (`const page = await ensureBrowser()`
    // with `ensureBrowser(): Promise<Page>` from playwright) is named by that type.
    const matched = target.k === 'fn' ? undefined : matchSink(name, call.calleeText) ?? this.declaredSink(call.callee);
    // A body without a statement field is no SQL, and a call without a pipeline no aggregation:
    // the call is something else, followed like any other.
    const spec = (matched?.arg === 'sql-field' && !sqlFieldOf(call.args, this.program)) || (matched?.arg === 'pipeline' && pipelineArg(call.args, this.program) === undefined) || (matched?.arg === 'filter' && filterArg(call.args, this.program) === undefined) || (matched?.arg === 'path-field' && !pathFieldOf(call.args[0], this.program)) ? undefined : matched;
    if (spec) {
      const hit = this.sinkHit(spec, call);
      if (spec.op === 'net.http') {
        const method = httpMethod(name ?? call.calleeText, call.args, this.program);
        if (typeof method === 'string') hit.method = method;
        else if (method) hit.methodParam = method;
        if (sqlFieldOf(call.args, this.program)) return [hit, this.sinkHit(SQL_VIA_API, call)];
      }
      // Anything done through a remote sandbox's client (`sandbox.fs.deleteFile`, `sbx.files.write`)
      // happens in that sandbox, not on the host.
      return [name && REMOTE_SANDBOX.test(name) ? { ...hit, flow: narrowFlow(hit.flow, ['sandbox']) } : hit];
    }
    // One of several closures a factory made (`let fetch = wrapWithAuthRetry(nodeFetch, …)`,
    // reassigned later to another wrapper): each runs with its own factory call's arguments.
    // Plain functions among them run as themselves.
    if (target.k === 'union') {
      const options = target.options.map((o) => this.program.deref(o)).filter((o): o is Extract<Val, { k: 'fn' }> => o.k === 'fn' && o.id !== fn.id);
      const made = options.filter((o) => o.inst !== undefined);
      if (made.length > 0 && options.length <= MAX_MADE_CHOICES) {
        const keyOf = (o: Extract<Val, { k: 'fn' }>) => `${o.id}@${o.inst ? `${o.inst.loc.file}:${o.inst.loc.line}:${o.inst.loc.column}(${o.inst.variant ?? ''})` : ''}`;
        const distinct = [...new Map(options.map((o) => [keyOf(o), o])).values()];
        return distinct.flatMap((o) => this.followCall(call, o.id, true, undefined, o.inst));
      }
    }
    // One of several functions (`tool.execute` of whichever definition a lookup returns): each may run.
    const choices = this.program.memberOfEach(target);
    if (choices) return choices.filter((id) => id !== fn.id).flatMap((id) => this.followCall(call, id, true));
    if (target.k !== 'fn' || target.id === fn.id) return [];
    const hits = this.followCall(call, target.id, true, undefined, target.inst);
    // A closure a call returned (`const r = await tool.handle(ctx, args); await r.action()`) reads
    // the parameters of the function that made it: they are that call's arguments.
    const made = this.closureMaker(call.callee, target.id);
    if (!made) return hits;
    return hits.map((hit) => {
      const flow = this.mapTaints(hit.flow, made.fn, made.args);
      return { ...hit, flow, text: knownText(hit, flow) };
    });
  }

  /** The call that made a closure being called (`made().action()`), when the closure is one of its inner functions. */
  private declaredSink(callee: Val): SinkSpec | undefined {
    const declared = callee.k === 'member' ? this.program.declaredTypes.externalName(callee) : undefined;
    return declared ? matchSink(undefined, declared) : undefined;
  }

  private closureMaker(callee: Val, closureId: string): { fn: string; args: Val[] } | undefined {
    let base: Val = callee;
    while (base.k === 'member') base = base.obj;
    if (base.k !== 'call') return undefined;
    const maker = this.program.deref(base.callee);
    if (maker.k !== 'fn') return undefined;
    for (let f = this.program.functions.get(closureId), hops = 0; f?.parent && hops < 8; f = this.program.functions.get(f.parent), hops++) {
      if (f.parent === maker.id) return { fn: maker.id, args: base.args };
    }
    return undefined;
  }

  /** The sinks of a project function, seen from one call to it: its parameters become the call's arguments. */
  private followCall(call: CallFact, calleeId: string, onInstance: boolean, dispatch?: { receiver?: Hop['receiver'] }, made?: Instance): SinkHit[] {
    const callee = this.program.functions.get(calleeId);
    if (!callee) return [];
    const picks = !made && this.looksUpByArgument(callee) && call.args.some((a) => this.program.deref(a).k === 'lit');
    const hop: Hop = { label: `${callee.name}()`, location: call.loc, fn: callee.id, ...(dispatch ? { dispatched: true, ...dispatch } : {}), ...(call.calleeText.includes('.') ? { method: true } : {}), ...(picks ? { chosen: true } : {}), ...(forwardsParameters(call.args, this.program) ? { forwards: true } : {}), ...(handsOverRecord(call.args, this.program) ? { record: true } : {}) };
    // A method called on `new C(args)`: what its body reads from fields set by the constructor
    // comes from this construction site's arguments.
    const instance = onInstance && callee.classId ? this.program.instanceOf(call.callee) : undefined;
    const ctor = instance ? this.program.classes.get(callee.classId!)?.methods['<init>'] : undefined;
    // A closure a factory call made runs with that call's arguments for the factory's parameters.
    // A method of an object built from functions or definitions (`new ToolHandler(tool).handle()`)
    // runs what that object's fields hold: it is seen with the object as `this`.
    const onObject = !made && instance && ctor ? this.objectInstance(instance, ctor) : undefined;
    const calleeHits = made ? this.of(callee.id, this.madeInstance(made)) : onObject ? this.of(callee.id, onObject) : this.calleeHits(callee, call);
    return calleeHits.flatMap((hit) => {
      if (this.branchExcludes(callee, hit, call.args) || this.conditionExcludes(callee, hit, call.args)) return [];
      const path = this.bindReceivers(hit.path, callee.id, call.args);
      if (!path) return [];
      hit = { ...hit, path };
      const map = (f: Flow) => {
        const mapped = this.mapTaints(f, callee.id, call.args);
        return instance && ctor ? this.mapTaints(mapped, ctor, instance.args) : mapped;
      };
      if (hit.spawn) {
        // Decide again with the caller's arguments: a helper's `file` parameter may be `'kubectl'`.
        // An argv that is the helper's parameter is the caller's array: its first item is the subcommand.
        const argvVal = hit.spawn.argvVal?.k === 'param' && hit.spawn.argvVal.fn === callee.id && hit.spawn.argvVal.path.length === 0 ? call.args[hit.spawn.argvVal.index] : undefined;
        const argvArr = argvVal ? this.program.deref(argvVal) : undefined;
        const first = argvArr?.k === 'arr' && argvArr.items[0] && argvArr.items[0].k !== 'spread' ? flowOf(argvArr.items[0], this.program) : hit.spawn.first ? map(hit.spawn.first) : undefined;
        const spawn = { ...hit.spawn, binary: map(hit.spawn.binary), argv: map(hit.spawn.argv), ...(first ? { first } : {}), ...(argvVal ? { argvVal } : {}) };
        const decided = decideSpawn(spawn);
        const flow = hit.spec.constraint ? narrowFlow(decided.flow, [hit.spec.constraint]) : decided.flow;
        // The command line as far as it is written (`kubectl drain ${…} --force`): enough for
        // destructive-command matching even when the model fills in a name.
        const text = spawn.binary.constant ? `${spawn.binary.text} ${spawn.argv.text}` : knownText(hit, flow);
        return { ...hit, op: decided.op, flow, spawn, text, path: [hop, ...hit.path], ...(hit.origin ? { origin: map(hit.origin) } : {}), ...(hit.target ? { target: map(hit.target) } : {}) };
      }
      const flow = map(hit.flow);
      const method = hit.methodParam?.fn === callee.id ? this.methodFromCaller(hit.methodParam, call.args) : undefined;
      // A URL that was the helper's parameter is the caller's argument: its leading part, when the
      // caller builds it (`${tenantBaseUrl(scope)}/label/${name}`), decides the host.
      const urlArg = hit.urlParam?.k === 'param' && hit.urlParam.fn === callee.id ? substitute(hit.urlParam, callee.id, call.args) : undefined;
      const origin = hit.origin ? map(hit.origin) : urlArg ? this.originFlow(urlArg) : undefined;
      const urlParam = !origin && urlArg ? this.urlParameter(urlArg) : hit.urlParam && !urlArg ? hit.urlParam : undefined;
      const { origin: _o, urlParam: _u, ...rest } = hit;
      return { ...rest, flow, text: knownText(hit, flow), path: [hop, ...hit.path], ...(origin ? { origin } : {}), ...(urlParam ? { urlParam } : {}), ...(hit.target ? { target: map(hit.target) } : {}), ...method };
    });
  }

  /**
   * Code written to a file and run by an interpreter in the same function (or a callback in it):
   * `writeFile(tmp, code)` then `spawn(process.execPath, [tmp])` evaluates `code` as surely as
   * `eval` does. The file is matched by the value naming it in both calls.
   */
  private writtenThenRun(fn: FunctionFact): SinkHit[] {
    const calls = [...fn.calls, ...(this.children.get(fn.id) ?? []).flatMap((child) => child.calls)];
    const writes = calls.filter((c) => c.args.length >= 2 && matchSink(canonicalName(c.callee, this.program), c.calleeText)?.id === 'fs.write' && /(?:writeFile|outputFile)(?:Sync)?$/.test(c.calleeText));
    if (writes.length === 0) return [];
    const hits: SinkHit[] = [];
    for (const run of calls) {
      const spec = matchSink(canonicalName(run.callee, this.program), run.calleeText);
      if (!spec?.spawn || !run.args[0] || !runsInterpreter(this.program.deref(run.args[0]))) continue;
      const argv = run.args[1] ? this.program.deref(run.args[1]) : undefined;
      if (argv?.k !== 'arr') continue;
      // The script is the first argument that is not an option (`node file`, `python3 -u file`);
      // `python3 -m json.tool file` runs a module on the file, and `-c`/`-e` take the code itself.
      const items = argv.items.filter((item) => item.k !== 'spread');
      const options = items.map((item) => this.program.deref(item)).map((v) => (v.k === 'lit' && typeof v.v === 'string' && v.v.startsWith('-') ? v.v : undefined));
      const scriptAt = options.findIndex((o) => o === undefined);
      if (scriptAt < 0 || options.slice(0, scriptAt).some((o) => /^(?:-m|-c|-e|--eval|-p|--print)$/.test(o ?? ''))) continue;
      const written = writes.find((w) => sameVal(items[scriptAt], w.args[0]));
      if (!written) continue;
      const flow = flowOf(written.args[1], this.program);
      hits.push({ spec: WRITTEN_THEN_RUN, op: 'code.eval', flow, text: flow.text, path: [{ label: `${written.calleeText} then ${run.calleeText}`, location: run.loc }], sinkLocation: run.loc });
    }
    return hits;
  }

  /**
   * Whether the callee reaches this sink only in a branch its caller's literal rules out:
   * `handleEmail('draft', …)` never takes `if (action === 'send') { send(…) }` in `handleEmail`.
   */
  private branchExcludes(callee: FunctionFact, hit: SinkHit, args: Val[]): boolean {
    const at = hit.path[0]?.location;
    if (!at || !callee.branches || at.file !== callee.loc.file) return false;
    return callee.branches.some((branch) => {
      if (at.line < branch.start || at.line > branch.end || !mentionsParam(branch.on, callee.id)) return false;
      let value = this.program.deref(substitute(branch.on, callee.id, args));
      while (value.k === 'narrowed') value = this.program.deref(value.v);
      return value.k === 'lit' && typeof value.v === 'string' && value.v !== branch.name;
    });
  }

  /**
   * Whether the callee reaches this sink only in code that runs when a value is truthy (or falsy)
   * and the caller's arguments settle it the other way: `readFile(path)` with no options never
   * takes `isUrl ? fetchUrl(path) : readDisk(path)`'s first arm.
   */
  private conditionExcludes(callee: FunctionFact, hit: SinkHit, args: Val[]): boolean {
    const at = hit.path[0]?.location;
    if (!at || !callee.conditions || at.file !== callee.loc.file) return false;
    // Arguments spread from a list (`readFile(...params)`) say nothing of which one is missing.
    if (args.some((a) => a.k === 'spread')) return false;
    return callee.conditions.some((c) => within(at, c.span) && truthiness(this.program, substitute(c.on, callee.id, args)) === !c.truthy);
  }

  /**
   * The sinks of a callee, seen once for every caller, except when what it runs depends on its
   * arguments: a function it is handed (`run(tool, args) { tool.handle(args) }`, a callback), or a
   * lookup by a parameter (`this.tools.find((t) => t.method === method)`). Such a callee is seen
   * again with each distinct set of arguments its callers pass: literals by value, functions and
   * objects by identity (one definition of a list of tools is one object).
   */
  private calleeHits(callee: FunctionFact, call: CallFact): SinkHit[] {
    if (!this.runsItsArguments(callee)) return this.of(callee.id);
    const variant = call.args.map((a) => this.argumentKey(a));
    if (variant.every((v) => v === '?')) return this.of(callee.id);
    const seen = this.variants.get(callee.id) ?? new Set<string>();
    const key = variant.join(',');
    // A helper called with ever new objects is seen once per object only up to a bound.
    if (!seen.has(key) && seen.size >= MAX_VARIANTS) return this.of(callee.id);
    seen.add(key);
    this.variants.set(callee.id, seen);
    return this.of(callee.id, { fn: callee.id, args: call.args, loc: call.loc, variant: key });
  }

  /**
   * The object a method is called on, when its constructor is handed a function or an object
   * (whose fields the method may run): the method is then seen on that object. Else undefined,
   * and one summary of the method serves every object.
   */
  private objectInstance(instance: Extract<Val, { k: 'new' }>, ctor: string): Instance | undefined {
    if (!instance.args.some((a) => OBJECT_KINDS.has(this.program.deref(a).k))) return undefined;
    const variant = instance.args.map((a) => this.argumentKey(a));
    // Objects built in a loop over many definitions are each seen only up to a bound.
    const seen = this.variants.get(`new:${ctor}`) ?? new Set<string>();
    const key = variant.join(',');
    if (!seen.has(key) && seen.size >= MAX_VARIANTS) return undefined;
    seen.add(key);
    this.variants.set(`new:${ctor}`, seen);
    // Keyed by where the object is built: two sites with unknown arguments are two objects.
    return { fn: ctor, args: instance.args, loc: instance.loc, variant: `new(${variant.join(',')})`, self: instance };
  }

  /**
   * A closure made by one factory call, told apart by its arguments: one call site in a wrapper
   * makes a different closure for each definition the wrapper is called with.
   */
  madeInstance(made: Instance): Instance {
    return { ...made, variant: made.args.map((a) => this.argumentKey(a)).join(',') };
  }

  private readonly variants = new Map<string, Set<string>>();
  private readonly identities = new WeakMap<Val, number>();
  private lastIdentity = 0;
  private readonly runsMemo = new Map<string, boolean>();

  /** A literal by value, a function by id, an object or array by identity; anything else is unknown (`?`). */
  private argumentKey(arg: Val): string {
    const d = this.program.deref(arg);
    if (d.k === 'lit') return JSON.stringify(d.v) ?? 'undefined';
    if (d.k === 'fn') return d.inst ? `fn:${d.id}@${d.inst.loc.file}:${d.inst.loc.line}:${d.inst.loc.column}${d.inst.variant ? `(${d.inst.variant})` : ''}` : `fn:${d.id}`;
    // A package's client handed to a helper (`deleteLabel(gmail, id)` with `gmail = google.gmail(…)`):
    // by what it is, so the helper's `gmail.users.labels.delete(…)` is that package's call.
    if (d.k === 'call' || d.k === 'new') {
      const made = canonicalName(d.callee, this.program);
      if (made && !made.startsWith('global:')) return `${d.k}:${made}`;
    }
    if (d.k === 'obj' || d.k === 'arr' || d.k === 'tool') {
      let id = this.identities.get(d);
      if (id === undefined) {
        id = ++this.lastIdentity;
        this.identities.set(d, id);
      }
      return `#${id}`;
    }
    return '?';
  }

  /** Whether a function calls what its parameters hold, or looks an element up by a parameter. */
  private runsItsArguments(fn: FunctionFact): boolean {
    const known = this.runsMemo.get(fn.id);
    if (known !== undefined) return known;
    let found = false;
    // Its own calls, and those of the callbacks it hands on (`run: async (id) => { await runAction(id) }`):
    // they run with its parameters too.
    const callbacks = (this.children.get(fn.id) ?? []).filter((child) => this.isCallback(fn, child) || this.handedInOptions(fn, child));
    for (const call of [...fn.calls, ...callbacks.flatMap((c) => c.calls)]) {
      if (call.callee.k === 'param' && call.callee.fn === fn.id) found = true;
      walkVal(call.callee, (v) => {
        if (v.k === 'member' && v.where && v.key) walkVal(v.key, (k) => (found ||= k.k === 'param' && k.fn === fn.id));
      });
    }
    this.runsMemo.set(fn.id, found);
    return found;
  }

  /**
   * Whether a function runs a tool it looks up by a parameter (`this.tools.find((t) => t.method ===
   * method).execute(…)`): a dispatcher. Finding a pool or a record by name and using it is not.
   */
  private looksUpByArgument(fn: FunctionFact): boolean {
    const known = this.lookupMemo.get(fn.id);
    if (known !== undefined) return known;
    let found = false;
    for (const call of fn.calls) {
      if (call.callee.k !== 'member' || !RUNS_ENTRY.test(call.callee.prop)) continue;
      walkVal(call.callee.obj, (v) => {
        if (v.k === 'member' && v.where && v.key) walkVal(v.key, (k) => (found ||= k.k === 'param' && k.fn === fn.id));
      });
    }
    this.lookupMemo.set(fn.id, found);
    return found;
  }

  private readonly lookupMemo = new Map<string, boolean>();

  /**
   * The callee's dispatched hops seen with this call's arguments: a receiver that is now a known
   * object runs one implementation, and a hit through any other is dropped (undefined); a
   * receiver that is still a parameter is carried up to the caller's caller.
   */
  private bindReceivers(path: Hop[], calleeId: string, args: Val[]): Hop[] | undefined {
    if (!path.some((h) => h.receiver?.param.fn === calleeId)) return path;
    const out: Hop[] = [];
    for (const hop of path) {
      if (!hop.receiver || hop.receiver.param.fn !== calleeId) {
        out.push(hop);
        continue;
      }
      const { receiver, ...rest } = hop;
      const value = this.program.deref(substitute(receiver.param, calleeId, args));
      const cls = value.k === 'this' && value.cls ? this.program.classes.get(value.cls) : value.k === 'new' ? this.program.classOf(this.program.deref(value.callee)) : undefined;
      if (cls) {
        const runs = this.program.classMember(cls, receiver.method);
        if (runs?.k === 'fn' && runs.id !== hop.fn) return undefined;
        out.push(rest);
      } else if (value.k === 'param') out.push({ ...rest, receiver: { param: value, method: receiver.method } });
      else out.push(rest);
    }
    return out;
  }

  /** `request(url, 'DELETE')` for a helper `request(url, method) { fetch(url, { method }) }`. */
  private methodFromCaller(param: Extract<Val, { k: 'param' }>, args: Val[]): Pick<SinkHit, 'method' | 'methodParam'> {
    let arg: Val | undefined = args[param.index];
    for (const p of param.path) arg = arg ? memberOf(arg, p) : undefined;
    const value = arg ? this.program.deref(arg) : undefined;
    if (value?.k === 'lit' && typeof value.v === 'string') return { method: value.v.toUpperCase() };
    return value?.k === 'param' ? { methodParam: value } : { method: undefined, methodParam: undefined };
  }

  /**
   * What the model writes of an aggregation pipeline: whole stages, not the values inside a stage
   * the code writes (`{ $match: { status } }` passes `status` as a value, like a bound parameter).
   */
  private pipelineFlow(arg: Val | undefined): Flow {
    if (!arg) return constantFlow();
    const pipeline = this.program.deref(arg);
    if (pipeline.k !== 'arr') return flowOf(arg, this.program);
    // A stage the code writes as an object literal is structure; a spread or any other item is whole stages.
    const stages = pipeline.items.filter((item) => item.k === 'spread' || this.program.deref(item).k !== 'obj').map((item) => (item.k === 'spread' ? item.v : item));
    return mergeFlows(stages.map((stage) => flowOf(stage, this.program)), ' ');
  }

  /** A filter the code writes as an object literal is its own query: only spread-in parts are written elsewhere. */
  private filterFlow(arg: Val | undefined): Flow {
    if (!arg) return constantFlow();
    const filter = this.program.deref(arg);
    if (filter.k !== 'obj') return flowOf(arg, this.program);
    return mergeFlows(filter.props.filter((p) => p.spread).map((p) => flowOf(p.v, this.program)), ' ');
  }

  private sinkHit(spec: SinkSpec, call: CallFact): SinkHit {
    const args = call.args;
    const at = (i: number) => (args[i] ? flowOf(args[i], this.program) : constantFlow());
    let op = spec.op;
    let flow: Flow;
    if (spec.arg === 'tagged' || spec.arg === 'all') flow = mergeFlows(args.map((_, i) => at(i)), ' ');
    else if (spec.arg === 'statement') flow = this.statementFlow(args);
    else if (spec.arg === 'last') flow = at(args.length - 1);
    else if (spec.arg === 'sql-field') flow = flowOf(sqlFieldOf(args, this.program) ?? { k: 'lit', v: null }, this.program);
    else if (spec.arg === 'pipeline') flow = this.pipelineFlow(args[pipelineArg(args, this.program) ?? -1]);
    else if (spec.arg === 'filter') flow = this.filterFlow(args[filterArg(args, this.program) ?? -1]);
    else if (spec.arg === 'path-field') flow = flowOf(pathFieldOf(args[0], this.program) ?? { k: 'lit', v: null }, this.program);
    else flow = spec.op === 'net.http' ? this.urlFlow(args[spec.arg]) : spec.op === 'db.query' ? this.queryConfigFlow(args[spec.arg]) ?? at(spec.arg) : at(spec.arg);
    // A request to a fetching service (`axios.post('https://api.firecrawl.dev/v0/scrape', { url })`)
    // goes on to the URL in its body: what decides where it lands is every argument.
    const proxy = spec.op === 'net.http' && flow.constant ? fixedHost(flow.text) : undefined;
    if (proxy && isFetchProxy(flow.text)) flow = { ...mergeFlows(args.map((_, i) => at(i)), ' '), text: flow.text };

    let spawn: SinkHit['spawn'];
    if (spec.spawn) {
      const options = args.find((a, i) => i > 0 && a.k === 'obj');
      const written = options ? memberOf(options, 'shell') : undefined;
      const shell = written?.k === 'member' ? undefined : written;
      const argvVal = args[1] && args[1].k !== 'obj' ? this.program.deref(args[1]) : undefined;
      const first = argvVal?.k === 'arr' && argvVal.items[0] && argvVal.items[0].k !== 'spread' ? flowOf(argvVal.items[0], this.program) : argvVal?.k === 'arr' && argvVal.items[0]?.k === 'spread' ? at(1) : undefined;
      spawn = { binary: at(0), argv: argvVal ? at(1) : constantFlow(), ...(first ? { first } : {}), ...(argvVal ? { argvVal } : {}), runsShell: (shell?.k === 'lit' && shell.v !== false) || (!!shell && shell.k !== 'lit') };
      ({ op, flow } = decideSpawn(spawn));
    }
    if (spec.constraint) flow = narrowFlow(flow, [spec.constraint]);
    const text = mergeFlows(args.map((_, i) => at(i)), ' ').text;
    const label = call.calleeText;
    const options = args.find((a, i) => i > 0 && a.k === 'obj');
    const env = /^(?:shell|process|code)\./.test(op) ? prop(options, 'env') : undefined;
    const inheritsEnv = env && flowOf(env, this.program).env.includes('*') ? call.loc : undefined;
    const origin = op === 'net.http' && typeof spec.arg === 'number' ? this.originFlow(args[spec.arg]) : undefined;
    const urlParam = op === 'net.http' && !origin && typeof spec.arg === 'number' ? this.urlParameter(args[spec.arg]) : undefined;
    const lastLeaf = op === 'api.delete' ? this.lastLeaf(args) : undefined;
    const target = lastLeaf ? flowOf(lastLeaf, this.program) : undefined;
    return { spec, op, flow, text, path: [{ label, location: call.loc }], sinkLocation: call.loc, ...(inheritsEnv ? { inheritsEnv } : {}), ...(origin ? { origin } : {}), ...(urlParam ? { urlParam } : {}), ...(spawn ? { spawn } : {}), ...(target ? { target } : {}) };
  }

  /** The parameter a request's URL is, through `new URL(x)` / `String(x)`, when it is one: its callers build it. */
  private urlParameter(arg: Val | undefined, depth = 0): Val | undefined {
    if (!arg || depth > 4) return undefined;
    const value = this.program.deref(arg);
    if (value.k === 'param') return value;
    if ((value.k === 'new' || value.k === 'call') && value.args.length === 1 && (isUrlClass(canonicalName(value.callee, this.program)) || canonicalName(value.callee, this.program) === 'global:String')) return this.urlParameter(value.args[0], depth + 1);
    return undefined;
  }

  /**
   * The leading part of a URL built by concatenation (`${apiUrl}${path}`, `new URL(base + path)`):
   * whoever writes it picks the host. Undefined when the URL is not built that way.
   */
  /** The last value written in the arguments, looking into object literals: the id a delete names last. */
  private lastLeaf(args: Val[], depth = 0): Val | undefined {
    for (let i = args.length - 1; i >= 0; i--) {
      const value = this.program.deref(args[i]);
      if (value.k === 'obj' && depth < 4) {
        const inner = this.lastLeaf(value.props.filter((p) => !p.spread && p.key !== 'headers' && p.key !== 'signal').map((p) => p.v), depth + 1);
        if (inner) return inner;
        continue;
      }
      if (value.k === 'lit' && (value.v === null || typeof value.v === 'boolean')) continue;
      return args[i];
    }
    return undefined;
  }

  private originFlow(arg: Val | undefined, depth = 0, seen = new Set<Val>()): Flow | undefined {
    const origin = this.originOf(arg, depth, seen);
    return origin === SAME_ORIGIN ? undefined : origin;
  }

  /** `originFlow`, or SAME_ORIGIN for a URL built on itself (`path = `${path}/notes``): it keeps the origin it had. */
  private originOf(arg: Val | undefined, depth: number, seen: Set<Val>): Flow | typeof SAME_ORIGIN | undefined {
    // A path built in steps nests templates (`path += '/award_emoji'` after `path = `${path}/notes``).
    if (!arg || depth > 8) return undefined;
    const value = this.program.deref(arg);
    // Only the values on the way here: a sibling may share a part (the same base URL call).
    if (seen.has(value)) return SAME_ORIGIN;
    seen.add(value);
    try {
      return this.originOfValue(value, depth, seen);
    } finally {
      seen.delete(value);
    }
  }

  private originOfValue(value: Val, depth: number, seen: Set<Val>): Flow | typeof SAME_ORIGIN | undefined {
    if (value.k === 'obj') {
      const url = value.props.find((p) => p.key && /^(?:url|baseURL|baseUrl)$/.test(p.key));
      return url ? this.originOf(url.v, depth + 1, seen) : undefined;
    }
    // `new URL(x)` (one argument) and `String(x)` are x; `new URL(path, base)` lets an absolute path win.
    if ((value.k === 'new' || value.k === 'call') && value.args.length === 1 && (isUrlClass(canonicalName(value.callee, this.program)) || canonicalName(value.callee, this.program) === 'global:String')) return this.originOf(value.args[0], depth + 1, seen);
    // `new URL(`/api/orgs/${org}`, apiUrl)`: a path (not `//host`) keeps the base's origin.
    if (value.k === 'new' && value.args.length === 2 && isUrlClass(canonicalName(value.callee, this.program)) && isPathOnBase(flowOf(value.args[0], this.program).text)) return this.originOf(value.args[1], depth + 1, seen) ?? flowOf(value.args[1], this.program);
    // `url.toString()`, `url.href`: the URL itself.
    if (value.k === 'call' && value.callee.k === 'member' && value.args.length === 0 && value.callee.prop === 'toString') return this.originOf(value.callee.obj, depth + 1, seen);
    if (value.k === 'member' && value.prop === 'href') return this.originOf(value.obj, depth + 1, seen);
    // `new URL(id ? `${base}/notes/${id}` : `${base}/notes`)`, a path with a suffix added on some
    // paths: the origin of each way the URL is written, when every one has one.
    if (value.k === 'union') {
      const origins = value.options.map((o) => this.originOf(o, depth + 1, seen)).filter((o) => o !== SAME_ORIGIN);
      if (origins.length === 0) return SAME_ORIGIN;
      return origins.every((o): o is Flow => o !== undefined) ? mergeFlows(origins) : undefined;
    }
    if (value.k !== 'tmpl') return undefined;
    const parts = value.parts.filter((p) => !(p.k === 'lit' && p.v === ''));
    if (parts.length < 2 || parts[0].k === 'lit') return undefined;
    // `${tenantBaseUrl(scope)}/label/…` with `tenantBaseUrl` building `${LOGS_HOST}/tenants/${id}`:
    // the host is the leading part of the inner URL.
    const inner = this.originOf(parts[0], depth + 1, seen);
    if (inner !== undefined) return inner;
    // A leading value that is itself a URL being built, whose origin could not be read, is not an origin.
    const lead = parts[0];
    const built = lead.k === 'tmpl' || (lead.k === 'union' && lead.options.some((o) => o.k === 'tmpl'));
    return built ? undefined : flowOf(lead, this.program);
  }

  /**
   * A query handed over as a config object (`pool.query({ text, values })`, mysql's `{ sql, values }`):
   * the statement is its text field; the values travel apart as parameters and decide nothing.
   */
  private queryConfigFlow(arg: Val | undefined): Flow | undefined {
    const value = arg ? this.program.deref(arg) : undefined;
    return value?.k === 'obj' ? this.statementFieldFlow(value) : undefined;
  }

  /** The flow of an object's statement fields (`query`, `sql`, `statement`, `text`), when it has any. */
  private statementFieldFlow(value: Extract<Val, { k: 'obj' }>): Flow | undefined {
    const statement = value.props.filter((p) => p.key && STATEMENT_KEY.test(p.key));
    return statement.length > 0 ? mergeFlows(statement.map((p) => flowOf(p.v, this.program))) : undefined;
  }

  /**
   * The SQL of a data-access call: the `query` / `sql` / `statement` of an options object
   * (`executeSql(project, { query, parameters })`), else the first string argument; the values
   * passed beside it are parameters, not SQL.
   */
  private statementFlow(args: Val[]): Flow {
    for (const arg of args) {
      const value = this.program.deref(arg);
      if (value.k !== 'obj') continue;
      const statement = this.statementFieldFlow(value);
      if (statement) return statement;
    }
    const strings = args.filter((a) => this.program.deref(a).k !== 'obj');
    return strings.length > 0 ? flowOf(strings[strings.length - 1], this.program) : constantFlow();
  }

  /**
   * The part of a request that says where it goes: the URL, or the `url` / `host` / `hostname` /
   * `baseURL` of an options object (`https.request({ hostname, path, headers })`) — not its body
   * or headers, which carry data, not a destination.
   */
  private urlFlow(arg: Val | undefined): Flow {
    if (!arg) return constantFlow();
    const value = this.program.deref(arg);
    if (value.k === 'obj') {
      const where = value.props.filter((p) => p.key && /^(?:url|uri|href|host|hostname|baseURL|baseUrl|origin|protocol)$/.test(p.key));
      if (where.length > 0) return mergeFlows(where.map((p) => flowOf(p.v, this.program)), '');
    }
    return flowOf(arg, this.program);
  }

  /** Rewrites a callee's parameter taints into the caller's terms, through the call's arguments. */
  private mapTaints(flow: Flow, calleeId: string, args: Val[]): Flow {
    const kept = flow.taints.filter((t) => t.fn !== calleeId);
    const mapped: Flow[] = flow.taints
      .filter((t) => t.fn === calleeId)
      .map((t) => {
        const arg = args[t.param];
        if (!arg) return constantFlow();
        // Field by field: `record.dir` inside the callee is the `dir` the caller wrote in
        // `{ dir, prompt }`, not whatever the model put in `prompt`.
        let field = arg;
        for (const p of t.path) {
          // The caller's own object without that field (`convert({ filePath })` read as
          // `options.projectRoot`): none of its values flow there; the callee's default does.
          const written = this.program.deref(field);
          if (lacks(written, p)) return { taints: [], constant: false, text: '${…}', env: [], unknown: [`${CALLER_SETS_NO}${p}`] };
          field = memberOf(field, p);
        }
        const fieldFlow = flowOf(field, this.program);
        return narrowFlow({ ...fieldFlow, taints: fieldFlow.taints.map((a) => ({ ...a, path: a.path.slice(0, MAX_TAINT_PATH) })) }, t.by);
      });
    const merged = mergeFlows([{ ...flow, taints: kept }, ...mapped]);
    // A bare parameter (`file` in `execFile(file, args)`) takes the caller's text: `'kubectl'`.
    const bare = flow.text === '${…}' && kept.length === 0 && mapped.length === 1;
    return settleFlow({ ...merged, text: bare ? mapped[0].text : flow.text });
  }

  /** A callback's own first parameter is the element of the array it iterates, when it iterates one. */
  private mapCallbackTaints(parent: FunctionFact, child: FunctionFact, flow: Flow): Flow {
    const own = flow.taints.filter((t) => t.fn === child.id);
    if (own.length === 0) return flow;
    const use = parent.calls.find((c) => c.args.some((a) => a.k === 'fn' && a.id === child.id));
    // `input.files.map(f => …)`: on a parameter the member chain is folded into its path.
    const method = use ? methodOf(use.callee) : undefined;
    const receiver = method && ITERATION.test(method.method) ? method.receiver : undefined;
    const others = flow.taints.filter((t) => t.fn !== child.id);
    if (!receiver) return { ...flow, taints: others, unknown: [...flow.unknown, `argument of a callback of ${use?.calleeText ?? 'an unknown call'}`] };
    // The callback's `f.path` read on an element of the receiver: on a list written in the code,
    // the field of each item (`items.map(({ fileName }) => …)` is each item's `fileName`, not every
    // value of every item with `fileName` appended); on a parameter, its path with `[]` and the field.
    const mapped = own
      .filter((t) => t.param === 0)
      .map((t) => {
        let element: Val = this.program.member(receiver, '[]');
        for (const p of t.path) element = this.program.member(element, p);
        return narrowFlow(flowOf(element, this.program), t.by);
      });
    return settleFlow(mergeFlows([{ ...flow, taints: others }, ...mapped]));
  }

  private isCallback(parent: FunctionFact, child: FunctionFact): boolean {
    const passed = (calls: CallFact[]) => calls.some((c) => c.args.some((a) => a.k === 'fn' && a.id === child.id) || (c.callee.k === 'fn' && c.callee.id === child.id));
    return passed(parent.calls);
  }

  /**
   * A closure handed on inside an options object (`runAll({ ids, run: async (id) => … })`). It runs
   * only if the callee calls it, so it is not summarised with its parent: a project callee that
   * does call it runs it through its parameter; a package's `{ onRevoke }` may never run it. (Used
   * by `runsItsArguments` only, to follow such a callee per call.)
   */
  private handedInOptions(parent: FunctionFact, child: FunctionFact): boolean {
    let found = false;
    for (const call of parent.calls) for (const a of call.args) if (a.k === 'obj' || a.k === 'arr') walkVal(a, (v) => (found ||= v.k === 'fn' && v.id === child.id));
    return found;
  }
}

/**
 * The sink's text once the caller filled in a parameter: `run(client, 'DROP TABLE t')` makes the
 * helper's `client.query(sql)` a DROP, which destructive-command matching must see.
 */
function knownText(hit: SinkHit, mapped: Flow): string {
  if (!hit.flow.constant && mapped.constant && mapped.text) return mapped.text;
  // The whole statement was the helper's parameter (`dbExec(sql)`): the caller's text, as far as it
  // is written (`DROP TABLE "${…}"`), says what runs.
  if (hit.text === '${…}' && mapped.text && mapped.text !== '${…}') return mapped.text;
  return hit.text;
}

export function constantText(val: Val | undefined): string | undefined {
  return stringOf(val);
}

/**
 * The method of a request when the code writes it: the client method (`client.delete(url)`,
 * `axios.create().delete`) or a `method` option (`fetch(url, { method: 'DELETE' })`,
 * `axios({ method: 'delete', url })`).
 */
/**
 * Request options handed on whole (`baseFetch(url, options)`, `{ ...options, headers }` with no
 * `method` of its own): the parameter they come from, whose caller's `method` decides.
 */
function optionsHandedOn(options: Val, program: Program): Extract<Val, { k: 'param' }> | undefined {
  if (options.k === 'param') return options;
  if (options.k !== 'obj' || options.props.some((p) => !p.spread && p.key === 'method')) return undefined;
  return options.props.map((p) => (p.spread ? program.deref(p.v) : undefined)).find((v): v is Extract<Val, { k: 'param' }> => v?.k === 'param');
}

function httpMethod(callee: string, args: Val[], program: Program): string | Extract<Val, { k: 'param' }> | undefined {
  const member = /\.(get|post|put|patch|delete|head)$/i.exec(callee);
  if (member) return member[1].toUpperCase();
  for (const arg of args) {
    const options = program.deref(arg);
    const handedOn = args.indexOf(arg) > 0 ? optionsHandedOn(options, program) : undefined;
    if (handedOn) return { ...handedOn, path: [...handedOn.path, 'method'] };
    const method = options.k === 'obj' ? options.props.find((p) => !p.spread && p.key === 'method') : undefined;
    const value = method ? program.deref(method.v) : undefined;
    if (value?.k === 'lit' && typeof value.v === 'string') return value.v.toUpperCase();
    // A helper's parameter (`method = 'GET'`): each caller's argument decides.
    if (value?.k === 'param') return value;
    if (value?.k === 'union') {
      const param = value.options.map((o) => program.deref(o)).find((o): o is Extract<Val, { k: 'param' }> => o.k === 'param');
      if (param) return param;
    }
  }
  return undefined;
}

/**
 * One hit per sink and per call of this function that leads there. A helper reached along many
 * deeper paths (a client's method called from several of its own helpers) would otherwise be
 * counted once per path at every level above it, and the count grows with the product of the call
 * sites: a real 2,500-file app exhausted memory that way. Of the hits that collapse, the one whose
 * value the model may control is kept, so no finding is lost to the merge.
 */
function dedupeHits(hits: SinkHit[]): SinkHit[] {
  if (hits.length < 2) return hits;
  const byKey = new Map<string, SinkHit>();
  const rank = (h: SinkHit) => (h.flow.taints.length > 0 ? 2 : h.flow.constant ? 0 : 1);
  for (const hit of hits) {
    const at = (l: Location | undefined) => (l ? `${l.file}:${l.line}:${l.column}` : '');
    // The command line too: `kubectl get node` and `kubectl drain` through one helper are two
    // operations, and only one of them destroys; so is a request's method (`api(url)` then
    // `api(url, 'DELETE')` inside one helper).
    const key = `${hit.spec.id}|${hit.op}|${at(hit.sinkLocation)}|${at(hit.path[0]?.location)}|${hit.spawn ? hit.text : ''}|${hit.method ?? ''}`;
    const kept = byKey.get(key);
    if (!kept || rank(hit) > rank(kept)) byKey.set(key, hit);
  }
  return byKey.size === hits.length ? hits : [...byKey.values()];
}

/**
 * Fields of a request body that hold a SQL statement for the service to run. Case matters: an IAM
 * policy's `Statement` is a list of permissions, not SQL.
 */
const SQL_FIELD = /^(?:statement|sql|SQL|sqlQuery|sql_query|sqlText|sql_text|sqlStatement)$/;

/** The SQL statement field of a request's arguments, a few objects deep and through `JSON.stringify`. */
/**
 * The aggregation pipeline among a call's arguments: an array, or a value named for one
 * (`pipeline`, `stages`). Undefined when no argument is (then the call is some other `aggregate`).
 */
function pipelineArg(args: Val[], program: Program): number | undefined {
  const index = args.findIndex((arg) => isPipeline(arg, program, 0));
  return index >= 0 ? index : undefined;
}

/** An array, or a value named as a pipeline, or a copy of one made stage by stage (`pipeline.map(convertIds)`). */
function isPipeline(arg: Val, program: Program, depth: number): boolean {
  const val = program.deref(arg);
  if (val.k === 'arr') return true;
  const named = arg.k === 'param' ? arg.path[arg.path.length - 1] ?? arg.name : arg.k === 'ref' ? arg.name : arg.k === 'member' ? arg.prop : undefined;
  if (typeof named === 'string' && /pipeline|stages/i.test(named)) return true;
  const method = val.k === 'call' ? methodOf(val.callee) : undefined;
  const copied = method && /^(?:map|filter|slice|concat|flatMap)$/.test(method.method) ? method.receiver : undefined;
  return !!copied && depth < 3 && isPipeline(copied, program, depth + 1);
}

/**
 * The query filter among a collection call's arguments: the first that is no string (`distinct`
 * takes the field name first). Undefined when there is none or it is a function: `items.find((i)
 * => …)` is an array's search, not a query.
 */
function filterArg(args: Val[], program: Program): number | undefined {
  const index = args.findIndex((arg) => {
    const val = program.deref(arg);
    return !(val.k === 'lit' && typeof val.v === 'string');
  });
  if (index < 0) return undefined;
  const val = program.deref(args[index]);
  return val.k === 'fn' ? undefined : index;
}

function sqlFieldOf(args: Val[], program: Program, depth = 0): Val | undefined {
  if (depth > 4) return undefined;
  for (const arg of args) {
    const val = program.deref(arg);
    if (val.k === 'obj') {
      const field = val.props.find((p) => !p.spread && p.key !== null && SQL_FIELD.test(p.key));
      if (field) return field.v;
      const inner = sqlFieldOf(val.props.filter((p) => !p.spread).map((p) => p.v), program, depth + 1);
      if (inner) return inner;
    } else if (val.k === 'call' && canonicalName(val.callee, program) === 'global:JSON.stringify') {
      const inner = sqlFieldOf(val.args.slice(0, 1), program, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * The `path` an options argument saves to: the field of an object the code writes, or the field
 * of options it is handed (`page.pdf(options)`). None when the code writes options without one.
 */
function pathFieldOf(arg: Val | undefined, program: Program): Val | undefined {
  if (!arg) return undefined;
  const options = program.deref(arg);
  if (options.k !== 'obj') return options.k === 'lit' ? undefined : { k: 'member', obj: arg, prop: 'path' };
  const field = options.props.find((p) => !p.spread && p.key === 'path');
  if (field) return field.v;
  const spread = options.props.find((p) => p.spread);
  return spread ? { k: 'member', obj: spread.v, prop: 'path' } : undefined;
}

/** Whether a location starts inside a span. */
function within(at: Location, span: Location): boolean {
  const after = at.line > span.line || (at.line === span.line && at.column >= span.column);
  const before = at.line < span.endLine || (at.line === span.endLine && at.column < span.endColumn);
  return after && before;
}

/**
 * Whether a value is known to be truthy or falsy when the code runs; undefined when leash cannot
 * tell. A field the caller's object does not have, or one read from nothing, is undefined: falsy.
 */
function truthiness(program: Program, val: Val, depth = 0): boolean | undefined {
  if (depth > 8) return undefined;
  const d = program.deref(val);
  const all = (values: (boolean | undefined)[]) => (values.length > 0 && values.every((v) => v === values[0]) ? values[0] : undefined);
  switch (d.k) {
    case 'lit':
      return Boolean(d.v);
    case 'obj':
    case 'arr':
    case 'fn':
      return true;
    case 'narrowed':
      return truthiness(program, d.v, depth + 1);
    case 'union':
      return all(d.options.map((o) => truthiness(program, o, depth + 1)));
    case 'member': {
      if (d.prop === '[]') return undefined;
      const owner = program.deref(d.obj);
      const owners = owner.k === 'union' ? owner.options.map((o) => program.deref(o)) : [owner];
      // Reading a field of nothing throws: that code is not reached with the field set either.
      return all(owners.map((o) => ((o.k === 'lit' && o.v === null) || lacks(o, d.prop) ? false : undefined)));
    }
    case 'unknown':
      return d.why.startsWith(CALLER_SETS_NO) ? false : undefined;
    default:
      return undefined;
  }
}

/** A value read from a function's own parameter (`action`, `options.mode`). */
function mentionsParam(val: Val, fnId: string): boolean {
  if (val.k === 'param') return val.fn === fnId;
  if (val.k === 'member') return mentionsParam(val.obj, fnId);
  if (val.k === 'narrowed') return mentionsParam(val.v, fnId);
  return false;
}

/** The sink a file written and then run by an interpreter amounts to. */
const WRITTEN_THEN_RUN: SinkSpec = { id: 'file written, then run', op: 'code.eval', callee: /(?!)/, arg: 1 };

/** `node`, `python3`, `bash`… by name, or the running Node itself (`process.execPath`). */
function runsInterpreter(binary: Val): boolean {
  if (binary.k === 'lit') return typeof binary.v === 'string' && SHELL_BINARIES.test(binary.v);
  return binary.k === 'member' && binary.prop === 'execPath' && binary.obj.k === 'global' && binary.obj.name === 'process';
}

/** The same value: one object, or two written alike (a path built the same way in both calls). */
function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/**
 * A thin forwarder's call: the function holding it does no work of its own on what it was given
 * (`(args, cwd) => exec(args, cwd)`; `executeCommand(cmd, args)` calling `execFileSafe(cmd, args,
 * { timeout, maxBuffer: limit() })`). Every argument is one of its parameters as it came in, or an
 * options object written without them, and no other call of the function looks at a parameter
 * except in its error handling. A function with checks of its own (`readQuery(query)` that refuses
 * non-SELECTs, then runs `dbAll(query)`) is a place of its own.
 */
function forwardsParameters(args: Val[], program: Program): boolean {
  const bare = (a: Val): Extract<Val, { k: 'param' }> | undefined => (a.k === 'param' && a.path.length === 0 ? a : a.k === 'spread' ? bare(a.v) : undefined);
  const params = args.map(bare).filter((p): p is Extract<Val, { k: 'param' }> => !!p);
  if (params.length === 0) return false;
  const holders = new Set(params.map((p) => p.fn));
  if (holders.size !== 1) return false;
  const holderId = [...holders][0]!;
  const holder = program.functions.get(holderId);
  if (!holder) return false;
  if (args.some((a) => !bare(a) && (a.k !== 'obj' || usesParamOf(a, holderId)))) return false;
  const own = holder.calls.filter((c) => !holder.catchBlocks?.some((block) => contains(block, c.loc)));
  // A call nested in another's arguments is a call of its own (locals are inlined:
  // `streamToString(runtime.readFile(path))` is two calls), counted once, where it is made.
  const ownCalls = new Set(own.map((c) => locKey(c.loc)));
  const readsParams = (v: Val) => usesParamOf(v, holderId, (inner) => (inner.k === 'call' || inner.k === 'new') && ownCalls.has(locKey(inner.loc)));
  // `query.trim().startsWith('create table')` looks at the parameter through its callee.
  return own.filter((c) => readsParams(c.callee) || c.args.some(readsParams)).length === 1;
}

/** Field names that are the decisive value of a sink themselves: a path, a command, a query, a URL. */
const DECISIVE_WORD = /^(?:path|paths|file|files|filename|filepath|dir|dirname|directory|folder|dest|destination|target|source|src|command|cmd|args|argv|script|code|sql|query|url|uri|href|host|endpoint)$/;
/** `filePath`, `output_dir`, `sql`: a field named as the thing a sink takes (`filer_cik` is not). */
const isDecisiveField = (key: string) => key.split(/_|-|(?<=[a-z0-9])(?=[A-Z])/).some((word) => DECISIVE_WORD.test(word.toLowerCase()));

/**
 * Whether a call's arguments are fixed values and records of named fields only, at least one
 * record, none of whose fields is named as a path, command, query or URL (see `Hop.record`).
 */
function handsOverRecord(args: Val[], program: Program): boolean {
  let records = 0;
  for (const arg of args) {
    const v = program.deref(arg);
    if (v.k === 'lit') continue;
    if (v.k !== 'obj' || v.props.some((p) => p.spread || p.key === null || isDecisiveField(p.key))) return false;
    records++;
  }
  return records > 0;
}

const locKey = (loc: Location) => `${loc.file}:${loc.line}:${loc.column}`;

/** Whether a value reads a parameter of the function `fnId`, anywhere inside it but what `opaque` picks. */
function usesParamOf(v: Val, fnId: string, opaque?: (inner: Val) => boolean): boolean {
  let found = false;
  walkVal(
    v,
    (inner) => {
      if (inner.k === 'param' && inner.fn === fnId) found = true;
    },
    new Set(),
    opaque,
  );
  return found;
}
