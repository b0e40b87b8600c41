/**
 * Whether a tool's call leaves a server-side record: a log line, an audit file, a telemetry span.
 * A record counts when it is on by default; a logger that returns early unless a flag is set
 * (`if (!ENABLE_LOGGING) return`, `if (!is_verbose) return`) is opt-in and does not count.
 */
import type { FunctionFact, Val } from '../extract/code/facts.js';
import type { Location } from '../graph/model.js';
import { canonicalName } from './canonical.js';
import type { Program } from './program.js';

export interface RecordStatus {
  /** `record`: logged by default; `opt-in`: only behind a flag that is off by default; `none`. */
  status: 'record' | 'opt-in' | 'none';
  /** The call that records (or would, when switched on), in the function asked about. */
  location?: Location;
  /**
   * A callback the server's creator may hand in to record calls (`options.onToolCall?.({ name,
   * arguments })`): the record exists only where the creator passes one.
   */
  hook?: Extract<Val, { k: 'param' }>;
}

/** Options a server factory takes for a callback on each call: `onToolCall`, `onCall`, `auditLog`, `logger`. */
const HOOK_NAME = /^(?:on\w*(?:Call|Tool|Invoke|Invocation|Execute|Execution)\w*|audit\w*|\w*[lL]ogger|log(?:Calls?|Tools?|Events?|Requests?|Invocations?)?|record\w*|trace\w*)$/;

/** Loggers and tracers by canonical name: the console, logging libraries, error and trace SDKs. */
const LOGGER = /^(?:global:console\.(?:log|info|warn|error|trace)|(?:pino|winston|bunyan|log4js|loglevel|consola|signale|tslog|roarr|@sentry\/[\w-]+|@opentelemetry\/api|@axiomhq\/\w+|@logtail\/\w+|@google-cloud\/logging|posthog-node|mixpanel|@segment\/analytics-node)(?::|$))/;
/** Loggers by how they are called when the receiver cannot be resolved (`this.logger.info`). */
const LOGGER_TEXT = /^(?:this\.)?(?:logger|log|audit|auditLog|auditLogger|telemetry|tracer|analytics|metrics)\??\.(?:info|warn|error|log|record|write|trace|track|capture|event|notice|logEvent|trackEvent|recordEvent)$/;
/** Local functions whose job is a record: `trackToolCall`, `auditLog`, `recordHistory`… writing a file. */
const RECORD_NAME = /(?:log|audit|track|record|telemetry|capture|history|journal)/i;
/** Flags that make logging opt-in when a logger returns early on them. */
const OPT_IN_FLAG = /verbose|debug|enable_?log|logging|log_?enabled|is_?log|trace|quiet|silent/i;

export class Records {
  private readonly memo = new Map<string, RecordStatus>();

  constructor(private readonly program: Program) {}

  /**
   * For one branch of a handler that dispatches on the tool's name (`case 'run_code': …`): what
   * the handler records outside every branch, plus what this branch records. A log line in
   * another tool's branch says nothing of this tool's calls.
   */
  ofBranch(fnId: string, range: { start: number; end: number }): RecordStatus {
    const fn = this.program.functions.get(fnId);
    const others = (fn?.branches ?? []).filter((b) => b.start !== range.start || b.end !== range.end).filter((b) => !(b.start <= range.start && range.end <= b.end));
    if (others.length === 0) return this.of(fnId);
    const inOther = (loc: Location) => loc.file === fn!.loc.file && others.some((b) => b.start <= loc.line && loc.line <= b.end) && !(range.start <= loc.line && loc.line <= range.end);
    return this.compute(fnId, 0, inOther);
  }

  of(fnId: string, depth = 0): RecordStatus {
    const cached = this.memo.get(fnId);
    if (cached) return cached;
    return this.compute(fnId, depth);
  }

  private compute(fnId: string, depth: number, skip?: (loc: Location) => boolean): RecordStatus {
    const fn = this.program.functions.get(fnId);
    if (!fn || depth > 8) return { status: 'none' };
    if (!skip) this.memo.set(fnId, { status: 'none' }); // recursion contributes nothing
    let best: RecordStatus = { status: 'none' };
    const consider = (found: RecordStatus) => {
      if (found.status === 'record' && best.status !== 'record') best = found;
      else if (found.status === 'opt-in' && best.status === 'none') best = found;
    };
    // A log line written only when the call fails (`catch (e) { console.error(e) }`,
    // `.catch((e) => log(e))`) records failures, not what the model asked for.
    // So does a handler of error events (`pool.on('error', (e) => console.error(e))`).
    const onFailure = failureCallbacks(fn);
    const bodies = [fn, ...(this.program.childFunctions.get(fnId) ?? []).filter((child) => !onFailure.has(child.id) && !skip?.(child.loc))];
    for (const body of bodies) {
      for (const call of body.calls) {
        if (skip?.(call.loc)) continue;
        if (body.catchBlocks?.some((block) => contains(block, call.loc))) continue;
        // Logged only on the way to refusing the call (`if (denied) { audit(…); throw … }`): the
        // calls that go through leave no record there.
        if (body.refusalBlocks?.some((block) => contains(block, call.loc))) continue;
        const name = canonicalName(call.callee, this.program);
        const target = this.program.deref(call.callee);
        const hook = target.k === 'param' && target.path.length > 0 && HOOK_NAME.test(target.path[target.path.length - 1]) ? target : undefined;
        if (hook && best.status === 'none') best = { status: 'none', hook };
        // A recorder the creator may hand in (`metrics?.logEvent(…)` on an options parameter) records
        // only where one is passed: judged as a hook, at its callers, not as a logger here.
        if (hook) continue;
        if ((name && LOGGER.test(name)) || (!name && target.k !== 'fn' && LOGGER_TEXT.test(call.calleeText))) {
          // A banner (`console.error(\`v${VERSION} started at ${startedAt}\`)`) says nothing of the call.
          if (saysWhatRan(call.args, this.program)) consider({ status: 'record', location: call.loc });
        }
        else if (name && /^(?:fs|fs\/promises|fs-extra):(?:promises\.)?(?:appendFile|appendFileSync|writeFile|writeFileSync|createWriteStream)$/.test(name) && RECORD_NAME.test(fn.name)) consider({ status: 'record', location: call.loc });
        else if (target.k === 'fn' && target.id !== fnId) {
          const inner = this.of(target.id, depth + 1);
          if (inner.status !== 'none') consider({ status: inner.status, location: call.loc });
          else if (inner.hook && best.status === 'none' && !best.hook) best = { status: 'none', hook: inner.hook };
        }
      }
    }
    // A logger that returns at once unless a flag is on records nothing by default.
    if (best.status === 'record' && fn.guard && OPT_IN_FLAG.test(fn.guard.text)) best = { status: 'opt-in', location: best.location };
    if (!skip) this.memo.set(fnId, best);
    return best;
  }
}

/**
 * Whether a log line's arguments tell something of the call it records: the request, a value the
 * call computed, anything leash cannot pin down. Fixed text, configuration and process state
 * (literals, imports, the environment, `new Date()`) say nothing of what the model asked for; nor
 * do the tool's name and the sizes of its inputs (`Tool ${name} called, code length ${code.length}`).
 */
/**
 * Which tool was called, not what it was asked: `request.params.name` (the MCP request's tool
 * name) or a field or parameter called `toolName`. A tool's own input named `name` (the file or
 * note the model picked) is what it was asked, and says something.
 */
function namesTheTool(path: string[]): boolean {
  const last = path.at(-1) ?? '';
  return /^(?:toolName|tool_name)$/.test(last) || (last === 'name' && path.at(-2) === 'params');
}

/** The property names along a member chain, outermost last (`request.params` → `['request', 'params']` as far as known). */
function memberPath(val: Val): string[] {
  if (val.k === 'member') return [...memberPath(val.obj), val.prop];
  if (val.k === 'param') return val.path;
  return [];
}

function saysWhatRan(args: Val[], program: Program): boolean {
  const says = (val: Val, depth: number): boolean => {
    if (depth > 12) return true;
    switch (val.k) {
      case 'lit':
      case 'global':
      case 'import':
      case 'env':
      case 'fn':
        return false;
      case 'ref': {
        const target = program.deref(val);
        return target === val || target.k === 'ref' ? true : says(target, depth + 1);
      }
      case 'tmpl':
        return val.parts.some((p) => says(p, depth + 1));
      case 'call':
      case 'new':
        return says(val.callee, depth + 1) || val.args.some((a) => says(a, depth + 1));
      case 'member':
        // A size (`code.length`) or the tool's name (`request.params.name`) says that something
        // ran, not what the model asked of it.
        if (val.prop === 'length' || namesTheTool([...memberPath(val.obj), val.prop])) return false;
        return says(val.obj, depth + 1) || (val.key !== undefined && says(val.key, depth + 1));
      case 'param':
        return !(val.path.at(-1) === 'length' || namesTheTool(val.path.length > 0 ? val.path : [val.name ?? '']));
      case 'narrowed':
      case 'spread':
        return says(val.v, depth + 1);
      case 'union':
        return val.options.some((o) => says(o, depth + 1));
      case 'arr':
        return val.items.some((i) => says(i, depth + 1));
      case 'obj':
        return val.props.some((p) => says(p.v, depth + 1));
      default:
        return true;
    }
  };
  return args.some((a) => says(a, 0));
}

/** The closures a function hands to `.catch(…)` or to an error listener: they run only when something failed. */
export function failureCallbacks(fn: FunctionFact): Set<string> {
  return new Set(fn.calls.filter((c) => /\.catch$/.test(c.calleeText) || isErrorListener(c.calleeText, c.args[0])).flatMap((c) => c.args.flatMap((a) => (a.k === 'fn' ? [a.id] : []))));
}

/** `emitter.on('error', …)`, `process.once('uncaughtException', …)`: a listener for failures only. */
function isErrorListener(calleeText: string, event: Val | undefined): boolean {
  return /\.(?:on|once|addListener|prependListener)$/.test(calleeText) && event?.k === 'lit' && typeof event.v === 'string' && /^(?:error|uncaughtException|unhandledRejection)$/.test(event.v);
}

export function contains(outer: Location, inner: Location): boolean {
  const starts = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const ends = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return starts && ends;
}
