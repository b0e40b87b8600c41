/**
 * The tools a low-level MCP server lists: the definitions its ListTools handler returns
 * (`return { tools: available.map(({ _meta, ...rest }) => rest) }`, or a function elsewhere that
 * returns them). They are the server's own inventory, whatever the CallTool handler does with
 * the name it is asked for.
 */
import type { Location } from '../graph/model.js';
import type { Val } from '../extract/code/facts.js';
import { prop, stringOf } from '../extract/code/vals.js';
import { elementsOf, nameLocationOf } from './loop-tools.js';
import type { Program } from './program.js';

export interface ListedDefinition {
  name: string;
  /** The definition object (`{ name, description, inputSchema }`). */
  definition: Val;
  /** Where its name is written, when the code shows it. */
  loc?: Location;
}

/** Every definition with a written name that the ListTools handlers return, once per name. */
export function listedDefinitions(program: Program, handlers: (Val | undefined)[]): ListedDefinition[] {
  const found = new Map<string, ListedDefinition>();
  for (const handler of handlers) {
    const fn = handler ? program.deref(handler) : undefined;
    if (fn?.k !== 'fn') continue;
    for (const returned of program.functions.get(fn.id)?.returns ?? []) {
      const list = prop(program.deref(returned), 'tools');
      for (const element of list ? elementsOf(program, list) : []) {
        const definition = program.deref(element);
        const name = stringOf(program.deref(prop(definition, 'name') ?? { k: 'lit', v: null }));
        if (!name || found.has(name)) continue;
        found.set(name, { name, definition, loc: nameLocationOf(program, definition, ['name']) });
      }
    }
  }
  return [...found.values()];
}
