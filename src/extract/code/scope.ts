/** Lexical scopes for extraction: where a name's abstract value lives, so it can be read and mutated. */
import type { FunctionFact, Val } from './facts.js';
import type { Narrowing } from './guards.js';

/** A function being extracted. */
export interface FunctionFrame {
  fact: FunctionFact;
  narrowing: Narrowing;
  /** Inside a loop or a map/forEach callback: definitions here repeat. */
  repeated: boolean;
  loopDepth: number;
  classId?: string;
  /**
   * A local flag set to `true` in one block only (`isTemporary = true` next to `inputPath = tmp`):
   * the values that block gives the other locals it assigns. `null` once the flag is set elsewhere.
   */
  setTrueWith?: Map<string, Map<string, Val> | null>;
}

export interface Slot {
  get(): Val;
  set(val: Val): void;
}

export class Scope {
  private readonly vars = new Map<string, Val>();
  /** Locals this block assigns, with the value it assigns (the last one). */
  readonly assignedHere = new Map<string, Val>();

  constructor(
    readonly parent: Scope | undefined,
    /** The function that owns this scope; undefined at module level. */
    readonly frame: FunctionFrame | undefined,
  ) {}

  declare(name: string, val: Val): void {
    this.vars.set(name, val);
  }

  /** Finds a name in this scope chain, saying which function frame owns it. */
  find(name: string): { slot: Slot; frame: FunctionFrame | undefined } | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      if (scope.vars.has(name)) {
        const owner = scope;
        return {
          slot: { get: () => owner.vars.get(name)!, set: (v) => owner.vars.set(name, v) },
          frame: owner.frame,
        };
      }
    }
    return undefined;
  }
}
