/**
 * Node id conventions, shared by every extractor so that facts about the same thing from
 * different files (code and config) land on the same node. Ids never contain line numbers.
 */

/** A coding-agent harness configured for the whole repository, e.g. `claude-code`, `cursor`, `codex`. */
export const harnessAgentId = (harness: string) => `agent:harness:${harness}`;

/** A coding-agent CLI that the application's code starts (`spawn('claude', [...])`), one per launching file. */
export const launchedAgentId = (file: string, harness: string) => `agent:launch:${file}#${harness}`;

/** A CI job that runs an agent. */
export const ciAgentId = (workflowFile: string, job: string) => `agent:ci:${workflowFile}#${job}`;

/** An MCP server as configured in one file (config or code) under one name. */
export const mcpServerId = (file: string, name: string) => `mcp:${file}#${name}`;

/** Operations are capability classes (`shell.exec`, `fs.delete`); edges carry the concrete sink. */
export const operationId = (op: string) => `op:${op}`;

/** An environment variable; `*` is the whole environment. */
export const envCredentialId = (name: string) => `cred:env:${name}`;
export const fileCredentialId = (path: string) => `cred:file:${path}`;
/** A secret written in a file: identified by file and the key or binding that holds it, never by value. */
export const literalCredentialId = (file: string, key: string) => `cred:literal:${file}#${key}`;
/** A default credential chain: `aws`, `gcloud-adc`, `kubeconfig`, `gh`. */
export const chainCredentialId = (chain: string) => `cred:chain:${chain}`;
/** A value the user is prompted for (VS Code `${input:…}`), or a CI secret (`secrets.X`). */
export const inputCredentialId = (file: string, name: string) => `cred:input:${file}#${name}`;
export const ciSecretId = (name: string) => `cred:secret:${name}`;

export const gateId = (owner: string, mechanism: string) => `gate:${owner.replace(/^[a-z-]+:/, '')}:${mechanism}`;
export const auditId = (owner: string, mechanism: string) => `audit:${owner.replace(/^[a-z-]+:/, '')}:${mechanism}`;

/** Agent and tool nodes of code: ids derive from fact ids (`file#tool:name~2`) so that they never contain line numbers. */
export function factNodeId(kind: 'agent' | 'tool', factId: string): string {
  const hash = factId.indexOf('#');
  const file = factId.slice(0, hash);
  const rest = factId.slice(hash + 1).replace(/^(?:agent|tool):/, '');
  return `${kind}:${file}#${rest}`;
}
