/**
 * The access manifest: every agent's effective access written down and committed (`leash lock`),
 * so that widening an agent's scope is an explicit, reviewed change. Sorted and line-per-item, so
 * its diffs read like the change they record. Pure: reading and writing the file is the CLI's.
 */
import { z } from 'zod';
import type { AgentAccess, Inventory } from './access.js';

export const MANIFEST_FILE = 'leash-access.yaml';

export interface ManifestAgent {
  name: string;
  tools: string[];
  operations: string[];
  resources: string[];
  credentials: string[];
  gates: string[];
  audit: string;
}

export interface AccessManifest {
  version: 1;
  agents: Record<string, ManifestAgent>;
}

/**
 * A committed manifest as read: `leash lock` writes every list, but one written or trimmed by hand
 * may leave some out, and a list left out is not tracked (compared) rather than an error.
 */
const committedAgent = z.object({
  name: z.string().optional(),
  tools: z.array(z.string()).optional(),
  operations: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  credentials: z.array(z.string()).optional(),
  gates: z.array(z.string()).optional(),
  audit: z.string().optional(),
});
const committedManifest = z.object({ version: z.literal(1), agents: z.record(z.string(), committedAgent) });
export type CommittedManifest = z.infer<typeof committedManifest>;

/** Checks a parsed `leash-access.yaml`; the error names the first bad key. */
export function readManifest(data: unknown): { manifest: CommittedManifest } | { error: string } {
  const parsed = committedManifest.safeParse(data);
  if (parsed.success) return { manifest: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { error: `${issue.path.length ? issue.path.join('.') : 'the file'}: ${issue.message}` };
}

export function manifestOf(inventory: Inventory): AccessManifest {
  const agents: Record<string, ManifestAgent> = {};
  for (const a of [...inventory.agents].sort((x, y) => x.id.localeCompare(y.id))) agents[a.id] = entry(a);
  return { version: 1, agents };
}

function entry(a: AgentAccess): ManifestAgent {
  const sorted = (items: string[]) => [...new Set(items)].sort();
  return {
    name: a.name,
    tools: sorted(a.tools.map((t) => t.name)),
    operations: sorted(a.operations.map((o) => `${o.operation} (${o.provenance})`)),
    resources: sorted(a.resources),
    credentials: sorted(a.credentials.map((c) => `${c.reference} (${c.class})`)),
    gates: sorted(a.gates),
    audit: a.audit,
  };
}

export interface Drift {
  agent: string;
  name: string;
  /** `widened`: new access or a safeguard removed; `narrowed`: access removed or a safeguard added. */
  direction: 'widened' | 'narrowed';
  what: string;
}

const LISTS = ['tools', 'operations', 'resources', 'credentials'] as const;

/** The differences between the committed manifest and the access found now. */
export function compareManifest(committed: CommittedManifest, current: AccessManifest): Drift[] {
  const drift: Drift[] = [];
  const ids = [...new Set([...Object.keys(committed.agents), ...Object.keys(current.agents)])].sort();
  for (const id of ids) {
    const before = committed.agents[id];
    const now = current.agents[id];
    if (!before && now) {
      drift.push({ agent: id, name: now.name, direction: 'widened', what: `new agent with ${now.tools.length} tool${now.tools.length === 1 ? '' : 's'}` });
      continue;
    }
    if (before && !now) {
      drift.push({ agent: id, name: before.name ?? id, direction: 'narrowed', what: 'agent removed' });
      continue;
    }
    for (const list of LISTS) {
      const was = before[list];
      if (!was) continue;
      for (const item of now[list]) if (!was.includes(item)) drift.push({ agent: id, name: now.name, direction: 'widened', what: `${singular(list)} added: ${item}` });
      for (const item of was) if (!now[list].includes(item)) drift.push({ agent: id, name: now.name, direction: 'narrowed', what: `${singular(list)} removed: ${item}` });
    }
    // A safeguard removed widens what can happen unchecked; one added narrows it.
    for (const gate of before.gates ?? []) if (!now.gates.includes(gate)) drift.push({ agent: id, name: now.name, direction: 'widened', what: `approval gate removed: ${gate}` });
    if (before.gates) for (const gate of now.gates) if (!before.gates.includes(gate)) drift.push({ agent: id, name: now.name, direction: 'narrowed', what: `approval gate added: ${gate}` });
    if (before.audit === 'recorded' && now.audit !== 'recorded' && now.audit !== 'nothing to record') drift.push({ agent: id, name: now.name, direction: 'widened', what: `audit record lost: ${now.audit}` });
  }
  return drift;
}

function singular(list: (typeof LISTS)[number]): string {
  return { tools: 'tool', operations: 'operation', resources: 'resource', credentials: 'credential' }[list];
}
