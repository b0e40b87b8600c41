import { defineRule } from '../../src/engine/rule.js';
import type { RuleFinding } from '../../src/engine/finding.js';
import type { AccessGraph } from '../../src/graph/graph.js';
import { FROM_OTHER_PARAMETER, type AgentNode, type Provenance, type ToolNode } from '../../src/graph/model.js';
import { agentPhrase, evidencePath, gatesFor, isRealGate, reachesOf, sinkLabel } from '../support.js';

/**
 * Reports a destructive or irreversible operation (delete, drop, truncate, force-push, cloud and
 * cluster deletes, merges, refunds and transfers, outgoing messages) that an agent can reach with
 * no approval gate its SDK recognises: AI SDK `needsApproval` / `toolApproval`, OpenAI Agents
 * `needsApproval`, LangChain human-in-the-loop middleware or `interrupt()`, Mastra
 * `requireApproval`, a client-side tool. A gate that always approves does not count.
 */
export default defineRule({
  meta: {
    id: 'require-approval-for-destructive',
    title: 'Destructive operation without an approval gate',
    category: 'operations',
    defaultSeverity: 'error',
    cwe: ['CWE-862'],
    owasp: ['LLM06', 'ASI09'],
    help: 'Put a human approval in front of the tool (AI SDK / OpenAI Agents `needsApproval: true`, LangChain `humanInTheLoopMiddleware`, Mastra `requireApproval: true`), or make the operation reversible.',
  },
  check({ graph }) {
    const findings: RuleFinding[] = [];
    const reaches = reachesOf(graph, (op) => isDestructive(graph, op));
    // Tools that destroy something the model aims or names: their housekeeping deletes (a temp
    // manifest removed after `kubectl delete -f`) are not a second problem.
    const aimed = new Set(reaches.filter((r) => isModelChosen(r.edge.provenance) || !AIMABLE.test(r.op)).map((r) => r.tool.id));
    for (const reach of reaches) {
      if (reach.edge.provenance?.kind === 'constrained' && reach.edge.provenance.by === 'sandbox') continue;
      // A file deletion whose target the code fixes or derives itself (its own cache, a build
      // folder) is housekeeping the model cannot aim; one whose path the model writes is not.
      // A tool whose purpose is deleting (`clear_cache`, "Delete the export") is reported either way.
      // The same for deletes known by name only (`api.deleteBranch(id)`) and for killing processes,
      // and for messages whose recipient and text the code writes (the app's own notice to the
      // account owner when a token expires): the model sends nothing there.
      if (AIMABLE.test(reach.op) && !isModelChosen(reach.edge.provenance) && (reach.op !== 'comm.send' || writtenByCode(reach.edge.provenance)) && (!saysItDoes(reach.tool, reach.op) || aimed.has(reach.tool.id))) continue;
      const ungated = reach.agents.length === 0 ? [undefined] : reach.agents.filter((agent) => !gatesFor(graph, reach.tool, agent).some(isRealGate));
      if (ungated.length === 0) continue;
      const agents = ungated.filter((a): a is AgentNode => !!a);
      findings.push({
        message: `${agentPhrase(agents)} can ${describe(reach.op)} with no approval: tool \`${reach.tool.name}\` reaches \`${sinkLabel(reach)}\` and nothing asks a human first.`,
        location: reach.location,
        path: evidencePath({ ...reach, agents }),
        agents: agents.map((a) => a.id),
        tool: reach.tool.id,
        operation: reach.op,
        key: [reach.tool.id, reach.op, ...(reach.edge.via ?? [])],
      });
    }
    return findings;
  },
});

/** Deletes that are only a problem when someone aims them: a file, an API resource, a process. */
const AIMABLE = /^(?:fs\.delete|api\.delete|process\.kill|comm\.send)/;

/** One of the words standing alone (`clear_cache`, "Delete the file"), not inside another (`cleanup`, `recleaned`). */
const anyWord = (words: string[]) => new RegExp(`(?:^|[^a-z])(?:${words.join('|')})(?:[^a-z]|$)`, 'i');
const DELETING = ['delete', 'remove', 'rm', 'clear', 'purge', 'clean', 'reset', 'drop', 'destroy', 'wipe', 'erase', 'prune', 'truncate', 'uninstall', 'unlink'];
const DELETING_WORDS = anyWord(DELETING);
/** Ending a service or an access through an API counts too (`cancel_object_storage`, "Revoke the token"): the words a destroying API path uses. */
const DELETING_OR_ENDING_WORDS = anyWord([...DELETING, 'cancel', 'revoke', 'terminate']);
const SENDING_WORDS = anyWord(['send', 'post', 'reply', 'forward', 'notify', 'publish', 'broadcast']);

/** Whether the tool is for what the operation does: deleting, or for a message, sending one. */
function saysItDoes(tool: ToolNode, op: string): boolean {
  const words = op.startsWith('comm.') ? SENDING_WORDS : op.startsWith('api.') ? DELETING_OR_ENDING_WORDS : DELETING_WORDS;
  // `clearCache` → `clear Cache`: split camelCase so the verb is a word of its own.
  const split = (text: string | undefined) => (text ?? '').replace(/([a-z])([A-Z])/g, '$1 $2');
  // The description's first sentence says what the tool is for; the rest explains its options
  // ("… or remove a hint"), which makes no tool a deleting one.
  return words.test(split(tool.name)) || words.test(withoutCleanAdjective(split(firstSentence(tool.description))));
}

/** "clean markdown", "clean, ready-to-use text": the adjective says what comes back, not what goes. */
const CLEAN_ADJECTIVE = /\bclean(?:,?\s+(?:and\s+)?(?:ready-to-use|readable|structured|simple|plain))*,?\s+(?:markdown|text|html|content|output|json|data|results?|format(?:ted)?|code|copy|summary|summaries|version|urls?|links?)\b/gi;

function withoutCleanAdjective(text: string): string {
  return text.replace(CLEAN_ADJECTIVE, '');
}

/** The first sentence, when the text's start is known (a description built at run time shows `*` where it is not). */
function firstSentence(text: string | undefined): string {
  const known = (text ?? '').trim();
  return known.startsWith('*') ? '' : (known.split(/(?<=[.!?])\s|\n/)[0] ?? '');
}

/**
 * A message's recipient and text come from the code or the world, not from a failure to follow
 * them: written in it, read from the environment or a response, or a parameter of code the tool's
 * input does not reach.
 */
function writtenByCode(provenance: Provenance | undefined): boolean {
  return provenance?.kind === 'constant' || provenance?.kind === 'external' || (provenance?.kind === 'unknown' && provenance.reason === FROM_OTHER_PARAMETER);
}

function isModelChosen(provenance: Provenance | undefined): boolean {
  return provenance?.kind === 'model' || provenance?.kind === 'constrained';
}

function isDestructive(graph: AccessGraph, op: string): boolean {
  const node = graph.node(`op:${op}`);
  return node?.kind === 'operation' && node.destructive;
}

const VERBS: [RegExp, string][] = [
  [/^fs\.delete/, 'delete files'],
  [/^db\.(?:drop|delete)/, 'drop or delete database data'],
  [/^git\.push/, 'force-push or delete remote branches'],
  [/^git\.discard/, 'throw away uncommitted work (clean, hard reset, forced branch or stash deletion)'],
  [/^cloud\.k8s/, 'delete cluster resources'],
  [/^cloud\.terraform/, 'destroy infrastructure'],
  [/^cloud\.iac/, 'deploy or destroy infrastructure'],
  [/^cloud\.aws\.iam/, 'change cloud permissions'],
  [/^cloud\./, 'delete cloud resources'],
  [/^repo\.delete/, 'delete repository data'],
  [/^repo\.merge/, 'merge code'],
  [/^payment\.cancel/, 'cancel subscriptions, void invoices or delete payment records'],
  [/^payment\./, 'move money'],
  [/^comm\./, 'send messages on your behalf'],
  [/^api\.delete/, 'delete or reset resources through an API'],
  [/^process\.kill/, 'kill any process'],
];

function describe(op: string): string {
  return VERBS.find(([pattern]) => pattern.test(op))?.[1] ?? `perform \`${op}\``;
}
