/**
 * Which fields of a tool's input reach something that acts on them: an operation leash knows (a
 * sink argument built from the field), or code leash cannot see (a module loaded at run time that
 * the field is handed to). `require-typed-schema` reports a free-form field only where it does.
 */
import type { ToolFact, Val } from '../extract/code/facts.js';
import type { SchemaInfo } from '../graph/model.js';
import { walkVal } from '../extract/code/vals.js';
import { canonicalName } from './canonical.js';
import type { Flow } from './flow.js';
import type { Program } from './program.js';

/** How many of the project's helpers deep a tool's input is followed to code leash cannot see. */
const OPAQUE_CALL_DEPTH = 3;

/**
 * The input field a read of a parameter names (`*`: the input as a whole), when the parameter is
 * the tool's input: the implementation's parameter at the input's index, under the input's path.
 */
export function inputField(fn: string, index: number, path: string[], implId: string, input: ToolFact['inputParam']): string | undefined {
  const prefix = input?.path ?? [];
  if (fn !== implId || index !== (input?.index ?? 0) || !prefix.every((p, i) => path[i] === p)) return undefined;
  return path[prefix.length] ?? '*';
}

/**
 * The choices the model has for a sink argument's holes: the values of each enum or literal input
 * field the argument was built from (`mode: z.enum(['list', 'drop', 'clear'])` in `git stash ${mode}`).
 */
export function enumChoicesAtSink(flow: Flow, implId: string, input: ToolFact['inputParam'], schema: SchemaInfo | undefined): string[] {
  if (!schema) return [];
  const fields = new Set(flow.taints.map((t) => inputField(t.fn, t.param, t.path, implId, input)).filter((f): f is string => f !== undefined));
  return [...fields].flatMap((f) => schema.properties[f]?.values ?? []);
}

/** The input fields a model-controlled sink argument was built from (constrained ones are not). */
export function inputAtSink(flow: Flow, implId: string, input: ToolFact['inputParam']): string[] {
  return flow.taints.flatMap((t) => (t.by.length > 0 ? [] : [inputField(t.fn, t.param, t.path, implId, input)].filter((f): f is string => f !== undefined)));
}

/**
 * The input fields the implementation hands to code leash cannot see (`mod[name].execute(input)`
 * on a module loaded at run time), itself or through the project's helpers it passes them to:
 * whatever runs there gets them, so they count as reaching an operation.
 */
export function inputToOpaqueCode(program: Program, implId: string, input: ToolFact['inputParam']): Set<string> {
  const fields = new Set<string>();
  const seen = new Set<string>();
  // `held`: which of the function's parameters carry which input fields (from its callers).
  const visit = (fnId: string, held: Map<number, Set<string>>, depth: number): void => {
    const fn = program.functions.get(fnId);
    const key = `${fnId}:${[...held].map(([i, f]) => `${i}=${[...f].sort().join('|')}`).join(',')}`;
    if (!fn || depth > OPAQUE_CALL_DEPTH || seen.has(key)) return;
    seen.add(key);
    const carried = (val: Val): Set<string> => {
      const out = new Set<string>();
      walkVal(val, (v) => {
        if (v.k !== 'param' || v.fn !== fnId) return;
        const own = inputField(v.fn, v.index, v.path, implId, input);
        if (own) out.add(own);
        for (const f of held.get(v.index) ?? []) out.add(f);
      });
      return out;
    };
    for (const call of fn.calls) {
      const passed = call.args.map(carried);
      if (passed.every((p) => p.size === 0)) continue;
      const target = program.deref(call.callee);
      if (target.k === 'fn') {
        visit(target.id, new Map(passed.flatMap((p, i) => (p.size > 0 ? [[i, p] as const] : []))), depth + 1);
        continue;
      }
      // Only code nobody can name: not a package's or the runtime's API, a built-in name, the
      // framework's context handed to the tool, or a logger.
      if (!isLoadedAtRunTime(program, call.callee) || /\b(?:log|logger|console)\b/i.test(call.calleeText)) continue;
      for (const p of passed) for (const f of p) fields.add(f);
    }
  };
  visit(implId, new Map(), 0);
  return fields;
}

/** Whether a callee is reached from a dynamic `import()` (`(await import(path)).default.run`, `mod[toolName].execute`). */
function isLoadedAtRunTime(program: Program, callee: Val, depth = 0): boolean {
  if (depth > 6) return false;
  const d = program.deref(callee);
  if (d.k === 'union') return d.options.some((o) => isLoadedAtRunTime(program, o, depth + 1));
  if (d.k === 'narrowed') return isLoadedAtRunTime(program, d.v, depth + 1);
  if (d.k === 'member') return isLoadedAtRunTime(program, d.obj, depth + 1);
  if (d.k === 'call') return canonicalName(d.callee, program) === 'global:import' || (d.callee.k === 'member' && isLoadedAtRunTime(program, d.callee.obj, depth + 1));
  return false;
}
