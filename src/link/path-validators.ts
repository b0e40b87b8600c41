/**
 * The project's own path validators: helpers that check a path and hand it back confined
 * (`validatePath`, `safeResolve`, a helper that asserts containment before returning), unless they
 * let every path through while their allow list is empty (the shipped default, often).
 */
import type { FunctionFact } from '../extract/code/facts.js';
import type { Program } from './program.js';

/** Names of functions that check a path and return it confined: `validatePath`, `ensureInsideRoot`, `safeResolve`. */
export const PATH_VALIDATOR = /^(?:validate|sanitize|ensure|assert|check|confine|resolveSafe|safeResolve|secure|verify)\w*(?:Path|File|Dir|Directory|Location)\w*$|^(?:safe|secure|confined|validated)(?:Path|Join|Resolve)$/i;

/** A check that a path lies inside a root, by its name: `assertInsideWorkspace`, `ensureWithinRoot`. */
const CONTAINMENT_CHECK = /^(?:assert|ensure|check|verify|require|guard)\w*(?:Inside|Within|Contained|InRoot|InWorkspace|InSandbox|Under)\w*$/;

/**
 * A helper that resolves a path and checks it is inside a root before handing it back
 * (`resolveSandboxPath(p)` runs `assertInsideWorkspace(resolved, root)`, `resolveLocalPath(p)`
 * refuses unless `isWithin(base, candidate)`): what it returns is confined, whatever the helper
 * is called.
 */
export function assertsContainment(fn: FunctionFact, program: Program): boolean {
  if (fn.returns.length === 0) return false;
  // A yes/no containment test counts when the helper can refuse: it throws, or it has a result
  // for failure besides the one for success (`if (!isWithin(base, candidate)) return { ok: false }`
  // … `return { ok: true, resolvedPath: candidate }`, read by the caller as `.resolvedPath`).
  const refuses = (fn.refusalBlocks?.length ?? 0) > 0 || fn.returns.length > 1;
  return fn.calls.some((call) => {
    const target = program.deref(call.callee);
    const name = target.k === 'fn' ? program.functions.get(target.id)?.name.split('.').pop() : call.calleeText.split('.').pop();
    return name !== undefined && (CONTAINMENT_CHECK.test(name) || (refuses && CONTAINMENT_PREDICATE.test(name)));
  });
}

/** A yes/no test that a path lies inside a root: `isWithin(base, p)`, `isInside`, `isPathInside`, `isSubPath`. */
const CONTAINMENT_PREDICATE = /^(?:is|are)\w*(?:Within|Inside|Contained|Under|SubPath|Subpath|Descendant)\w*$/;

/** A yes/no check on a path (`isPathAllowed`, `isWithinAllowedRoots`), not a helper that resolves one. */
const PATH_PREDICATE = /^(?:is|has|can|check|should|may)(?=[A-Z_])\w*(?:Allow|Permit|Within|Inside|Valid|Safe)/;

/**
 * A check that returns early, unchecked, when its allow list is empty — itself, or through the
 * predicate it delegates to (`validatePath` runs `isPathAllowed`, whose `if (!allowed.length)
 * return true` lets every path through by default), a few calls deep and inside its closures.
 */
export function letsAllThroughWhenEmpty(fn: FunctionFact, program: Program, depth = 0, seen = new Set<string>()): boolean {
  if (fn.allowsAllWhenEmpty) return true;
  if (depth >= 3 || seen.has(fn.id)) return false;
  seen.add(fn.id);
  for (const body of [fn, ...(program.childFunctions.get(fn.id) ?? [])]) {
    for (const call of body.calls) {
      const target = program.deref(call.callee);
      const callee = target.k === 'fn' ? program.functions.get(target.id) : undefined;
      if (callee && PATH_PREDICATE.test(callee.name.split('.').pop() ?? '') && letsAllThroughWhenEmpty(callee, program, depth + 1, seen)) return true;
    }
  }
  return false;
}

/**
 * Whether what a function returns is a path confined to a root. Memoised per function: the checks
 * resolve callees, and resolving a call asks this again (a validator calling itself, or another).
 */
export function confinesPath(fn: FunctionFact, program: Program): boolean {
  const known = answers.get(program) ?? new Map<string, boolean>();
  answers.set(program, known);
  const cached = known.get(fn.id);
  if (cached !== undefined) return cached;
  known.set(fn.id, false); // while it is being decided, a cycle says no
  const answer = (PATH_VALIDATOR.test(fn.name.split('.').pop() ?? '') || assertsContainment(fn, program)) && !letsAllThroughWhenEmpty(fn, program);
  known.set(fn.id, answer);
  return answer;
}

const answers = new WeakMap<Program, Map<string, boolean>>();
