/**
 * GitHub Actions workflows that run coding agents: claude-code-action, codex-action,
 * run-gemini-cli, and agent CLIs in `run:` steps. Each such job is an agent node with its
 * triggers, token permissions, secrets, flags, and the untrusted event data in its prompt.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { GraphFragment } from '../../graph/build.js';
import { ciAgentId, ciSecretId } from '../../graph/ids.js';
import type { AgentNode, HarnessSettings, Location } from '../../graph/model.js';
import type { ConfigExtractor, SourceFile } from '../types.js';
import { cliFlags, cliPermissions, splitRules, AGENT_CLI } from './agent-cli.js';
import { classifyReference } from '../credentials.js';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

const FILE = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;

const ACTIONS: { uses: RegExp; framework: string; prompt: string[] }[] = [
  { uses: /^anthropics\/claude-code(?:-base)?-action@/, framework: 'claude-code-action', prompt: ['prompt', 'direct_prompt', 'override_prompt', 'custom_instructions'] },
  { uses: /^openai\/codex-action@/, framework: 'codex-action', prompt: ['prompt'] },
  { uses: /^google-github-actions\/run-gemini-cli@/, framework: 'run-gemini-cli', prompt: ['prompt'] },
];

/** Event data anyone who can open an issue, comment or pull request controls. */
export const UNTRUSTED = /github\.(?:event\.(?:issue|pull_request|comment|review|review_comment|discussion|discussion_comment|head_commit|commits(?:\[\d+\]|\.\*)?|pages|workflow_run|release)(?:\.[\w-]+)*\.(?:title|body|ref|label|message|name|email|head_branch|default_branch)|head_ref)\b/;

export const githubActions: ConfigExtractor = {
  id: 'github-actions',
  matches: (path) => FILE.test(path),
  extract(file: SourceFile) {
    const fragment: GraphFragment = { nodes: [], edges: [] };
    if (file.text.trim() === '') return { fragment, diagnostics: [{ file: file.path, line: 1, column: 1, code: 'config-error', message: 'empty workflow file' }] };
    const lineCounter = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter, merge: true, prettyErrors: false });
    const locate = (node: YamlNode | null | undefined): Location => {
      const [start, , end] = node?.range ?? [0, 0, 0];
      const a = lineCounter.linePos(start);
      const b = lineCounter.linePos(end ?? start);
      return { file: file.path, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
    };
    if (doc.errors.length > 0) {
      const pos = lineCounter.linePos(doc.errors[0].pos[0]);
      return { fragment, diagnostics: [{ file: file.path, line: pos.line, column: pos.col, code: 'config-error', message: `invalid YAML: ${doc.errors[0].message.split('\n')[0]}` }] };
    }
    const root = doc.contents;
    if (!isMap(root)) return { fragment, diagnostics: [{ file: file.path, line: 1, column: 1, code: 'config-error', message: 'a workflow must be a mapping' }] };
    const workflow = new Workflow(doc, file.path, file.text, locate);
    for (const job of workflow.jobs()) workflow.extractJob(job.id, job.node, fragment);
    return { fragment, diagnostics: [] };
  },
};

class Workflow {
  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly text: string,
    private readonly locate: (node: YamlNode | null | undefined) => Location,
  ) {}

  jobs(): { id: string; node: YamlNode }[] {
    const jobs = this.doc.get('jobs', true);
    if (!isMap(jobs)) return [];
    return jobs.items.flatMap((p) => (isScalar(p.key) && p.value ? [{ id: String(p.key.value), node: p.value as YamlNode }] : []));
  }

  extractJob(jobId: string, job: YamlNode, fragment: GraphFragment): void {
    if (!isMap(job)) return;
    const steps = job.get('steps', true);
    const agentSteps = isSeq(steps) ? steps.items.filter((s): s is YamlNode => isMap(s) && this.isAgentStep(s as YamlNode)) : [];
    if (agentSteps.length === 0) return;
    const id = ciAgentId(this.file, jobId);
    const harness: HarnessSettings = { permissions: [], flags: [], sandbox: [], sources: [this.file], ci: { workflow: this.file, job: jobId, triggers: this.triggers(), permissions: this.permissions(job), untrustedInputs: [] } };
    this.taintedOutputs = isSeq(steps) ? this.outputsCarryingUntrusted(steps.items) : new Set();
    let framework = 'agent-cli';
    const secrets = new Map<string, { location: Location; boundTo: string }>();
    this.collectSecrets(this.doc.get('env', true) as YamlNode, secrets);
    this.collectSecrets(job.get('env', true) as YamlNode, secrets);
    for (const step of agentSteps) {
      if (!isMap(step)) continue;
      const uses = scalar(step.get('uses', true) as YamlNode);
      const action = uses ? ACTIONS.find((a) => a.uses.test(uses)) : undefined;
      const withNode = step.get('with', true) as YamlNode | undefined;
      this.collectSecrets(withNode, secrets);
      this.collectSecrets(step.get('env', true) as YamlNode, secrets);
      if (action) {
        framework = action.framework;
        this.readActionInputs(withNode, action.prompt, harness);
        if (action.framework === 'run-gemini-cli') this.readGeminiSettings(step, withNode, harness);
      }
      const run = step.get('run', true) as YamlNode | undefined;
      if (run && isScalar(run)) {
        this.untrusted(run, harness);
        for (const flag of cliFlags(String(run.value), (offset, length) => this.offsetLocation(run, offset, length))) harness.flags.push(flag);
        for (const permission of cliPermissions(String(run.value), (offset, length) => this.offsetLocation(run, offset, length))) harness.permissions.push(permission);
      }
    }
    if (isSeq(steps)) {
      for (const step of steps.items) {
        if (!isMap(step) || !/^actions\/checkout@/.test(scalar(step.get('uses', true) as YamlNode) ?? '')) continue;
        const ref = step.getIn(['with', 'ref'], true) as YamlNode | undefined;
        const text = scalar(ref) ?? '';
        if (/github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\//.test(text)) harness.sandbox.push({ setting: 'checkout.pr-head', value: text, location: this.locate(ref) });
      }
    }
    const agent: AgentNode = { id, kind: 'agent', name: `${framework} job ${jobId} in ${this.file}`, framework, origin: 'ci', construct: 'workflow job', location: this.locate(this.jobKey(jobId)), harness };
    fragment.nodes.push(agent);
    for (const [name, { location, boundTo }] of secrets) {
      const credId = ciSecretId(name);
      const c = name === 'GITHUB_TOKEN' ? { class: 'service' as const, reason: 'the per-job GITHUB_TOKEN' } : classifyReference(name);
      fragment.nodes.push({ id: credId, kind: 'credential', name, source: 'secret', reference: name, class: c.class, classReason: c.reason, location });
      // The variable or input the secret fills (`ANTHROPIC_API_KEY: ${{ secrets.CLAUDE_API_KEY }}`)
      // says what the job uses it for, whatever the secret is called.
      fragment.edges.push({ from: id, to: credId, kind: 'holds', evidence: [location], attrs: { boundTo } });
    }
  }

  private isAgentStep(step: YamlNode): boolean {
    if (!isMap(step)) return false;
    const uses = scalar(step.get('uses', true) as YamlNode);
    if (uses && ACTIONS.some((a) => a.uses.test(uses))) return true;
    const run = scalar(step.get('run', true) as YamlNode);
    return !!run && AGENT_CLI.test(run);
  }

  private readActionInputs(withNode: YamlNode | undefined, promptKeys: string[], harness: HarnessSettings): void {
    if (!isMap(withNode)) return;
    for (const pair of withNode.items) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
      const key = String(pair.key.value);
      const valueNode = pair.value as YamlNode;
      const text = String((pair.value as { value: unknown }).value ?? '');
      const loc = this.locate(valueNode);
      if (promptKeys.includes(key)) this.untrusted(valueNode, harness);
      if (key === 'allowed_tools' || key === 'disallowed_tools') {
        for (const rule of splitRules(text)) harness.permissions.push({ rule, effect: key === 'allowed_tools' ? 'allow' : 'deny', location: loc });
      }
      if (key === 'claude_args' || key === 'codex-args') {
        for (const flag of cliFlags(`claude ${text}`, (offset, length) => this.offsetLocation(valueNode, offset - 7, length))) harness.flags.push(flag);
        for (const m of text.matchAll(/--(allowed|disallowed)(?:[Tt]ools|-tools)[ =]+("[^"]*"|'[^']*'|\S+)/g)) {
          // Each rule is anchored on the `--allowedTools` line of the block, not on `claude_args:`.
          const flagLoc = this.offsetLocation(valueNode, m.index ?? 0, m[0].length);
          for (const rule of splitRules(m[2].replace(/^["']|["']$/g, ''))) harness.permissions.push({ rule, effect: m[1] === 'allowed' ? 'allow' : 'deny', location: flagLoc });
        }
      }
      if (['allowed_non_write_users', 'allowed_bots', 'allow-users', 'allow-bots', 'sandbox', 'safety-strategy', 'show_full_output'].includes(key)) harness.flags.push({ name: key, value: text, location: loc });
    }
  }

  /**
   * run-gemini-cli's `settings` input is a Gemini CLI settings file written inline. The action
   * runs Gemini unattended, so the tools it makes available (`tools.core`) are the agent's grants,
   * each at its line; with no `tools.core`, every built-in tool (shell, file writes, web fetch) is.
   */
  private readGeminiSettings(step: YamlNode, withNode: YamlNode | undefined, harness: HarnessSettings): void {
    const settingsNode = isMap(withNode) ? (withNode.get('settings', true) as YamlNode | undefined) : undefined;
    const text = isScalar(settingsNode) ? String(settingsNode.value ?? '') : '';
    const tree = text ? parseTree(text) : undefined;
    const core = tree ? findNodeAtLocation(tree, ['tools', 'core']) : undefined;
    if (core?.type === 'array' && core.children) {
      for (const item of core.children) {
        if (item.type !== 'string') continue;
        harness.permissions.push({ rule: String(item.value), effect: 'allow', location: this.offsetLocation(settingsNode!, item.offset, item.length) });
      }
      return;
    }
    const uses = isMap(step) ? (step.get('uses', true) as YamlNode | undefined) : undefined;
    harness.permissions.push({ rule: 'run_shell_command', effect: 'allow', location: this.locate(uses ?? step) });
  }

  /** Step outputs that carry untrusted text, as `<step id>.<output name>` (see `outputsCarryingUntrusted`). */
  private taintedOutputs = new Set<string>();

  /**
   * Outputs that hand untrusted text on: a step that reads an issue or release body (in its `env`
   * or its script) and writes it to `$GITHUB_OUTPUT` (`echo "NOTES=$BODY"`, or a `NAME<<EOF`
   * block) makes `steps.<id>.outputs.NOTES` that text again. Outputs written from other values
   * (a tag, a date) stay as they are.
   */
  private outputsCarryingUntrusted(steps: unknown[]): Set<string> {
    const tainted = new Set<string>();
    const expressions = (text: string) => [...text.matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => m[1]);
    for (const step of steps) {
      if (!isMap(step)) continue;
      const id = scalar(step.get('id', true) as YamlNode);
      const run = scalar(step.get('run', true) as YamlNode);
      if (!id || !run) continue;
      // Shell variables holding untrusted text: from the step's env, or assigned in the script.
      const vars = new Set<string>();
      const env = step.get('env', true);
      if (isMap(env)) for (const p of env.items) if (isScalar(p.key) && expressions(String((p.value as { value?: unknown } | null)?.value ?? '')).some((e) => this.isUntrusted(e))) vars.add(String(p.key.value));
      const carries = (line: string) => expressions(line).some((e) => this.isUntrusted(e)) || [...vars].some((v) => new RegExp(`\\$\\{?${v.replace(/[^\w]/g, '\\$&')}(?!\\w)`).test(line));
      let heredoc: { name: string; end: string } | undefined;
      for (const line of run.split('\n')) {
        const assigned = /^\s*(?:export\s+)?([A-Za-z_]\w*)=/.exec(line);
        if (heredoc) {
          if (line.includes(heredoc.end) && !carries(line)) heredoc = undefined;
          else if (carries(line)) tainted.add(`${id}.${heredoc.name}`);
          continue;
        }
        const block = /\b([A-Za-z_][\w-]*)<<['"]?(\w+)/.exec(line);
        if (block && /GITHUB_OUTPUT/.test(line)) {
          heredoc = { name: block[1], end: block[2] };
          continue;
        }
        const output = /\b([A-Za-z_][\w-]*)=(.*)>>\s*"?\$\{?GITHUB_OUTPUT/.exec(line);
        if (output && carries(output[2])) tainted.add(`${id}.${output[1]}`);
        else if (assigned && !output && carries(line.slice(assigned[0].length))) vars.add(assigned[1]);
      }
    }
    return tainted;
  }

  /** An expression whose text anyone outside the repository may have written. */
  private isUntrusted(expression: string): boolean {
    if (UNTRUSTED.test(expression)) return true;
    const output = /\bsteps\.([\w-]+)\.outputs\.([\w-]+)/.exec(expression);
    return !!output && this.taintedOutputs.has(`${output[1]}.${output[2]}`);
  }

  /** `${{ github.event.issue.body }}` and friends in text that reaches the agent. */
  private untrusted(node: YamlNode, harness: HarnessSettings): void {
    if (!isScalar(node)) return;
    const text = String(node.value ?? '');
    for (const m of text.matchAll(/\$\{\{([^}]*)\}\}/g)) {
      if (!this.isUntrusted(m[1])) continue;
      harness.ci!.untrustedInputs.push({ expression: m[1].trim(), location: this.offsetLocation(node, m.index ?? 0, m[0].length) });
    }
  }

  /**
   * The location of text inside a scalar: the scalar's value may be a block (`run: |`) whose
   * offsets do not map to columns, so the text itself is looked up from the scalar's first line on.
   */
  private offsetLocation(node: YamlNode, offset: number, length: number): Location {
    const base = this.locate(node);
    const value = String((node as { value?: unknown }).value ?? '');
    const snippet = value.slice(offset, offset + length).split('\n')[0];
    const lines = this.text.split('\n');
    for (let n = base.line; n <= Math.min(lines.length, base.endLine + 1); n++) {
      const column = lines[n - 1].indexOf(snippet);
      if (snippet && column >= 0) return { file: this.file, line: n, column: column + 1, endLine: n, endColumn: column + 1 + snippet.length };
    }
    return base;
  }

  private triggers(): { name: string; location: Location }[] {
    const on = this.doc.get('on', true) as YamlNode | undefined;
    if (isScalar(on)) return [{ name: String(on.value), location: this.locate(on) }];
    if (isSeq(on)) return on.items.map((i) => ({ name: String((i as { value?: unknown }).value), location: this.locate(i as YamlNode) }));
    if (isMap(on)) return on.items.flatMap((p) => (isScalar(p.key) ? [{ name: String(p.key.value), location: this.locate(p.key as YamlNode) }] : []));
    return [];
  }

  private permissions(job: YamlNode): NonNullable<HarnessSettings['ci']>['permissions'] {
    const node = (isMap(job) ? job.get('permissions', true) : undefined) ?? this.doc.get('permissions', true);
    if (!node) return 'default';
    if (isScalar(node)) return node.value === 'write-all' ? 'write-all' : node.value === 'read-all' ? 'read-all' : 'default';
    if (!isMap(node)) return 'default';
    return node.items.flatMap((p) => (isScalar(p.key) && isScalar(p.value) ? [{ scope: String(p.key.value), level: String(p.value.value), location: this.locate(p.key as YamlNode) }] : []));
  }

  private jobKey(jobId: string): YamlNode | undefined {
    const jobs = this.doc.get('jobs', true);
    if (!isMap(jobs)) return undefined;
    return jobs.items.find((p) => isScalar(p.key) && p.key.value === jobId)?.key as YamlNode | undefined;
  }

  private collectSecrets(node: YamlNode | undefined, into: Map<string, { location: Location; boundTo: string }>): void {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.value)) continue;
      const boundTo = isScalar(pair.key) ? String(pair.key.value) : '';
      for (const m of String(pair.value.value ?? '').matchAll(/\$\{\{\s*secrets\.([\w-]+)\s*\}\}/g)) if (!into.has(m[1])) into.set(m[1], { location: this.locate(pair.value as YamlNode), boundTo });
    }
  }
}

function scalar(node: YamlNode | null | undefined): string | undefined {
  return node && isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}
