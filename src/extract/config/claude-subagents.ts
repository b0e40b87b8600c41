/**
 * Claude Code subagents, `.claude/agents/*.md`: YAML front matter with `name`, `tools` (a comma list;
 * absent means every tool of the main agent) and `permissionMode`. Each is an agent the main Claude
 * Code agent delegates to.
 */
import type { GraphFragment } from '../../graph/build.js';
import { harnessAgentId } from '../../graph/ids.js';
import type { AgentNode, HarnessSettings, Location } from '../../graph/model.js';
import { readFrontMatter } from './front-matter.js';
import { splitRules } from './agent-cli.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { harnessName } from './mcp-servers.js';

const FILE = /(?:^|\/)\.claude\/agents\/[^/]+\.md$/;
/**
 * Slash commands and skills: `allowed-tools` in their front matter is pre-approved while the
 * command or skill runs. Projects often keep them in a tool-neutral `.agents/` folder that
 * `.claude/commands` or `.claude/skills` links to; a link is not followed, its target is read.
 */
const COMMAND = /(?:^|\/)\.(?:claude|agents)\/(?:commands\/(?:[^/]+\/)*[^/]+|skills\/[^/]+\/SKILL)\.md$/;

export const claudeSubagents: ConfigExtractor = {
  id: 'claude-subagents',
  matches: (path) => FILE.test(path) || COMMAND.test(path),
  extract(file: SourceFile) {
    const fragment: GraphFragment = { nodes: [], edges: [] };
    const front = readFrontMatter(file.path, file.text);
    if (!front) return { fragment, diagnostics: [] };
    const main = (permissions: HarnessSettings['permissions']): AgentNode => ({ id: harnessAgentId('claude-code'), kind: 'agent', name: harnessName('claude-code'), framework: 'claude-code', origin: 'harness', construct: 'config', harness: { permissions, flags: [], sandbox: [], sources: [file.path] } });
    if (COMMAND.test(file.path)) {
      const allowed = front.get('allowed-tools');
      const rules = allowed ? splitRules(allowed.text) : [];
      if (rules.length > 0) fragment.nodes.push(main(rules.map((rule) => ({ rule, effect: 'allow' as const, location: allowed!.location, while: file.path }))));
      return { fragment, diagnostics: [] };
    }
    const name = front.get('name')?.text || file.path.split('/').pop()!.replace(/\.md$/, '');
    const toolsEntry = front.get('tools');
    const harness: HarnessSettings = { permissions: [], flags: [], sandbox: [], sources: [file.path] };
    // `tools` lists what the subagent may use at all (availability), not what runs without asking.
    const tools = toolsEntry ? splitRules(toolsEntry.text) : [];
    const mode = front.get('permissionMode');
    if (mode) harness.flags.push({ name: 'permissionMode', value: mode.text, location: mode.location });
    const id = `${harnessAgentId('claude-code')}/${name}`;
    const top: Location = { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
    fragment.nodes.push({ id, kind: 'agent', name: `Claude Code subagent ${name}`, framework: 'claude-code', origin: 'harness', construct: 'subagent', location: top, harness, attrs: { tools: toolsEntry ? tools : 'all (inherited)' } }, main([]));
    fragment.edges.push({ from: harnessAgentId('claude-code'), to: id, kind: 'delegates', evidence: [top] });
    return { fragment, diagnostics: [] };
  },
};
