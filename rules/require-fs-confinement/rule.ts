import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase, modelControlledReaches, sinkLabel } from '../support.js';
import { DISABLING } from '../harness-commands.js';

const VERB: Record<string, string> = { 'fs.read': 'read', 'fs.write': 'write', 'fs.delete': 'delete' };

/**
 * Reports a model-controlled path reaching a filesystem read, write or delete with no confinement
 * to a root (`path.resolve` + prefix check, `path.relative` check, `realpath`, `path.basename`).
 * Writes and deletes are errors, reads warnings.
 */
export default defineRule({
  meta: {
    id: 'require-fs-confinement',
    title: 'Model-controlled path not confined to a root',
    category: 'operations',
    defaultSeverity: 'error',
    cwe: ['CWE-22'],
    owasp: ['MCP02', 'ASI02'],
    help: 'Resolve the path against a fixed root and reject it unless it stays inside: `const full = path.resolve(ROOT, p); if (!full.startsWith(ROOT + path.sep)) throw ...` (or use `realpath` first to defeat symlinks).',
  },
  check({ graph }) {
    // A filesystem MCP server rooted at the whole disk or a home folder confines nothing.
    const servers: RuleFinding[] = [];
    for (const server of graph.nodesOf('mcp-server')) {
      if (server.attrs?.capability !== 'filesystem' || !server.location) continue;
      const args = server.args ?? [];
      const roots = args.slice(args.findIndex((a) => /server-filesystem/.test(a)) + 1).filter((a) => !a.startsWith('-'));
      const broad = roots.find((r) => /^(?:\/|~\/?|\$\{?HOME\}?\/?|%USERPROFILE%\\?|\/(?:home|Users|root)\/?|[A-Za-z]:\\?)$/.test(r));
      if (!broad) continue;
      const agents = graph.agentsReaching(server.id);
      servers.push({
        message: `${agentPhrase(agents)} can read and write any file under \`${broad}\`: MCP server \`${server.name}\` is rooted at ${broad === '/' || /^[A-Za-z]:/.test(broad) ? 'the whole disk' : 'a home folder'}.`,
        location: server.location,
        agents: agents.map((a) => a.id),
        key: [server.id, 'root', broad],
      });
    }
    // Gemini CLI in YOLO mode does not ask before a shell command that redirects its output
    // (its policy engine downgrades a redirection to a question only outside YOLO and auto-edit):
    // a grant as narrow as `run_shell_command(echo)` writes any file with `echo … > path`, the CI
    // job's `$GITHUB_ENV` among them. run-gemini-cli always runs `gemini --yolo`.
    const redirections: RuleFinding[] = [];
    for (const agent of graph.nodesOf('agent')) {
      const approvalsOff = (agent.harness?.flags ?? []).some((f) => DISABLING.some((d) => d.everyTool && d.name.test(f.name) && (!d.value || d.value.test(f.value))));
      const yolo = agent.framework === 'run-gemini-cli' || (/gemini/.test(agent.framework) && approvalsOff);
      if (!yolo) continue;
      const grants = (agent.harness?.permissions ?? []).filter((p) => p.effect === 'allow' && /^(?:run_shell_command|ShellTool)\(.+\)$/.test(p.rule.trim()));
      // One finding per list of grants (each Gemini step of the job writes its own settings): a
      // grant more than a few lines from the one before starts another list.
      const firsts = grants.filter((g, i) => i === 0 || g.location.file !== grants[i - 1].location.file || g.location.line - grants[i - 1].location.line > 3);
      for (const grant of firsts) redirections.push({
        message: `${agent.name} can write any file: it runs Gemini CLI in YOLO mode and allows \`${grant.rule}\`, and in YOLO mode Gemini CLI runs an allowed command with its output redirected (\`> path\`) without asking, \`$GITHUB_ENV\` and the workspace's scripts included.`,
        location: grant.location,
        agents: [agent.id],
        key: [agent.id, 'redirection', grant.rule, String(grant.location.line)],
      });
    }
    return [...servers, ...redirections, ...modelControlledReaches(
      graph,
      (op) => op in VERB,
      (reach) =>
        reach.edge.attrs?.sink === 'git option injection'
          ? `${agentPhrase(reach.agents)} can write any file: tool \`${reach.tool.name}\` hands a model-controlled value to \`git ${String(reach.edge.attrs.subcommand)}\` as an argument of its own with no \`--\` before it, and \`${String(reach.edge.attrs.option)}=<path>\` makes git write its output there.`
          : reach.edge.attrs?.sink === 'page.goto file://'
          ? `${agentPhrase(reach.agents)} can read any file: tool \`${reach.tool.name}\` sends the browser to a model-controlled URL with no scheme check, and a \`file://\` URL opens a local file as the page.`
          : `${agentPhrase(reach.agents)} can ${VERB[reach.op]} any file: tool \`${reach.tool.name}\` passes a model-controlled path to \`${sinkLabel(reach)}\` without confining it to a root directory.`,
      (reach) => ({ severity: reach.op === 'fs.read' ? 'warning' : 'error' }),
    )];
  },
});
