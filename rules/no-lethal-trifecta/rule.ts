import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { AccessGraph } from '../../src/graph/graph.js';
import type { AgentNode, Location, PermissionRule, ToolNode } from '../../src/graph/model.js';
import { DISABLING, sendsDataOut } from '../harness-commands.js';

type Leg = 'private' | 'untrusted' | 'exfiltration';

interface Evidence {
  leg: Leg;
  what: string;
  location?: Location;
  /** For untrusted content, how directly others write it (lower first): the finding is anchored there. */
  rank?: number;
}

/**
 * Reports an agent that holds all three legs of the lethal trifecta at once: access to private
 * data (files, databases, secrets, the repository), exposure to content an attacker can write
 * (web pages, search results, issue and PR text, a public trigger) and a way to send data out
 * (HTTP to any host, a shell, email, chat). A prompt injection in the untrusted content can then
 * make the agent read the private data and send it away. Legs reached through handoffs and
 * agents-as-tools count for the agent that delegates.
 */
export default defineRule({
  meta: {
    id: 'no-lethal-trifecta',
    title: 'Agent holds private data, untrusted content and a way out',
    category: 'registry',
    defaultSeverity: 'warning',
    cwe: ['CWE-200'],
    owasp: ['LLM01', 'ASI01'],
    help: 'Split the agent: the one that reads untrusted content gets no private data and no outbound channel, or its outbound channel is limited to fixed hosts and gated by a human.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    const toolsOf = new Map<string, ToolNode[]>();
    for (const tool of graph.nodesOf('tool')) {
      for (const agent of graph.agentsReaching(tool.id)) toolsOf.set(agent.id, [...(toolsOf.get(agent.id) ?? []), tool]);
    }
    for (const agent of graph.nodesOf('agent')) {
      const tools = fromTools(graph, toolsOf.get(agent.id) ?? []);
      // A slash command or skill pre-approves its `allowed-tools` only while it runs: each is a
      // mode of the agent, holding what the agent always holds plus its own grants.
      const permissions = agent.harness?.permissions ?? [];
      const base = [...tools, ...fromHarness(graph, agent, permissions.filter((p) => !p.while))];
      if (holdsAll(base)) {
        findings.push(report(agent, base));
        continue;
      }
      const commands = [...new Set(permissions.flatMap((p) => (p.while ? [p.while] : [])))].sort();
      for (const file of commands) {
        const own = permissions.filter((p) => p.effect === 'allow' && p.while === file);
        const evidence = [...base, ...own.flatMap(permissionLegs)];
        if (own.length === 0 || !holdsAll(evidence)) continue;
        // Anchored at the command's grants: that is what completes the trifecta.
        findings.push(report(agent, evidence, { file, location: own[0].location }));
      }
    }
    return findings;
  },
});

function holdsAll(evidence: Evidence[]): boolean {
  return (['private', 'untrusted', 'exfiltration'] as const).every((l) => evidence.some((e) => e.leg === l));
}

function report(agent: AgentNode, evidence: Evidence[], command?: { file: string; location: Location }): RuleFinding {
  const leg = (l: Leg) => evidence.filter((e) => e.leg === l);
  const untrusted = leg('untrusted').sort((a, b) => (a.rank ?? 5) - (b.rank ?? 5));
  // The most specific line: where the untrusted content is let in (a harness grant, in config or
  // in code), or else the agent.
  // An agent CLI the code starts (`runCommand({ cmd: 'copilot', args })`) is one process: the call
  // that starts it, where its flags and environment are handed over, is the place to split it.
  const launched = agent.construct === 'process' && agent.location;
  const location = command?.location ?? (launched ? agent.location : agent.origin === 'code' && !agent.harness ? agent.location ?? untrusted[0].location : untrusted.find((e) => e.location)?.location ?? agent.location);
  const name = (l: Leg) => [...new Set(leg(l).map((e) => e.what))].slice(0, 3).join(', ');
  const who = agent.framework === 'mcp' ? `MCP server \`${agent.name}\`` : agent.origin === 'code' ? `Agent \`${agent.name}\`` : agent.name;
  const mode = command ? `, while running ${command.file},` : '';
  return {
    message: `${who}${mode} holds the lethal trifecta: private data (${name('private')}), untrusted content (${name('untrusted')}) and a way to send data out (${name('exfiltration')}); a prompt injection in that content can exfiltrate the data.`,
    location: location!,
    agents: [agent.id],
    key: command ? [agent.id, 'trifecta', command.file] : [agent.id, 'trifecta'],
  };
}

/** Legs from what the agent's tools reach. */
function fromTools(graph: AccessGraph, tools: ToolNode[]): Evidence[] {
  const out: Evidence[] = [];
  for (const tool of tools) {
    for (const edge of graph.outgoing(tool.id, 'reaches')) {
      const op = graph.node(edge.to);
      if (op?.kind !== 'operation') continue;
      const p = edge.provenance;
      if (p?.kind === 'constrained' && p.by === 'sandbox') continue;
      // The browser's `file://` read is the same navigation its untrusted leg already names; on its
      // own it is no store of private data the agent is there to read.
      if (edge.attrs?.sink === 'page.goto file://') continue;
      const at = edge.evidence[edge.evidence.length - 1];
      const what = `\`${tool.name}\``;
      // Reading what the model asks for; the server's own config or store read at a fixed place is not.
      const aimed = p?.kind === 'model' || p?.kind === 'constrained' || p?.kind === 'unknown';
      if (((op.op.startsWith('fs.read') || op.op === 'shell.exec') && aimed) || op.op.startsWith('db.')) out.push({ leg: 'private', what, location: at });
      // A request to a host the model picks brings back whatever that host serves, and carries
      // whatever the model puts in it.
      // So does a hosted crawler the model hands the URL to: it fetches from elsewhere, the page still comes back.
      if (op.op === 'net.http' && (p?.kind === 'model' || (p?.kind === 'constrained' && p.by === 'remote-fetch'))) out.push({ leg: 'untrusted', what, location: at }, { leg: 'exfiltration', what, location: at });
      if (/^(?:net\.search|browser)/.test(op.op)) out.push({ leg: 'untrusted', what, location: at });
      // Mail, chat and issues: the owner's private messages, written by whoever sends them.
      if (op.op === 'comm.read') out.push({ leg: 'private', what, location: at }, { leg: 'untrusted', what, location: at, rank: 1 });
      if (/^(?:shell\.exec|code\.eval|comm\.send|git\.push)/.test(op.op) && p?.kind !== 'constant') out.push({ leg: 'exfiltration', what, location: at });
    }
    for (const edge of graph.outgoing(tool.id, 'uses-server')) {
      const server = graph.node(edge.to);
      const capability = server?.kind === 'mcp-server' ? String(server.attrs?.capability ?? '') : '';
      if (/^(?:fetch|browser)$/.test(capability)) out.push({ leg: 'untrusted', what: `MCP server \`${server!.name}\``, location: server!.location }, { leg: 'exfiltration', what: `MCP server \`${server!.name}\``, location: server!.location });
      if (/^(?:filesystem|postgres|mysql|sqlite|github|gitlab)$/.test(capability)) out.push({ leg: 'private', what: `MCP server \`${server!.name}\``, location: server!.location });
      if (/^(?:slack|email|shell)$/.test(capability)) out.push({ leg: 'exfiltration', what: `MCP server \`${server!.name}\``, location: server!.location });
      if (/^(?:slack|email)$/.test(capability)) out.push({ leg: 'private', what: `MCP server \`${server!.name}\``, location: server!.location }, { leg: 'untrusted', what: `MCP server \`${server!.name}\``, location: server!.location, rank: 1 });
    }
  }
  return out;
}

/** MCP tools whose results others write: their messages and issues first, then pages, then searches. */
const UNTRUSTED_MCP_TOOL: { pattern: RegExp; rank: number }[] = [
  { pattern: /^mcp__.+__\w*(?:issue|comment|email|mail|message|event|ticket|review|discussion|chat)\w*$/i, rank: 1 },
  { pattern: /^mcp__.+__\w*(?:fetch|browse|navigate|scrape|crawl|web|page|url)\w*$/i, rank: 2 },
  { pattern: /^mcp__.+__\w*search\w*$/i, rank: 3 },
];

/** Pre-approved commands that read issue and pull request text (`gh pr view`, `gh api …/comments`, the whole `gh`). */
const READS_ISSUES = /^gh(?::\*|\s\*|\*)?$|^gh\s+(?:(?:issue|pr)\s+(?:view|list|diff|checks|status)|search|api)\b/;

const MCP_WRITE = /^mcp__.+__(?:create|post|add|update|delete|remove|reply|send|write|submit|edit|set|resolve|close|merge|publish)_/i;

/** Whether a coding agent has one of its built-in tools: not denied outright, and listed when its tools are listed. */
function hasBuiltin(agent: AgentNode, tool: string): boolean {
  const permissions = agent.harness?.permissions ?? [];
  if (permissions.some((p) => p.effect === 'deny' && p.rule.trim() === tool)) return false;
  const listed = agent.attrs?.tools;
  return Array.isArray(listed) ? listed.some((t) => typeof t === 'string' && (t === tool || t.startsWith(`${tool}(`))) : true;
}

/** Legs from a coding agent's harness: its permissions, its CI trigger and its job's secrets. */
function fromHarness(graph: AccessGraph, agent: AgentNode, permissions: PermissionRule[]): Evidence[] {
  const harness = agent.harness;
  if (!harness) return [];
  const out: Evidence[] = [];
  // A coding agent reads the working tree it runs in: the repository and whatever secrets lie
  // there. Claude Code's read-only tools need no permission, so an agent started from code (the
  // Agent SDK's `query()`) reads its working directory too, unless reading is taken away.
  const denied = harness.permissions.filter((p) => p.effect === 'deny').map((p) => p.rule);
  if (agent.origin !== 'code' || !denied.includes('Read')) out.push({ leg: 'private', what: agent.origin === 'code' ? 'the files of its working directory' : 'the repository it works in', location: agent.location });
  for (const edge of graph.outgoing(agent.id, 'holds')) {
    const credential = graph.node(edge.to);
    if (credential?.kind === 'credential') out.push({ leg: 'private', what: `the secret \`${credential.reference}\``, location: edge.evidence[0] });
  }
  for (const rule of permissions.filter((p) => p.effect === 'allow')) out.push(...permissionLegs(rule));
  // With every approval off, the agent's own web tools and shell are pre-approved: it fetches
  // any page (untrusted, and a way out) and runs any command (a way out).
  // Only the tools it has: a subagent limited to `Read, Grep` or a session that denies `WebFetch`
  // fetches nothing, however few prompts it shows.
  const bypass = harness.flags.find((f) => DISABLING.some((d) => d.everyTool && d.name.test(f.name) && (!d.value || d.value.test(f.value))));
  if (bypass) {
    const unprompted = `unprompted under \`${bypass.name}\``;
    const has = (tool: string) => hasBuiltin(agent, tool);
    if (has('WebFetch') || has('WebSearch')) out.push({ leg: 'untrusted', what: `any web page it fetches, ${unprompted}`, location: bypass.location, rank: 2 });
    if (has('Bash') || has('WebFetch')) out.push({ leg: 'exfiltration', what: `any command or request, ${unprompted}`, location: bypass.location });
  }
  const ci = harness.ci;
  if (ci) {
    const publicTrigger = ci.triggers.find((t) => /^(?:issues|issue_comment|pull_request_target|pull_request_review_comment|discussion|discussion_comment)$/.test(t.name));
    if (publicTrigger) out.push({ leg: 'untrusted', what: `text written by anyone who can open an issue or comment (\`${publicTrigger.name}\`)`, location: publicTrigger.location, rank: 4 });
    for (const input of ci.untrustedInputs) out.push({ leg: 'untrusted', what: `\`${input.expression}\` in its prompt`, location: input.location, rank: 4 });
  }
  return out;
}

function permissionLegs(rule: PermissionRule): Evidence[] {
  const match = /^([A-Za-z_]+)(?:\((.*)\))?$/.exec(rule.rule.trim());
  const tool = match?.[1] ?? rule.rule;
  const spec = match?.[2]?.trim();
  const at = rule.location;
  const what = `\`${rule.rule}\``;
  // `*` (Gemini's policy engine: every tool) is the shell among the rest.
  if (/^(?:Bash|Shell|run_shell_command|\*)$/.test(tool)) {
    const legs: Evidence[] = [];
    // Issue and pull request text, comments and reviews: written by anyone who can open one.
    // After MCP tools made to read messages and events (reading them is all they do): anyone can
    // open an issue, while a pull request takes a fork and a push, so issues come next.
    if (spec !== undefined && READS_ISSUES.test(spec)) legs.push({ leg: 'untrusted', what, location: at, rank: /^gh\s+issue\b/.test(spec) ? 1.2 : 1.5 });
    // Any code, any URL, or a whole CLI that admits either (`Bash(gh:*)` admits `gh api`).
    if (spec === undefined || sendsDataOut(spec) || /^ssh(?::\*|\s\*|\*)?$/.test(spec)) legs.push({ leg: 'exfiltration', what, location: at });
    return legs;
  }
  if (tool === 'WebFetch') return spec === undefined || spec === '' || spec === '*' || spec === 'domain:*' ? [{ leg: 'untrusted', what, location: at, rank: 2 }, { leg: 'exfiltration', what, location: at }] : [];
  if (tool === 'WebSearch') return [{ leg: 'untrusted', what, location: at, rank: 3 }];
  // Tools that write (`create_inline_comment`, `post_message`) send content; they bring none back.
  const mcp = MCP_WRITE.test(tool) ? undefined : UNTRUSTED_MCP_TOOL.find((u) => u.pattern.test(tool));
  return mcp ? [{ leg: 'untrusted', what, location: at, rank: mcp.rank }] : [];
}
