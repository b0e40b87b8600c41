/**
 * MCP servers built through a project's own re-export of the SDK: a workspace package that exports
 * `McpServer` from `@modelcontextprotocol/sdk` (`import { McpServer } from '@acme/mcp-core'`).
 * The file extractor keys on import names and cannot see that; the linker follows the re-export,
 * so a `new McpServer(...)` whose class resolves to the SDK's is a server like any other.
 */
import type { AgentFact } from '../extract/code/facts.js';
import { isImportOf, prop, stringOf } from '../extract/code/vals.js';
import type { Location } from '../graph/model.js';
import type { Program } from './program.js';

const SDK_SERVER = /^@modelcontextprotocol\/(?:sdk\/server\/(?:mcp|index)(?:\.js)?|server)$/;

const at = (l: Location) => `${l.file}:${l.line}:${l.column}`;

/** Adds the servers found this way to the program, by construction site. */
export function wrappedServers(program: Program): void {
  const known = new Set([...program.agents.values()].map((a) => at(a.loc)));
  const found = program.agentsBuiltAt;
  for (const fn of program.functions.values()) {
    for (const call of fn.calls) {
      if (!call.calleeText.startsWith('new ') || known.has(at(call.loc))) continue;
      // Imported straight from the SDK, the extractor has already seen it.
      if (isImportOf(call.callee, SDK_SERVER, ['McpServer', 'Server'])) continue;
      const callee = program.deref(call.callee);
      if (!isImportOf(callee, SDK_SERVER, ['McpServer', 'Server'])) continue;
      const info = call.args[0] ? program.deref(call.args[0]) : undefined;
      const nameVal = prop(info, 'name');
      const name = (nameVal && stringOf(program.deref(nameVal))) || 'mcp-server';
      // Ids never carry line numbers (baselines and manifests key on them): a second server of the
      // same name in the file is `~2`, as the extractor numbers its own.
      let id = `${call.loc.file}#agent:${name}`;
      for (let n = 2; program.agents.has(id); n++) id = `${call.loc.file}#agent:${name}~${n}`;
      const agent: AgentFact = { id, framework: 'mcp', construct: call.calleeText.replace(/^new /, '').split('.').pop() ?? 'McpServer', name, gates: [], audits: [], loc: call.loc, attrs: { exposure: 'mcp-server' } };
      program.agents.set(id, agent);
      found.set(at(call.loc), agent);
    }
  }
}

export { at as constructionSite };
