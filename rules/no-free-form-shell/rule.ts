import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import { agentPhrase, evidencePath, isModelControlled, reachesOf, sinkLabel } from '../support.js';

/**
 * Reports a model-controlled string reaching a shell or an arbitrary process: `exec`,
 * `spawn(..., { shell: true })`, `execa`/`zx` commands, a spawn whose binary the model picks,
 * an SDK's built-in shell tool. Silent when the command is checked against an allowlist,
 * is an enum in the schema, runs in a remote sandbox, or is a fixed binary without a shell.
 */
export default defineRule({
  meta: {
    id: 'no-free-form-shell',
    title: 'Model-controlled shell command',
    category: 'operations',
    defaultSeverity: 'error',
    cwe: ['CWE-78'],
    owasp: ['LLM06', 'ASI05', 'MCP05'],
    help: 'Give the tool a fixed set of commands (a z.enum, or a check against an allowlist), or run a fixed binary with execFile and no shell.',
  },
  check({ graph }) {
    return reachesOf(graph, (op) => op === 'shell.exec')
      .filter((reach) => isModelControlled(reach.edge.provenance))
      // A built-in shell tool whose every agent runs it in an isolated sandbox session is not on the host.
      .filter((reach) => !(reach.edge.attrs?.builtin && reach.agents.length > 0 && reach.agents.every((a) => a.attrs?.sandbox === 'isolated')))
      // A harness's own shell granted by a permission rule or mode is reported as that grant, at its line.
      .filter((reach) => !(reach.edge.attrs?.builtin && reach.tool.attrs?.grantedByHarness))
      .map((reach): RuleFinding => {
        const gated = graph.outgoing(reach.tool.id, 'gated-by').some((e) => graph.node(e.to)?.kind === 'gate');
        const builtin = reach.edge.attrs?.builtin === true;
        const approvalsOff = typeof reach.edge.attrs?.approvalsOff === 'string' ? reach.edge.attrs.approvalsOff : undefined;
        const option = reach.edge.attrs?.sink === 'git option injection' ? reach.edge.attrs : undefined;
        const what = option
          ? `hands a model-controlled value to \`git ${String(option.subcommand)}\` as an argument of its own with no \`--\` before it: a value such as \`${String(option.option)}=<command>\` makes git run that command`
          : builtin
          ? `is a built-in shell tool (\`${sinkLabel(reach)}\`) that runs any command the model writes`
          : approvalsOff
            ? `hands a model-written prompt to an agent CLI started with its approvals off (\`${approvalsOff}\` through \`${sinkLabel(reach)}\`), which runs whatever commands the prompt asks for`
            : `passes model-controlled input to a shell (\`${sinkLabel(reach)}\`) with no allowlist`;
        return {
          message: `${agentPhrase(reach.agents)} can run arbitrary commands: tool \`${reach.tool.name}\` ${what}${gated ? '; an approval prompt is not an allowlist' : ''}.`,
          location: reach.location,
          path: evidencePath(reach),
          agents: reach.agents.map((a) => a.id),
          tool: reach.tool.id,
          operation: reach.op,
          key: [reach.tool.id, reach.op, ...(reach.edge.via ?? [])],
        };
      });
  },
});
