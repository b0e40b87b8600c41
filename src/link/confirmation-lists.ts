/**
 * Lists of tools that ask the user before they run, kept as configuration: a server's default
 * `confirmationRequiredTools: ['drop-database', 'delete-many']`, read at call time by the code that
 * prompts (`if (config.confirmationRequiredTools.includes(this.name)) await elicit(…)`). A tool
 * named there is gated in the default configuration even though no line near it asks.
 */
import type { Val } from '../extract/code/facts.js';
import type { Location } from '../graph/model.js';
import { walkVal } from '../extract/code/vals.js';
import type { Program } from './program.js';

/** Keys that name such a list: `confirmationRequiredTools`, `toolsRequiringApproval`, `requireConfirmation`. */
const CONFIRMATION_LIST = /^(?:(?:confirmation|approval|confirm)(?:Required)?Tools|tools(?:Requiring|Needing|That(?:Need|Require))(?:Confirmation|Approval)|(?:require|need)s?(?:Confirmation|Approval)(?:For)?(?:Tools)?)$/i;
const MAX_DEPTH = 6;

/** Each tool name written in such a list, with where it is written. */
export function confirmationListedTools(program: Program): Map<string, Location> {
  const listed = new Map<string, Location>();
  const visit = (val: Val, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    // A settings object may be the argument of a schema or a factory (`z.object({ … })`).
    if (val.k === 'call' || val.k === 'new') return val.args.forEach((arg) => visit(arg, depth + 1));
    if (val.k !== 'obj') return;
    for (const prop of val.props) {
      if (prop.key && CONFIRMATION_LIST.test(prop.key)) {
        // The list may sit inside a schema's default (`z.array(z.string()).default([...])`).
        walkVal(prop.v, (inner) => {
          if (inner.k !== 'arr') return;
          inner.items.forEach((item, i) => {
            const at = inner.locs?.[i] ?? prop.loc;
            if (item.k === 'lit' && typeof item.v === 'string' && at && !listed.has(item.v)) listed.set(item.v, at);
          });
        });
      } else visit(prop.v, depth + 1);
    }
  };
  for (const facts of program.files.values()) for (const val of Object.values(facts.bindings)) visit(val, 0);
  return listed;
}
