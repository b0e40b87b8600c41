/**
 * Which agent a tool defined outside any agent's registry belongs to: the server it is registered
 * on (`server.registerTool(...)`, also inside a helper handed the server), the server that loads
 * it from its folder (mcp-framework), or the server its base class registers it on.
 */
import type { ToolFact, Val } from '../extract/code/facts.js';
import { fileClass } from '../discover/file-class.js';
import { factNodeId } from '../graph/ids.js';
import type { Edge } from '../graph/model.js';
import { substitute, type Program } from './program.js';
import type { RegistryResolver } from './registry.js';

export class ToolAttachments {
  /** Registration calls written in a tool base class, by that class. */
  private readonly byBaseClass = new Map<string, ToolFact[]>();
  private readonly baseRegistrations = new Set<string>();

  constructor(
    private readonly program: Program,
    private readonly registries: RegistryResolver,
  ) {
    this.findBaseRegistrations();
  }

  /** The registration inside a tool base class, which registers each subclass rather than a tool of its own. */
  isBaseRegistration(tool: ToolFact): boolean {
    return this.baseRegistrations.has(tool.id);
  }

  /**
   * Tools registered on an object (`server.registerTool(...)`, possibly in a helper that receives
   * the server as a parameter) belong to the agent that object resolves to.
   */
  toRegistrant(tool: ToolFact, toolId: string, inst?: { fn: string; args: Val[] }): Edge[] {
    const registered = tool.attrs?.registeredOn as Val | undefined;
    if (!registered) return [];
    // One call of a registration wrapper registers on the server that call passes.
    const receiver = inst ? substitute(registered, inst.fn, inst.args) : registered;
    return this.registries.resolve(receiver).agents.map((agent) => this.hasTool(agent.id, toolId, tool.loc));
  }

  /**
   * Tools a server loads from its folder at start-up (mcp-framework's `MCPServer` imports every
   * tool class under its directory): each belongs to the servers whose directory holds its file.
   */
  toLoader(tool: ToolFact, toolId: string): Edge[] {
    const folder = tool.attrs?.loadedBy;
    if (!folder) return [];
    return [...this.program.agents.values()]
      .filter((agent) => agent.attrs?.loadsToolsFrom === folder && tool.loc.file.startsWith(agent.loc.file.includes('/') ? agent.loc.file.slice(0, agent.loc.file.lastIndexOf('/') + 1) : ''))
      .map((agent) => this.hasTool(agent.id, toolId, tool.loc));
  }

  /**
   * A tool class registered by its base class belongs to the servers that registration reaches;
   * when the server is handed over in a way leash cannot follow (an injected list of tool
   * constructors), to the project's one production MCP server, if it has exactly one.
   */
  throughBaseRegistration(tool: ToolFact, toolId: string, attached: boolean): Edge[] {
    const classId = tool.attrs?.classId;
    if (typeof classId !== 'string') return [];
    const registrations = this.chainIds(classId).flatMap((c) => this.byBaseClass.get(c) ?? []);
    // A tool class found by its shape alone (no SDK base) whose registration leash did not read
    // is registered the same way, on the project's server.
    if (registrations.length === 0 && tool.framework !== 'class') return [];
    let agents = registrations.flatMap((r) => this.registries.resolve(r.attrs?.registeredOn as Val | undefined).agents);
    if (agents.length === 0 && !attached) {
      const servers = [...this.program.agents.values()].filter((a) => a.attrs?.exposure === 'mcp-server' && fileClass(a.loc.file) === 'production');
      agents = servers.length === 1 ? servers : [];
    }
    return [...new Set(agents)].map((agent) => this.hasTool(agent.id, toolId, registrations[0]?.loc ?? tool.loc));
  }

  /**
   * Tool classes whose base class registers them (`register(server)` calls `registerTool` with the
   * instance's own name and handler): the registration calls, by the class they are written in.
   */
  private findBaseRegistrations(): void {
    const toolClasses = [...this.program.tools.values()].map((t) => t.attrs?.classId).filter((c): c is string => typeof c === 'string');
    if (toolClasses.length === 0) return;
    for (const tool of this.program.tools.values()) {
      let receiver = tool.attrs?.registeredOn as Val | undefined;
      while (receiver?.k === 'member') receiver = receiver.obj;
      const classId = receiver?.k === 'param' ? this.program.functions.get(receiver.fn)?.classId : undefined;
      if (!classId || tool.attrs?.classId) continue;
      // Only a base of some tool class: the registration is then made for each subclass.
      if (!toolClasses.some((c) => c !== classId && this.chainIds(c).includes(classId))) continue;
      this.byBaseClass.set(classId, [...(this.byBaseClass.get(classId) ?? []), tool]);
      if (!tool.name) this.baseRegistrations.add(tool.id);
    }
  }

  private chainIds(classId: string): string[] {
    const ids: string[] = [];
    for (let c = this.program.classes.get(classId); c && ids.length < 8; c = c.extends ? this.program.classOf(this.program.deref(c.extends)) : undefined) {
      if (ids.includes(c.id)) break;
      ids.push(c.id);
    }
    return ids;
  }

  private hasTool(agentFactId: string, toolId: string, at: ToolFact['loc']): Edge {
    return { from: factNodeId('agent', agentFactId), to: toolId, kind: 'has-tool', evidence: [at] };
  }
}
