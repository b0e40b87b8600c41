/**
 * What the project's own maps hold. A registry (`const outputs = new Map()`) is filled by one tool
 * call and read by another: `outputs.get(id)` returns a value the code stored, never the key it was
 * asked with, and that value is the model's when a tool stored it from its input.
 */
import type { Val } from '../extract/code/facts.js';
import type { Program } from './program.js';

/**
 * The values a `Map` (or `WeakMap`) made by the project may hold: every `map.set(key, value)` in
 * the program, and the fields written on entries a `get` handed out (`session.options = opts`).
 * Undefined when `map` is no such map.
 */
export function storedIn(program: Program, map: Val): Val[] | undefined {
  const made = program.deref(map);
  if (made.k !== 'new') return undefined;
  const ctor = program.deref(made.callee);
  if (ctor.k !== 'global' || !/^(?:Map|WeakMap)$/.test(ctor.name)) return undefined;
  return writesOf(program).get(siteOf(made)) ?? [];
}

/** The implementations of the tools found so far, with the parameter that carries the model's input. */
export function toolInputs(program: Program): Map<string, { name: string; index: number }> {
  let inputs = inputsByProgram.get(program);
  if (!inputs || inputs.size === 0) {
    inputs = new Map();
    for (const tool of program.tools.values()) {
      const impl = tool.impl ? program.deref(tool.impl) : undefined;
      if (impl?.k === 'fn') inputs.set(impl.id, { name: tool.name ?? impl.id, index: tool.inputParam?.index ?? 0 });
    }
    inputsByProgram.set(program, inputs);
  }
  return inputs;
}

const inputsByProgram = new WeakMap<Program, Map<string, { name: string; index: number }>>();

/** Writes by the site that made the map: a map read through a substituted copy is still that map. */
function writesOf(program: Program): Map<string, Val[]> {
  const known = writesByProgram.get(program);
  if (known) return known;
  const writes = new Map<string, Val[]>();
  const add = (site: string, v: Val) => {
    const list = writes.get(site);
    if (list) list.push(v);
    else writes.set(site, [v]);
  };
  for (const fn of program.functions.values()) {
    for (const call of fn.calls) {
      if (call.callee.k !== 'member' || call.callee.prop !== 'set' || call.args.length < 2) continue;
      const target = program.deref(call.callee.obj);
      if (target.k === 'new') add(siteOf(target), call.args[1]);
    }
  }
  // `session.options = opts` on a session a `get` handed out writes into the map's value.
  for (const fn of program.functions.values()) {
    for (const write of fn.fieldWrites ?? []) {
      for (const site of mapsRead(program, write.obj)) add(site, { k: 'obj', props: [{ key: write.key, v: write.v }] });
    }
  }
  writesByProgram.set(program, writes);
  return writes;
}

const writesByProgram = new WeakMap<Program, Map<string, Val[]>>();

/** The maps whose `get` a value is the result of, through a few project functions (`recorder.getSession(id)`). */
function mapsRead(program: Program, val: Val, depth = 0): string[] {
  if (depth > 3) return [];
  if (val.k === 'union') return val.options.flatMap((o) => mapsRead(program, o, depth + 1));
  if (val.k !== 'call') return [];
  const callee = program.deref(val.callee);
  if (callee.k === 'member' && callee.prop === 'get') {
    const made = program.deref(callee.obj);
    return made.k === 'new' ? [siteOf(made)] : [];
  }
  if (callee.k !== 'fn') return [];
  return (program.functions.get(callee.id)?.returns ?? []).flatMap((r) => mapsRead(program, r, depth + 1));
}

/** Where a value was constructed (`new Map()` at file:line:column). */
function siteOf(made: Extract<Val, { k: 'new' }>): string {
  return `${made.loc.file}:${made.loc.line}:${made.loc.column}`;
}
