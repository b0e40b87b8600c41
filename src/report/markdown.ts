/**
 * The Markdown report, for a pull request comment, a step summary or leadership: first the answer
 * per agent, then per agent what it can reach and the findings. A pure function of the result.
 */
import type { ScanResult } from '../engine/pipeline.js';
import { buildInventory, type AgentAccess } from '../graph/access.js';

export function renderMarkdown(result: ScanResult, tool: { version: string }): string {
  const inventory = buildInventory(result.graph, result.findings);
  const agents = [...inventory.agents].sort((a, b) => a.name.localeCompare(b.name));
  const { errors, warnings } = result.stats;
  const lines = [
    '# leash access report',
    '',
    `${agents.length} agent${agents.length === 1 ? '' : 's'}, ${result.stats.tools} tools, ${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'} (leash ${tool.version}).`,
    '',
    '> Can you name exactly the operations each agent may invoke and the resources it can read or write?',
    '',
    '| agent | answer | what is missing |',
    '|---|---|---|',
    ...agents.map((a) => `| ${cell(a.name)} | ${a.answer === 'yes' ? '**yes**' : '**no**'} | ${cell(a.missing.join('; ') || '—')} |`),
    '',
  ];
  for (const agent of agents) lines.push(...section(agent));
  return lines.join('\n') + '\n';
}

function section(a: AgentAccess): string[] {
  const where = a.location ? ` — \`${a.location.file}:${a.location.line}\`` : '';
  return [
    `## ${a.name}`,
    '',
    `${a.framework}, ${a.origin}${where}. Answer: **${a.answer}**.`,
    '',
    `- **Tools** (${a.tools.length}): ${a.tools.map((t) => `\`${t.name}\`${t.via === 'direct' ? '' : ' (through a handoff)'}`).join(', ') || 'none'}`,
    `- **Operations**: ${a.operations.map((o) => `\`${o.operation}\` (${o.provenance})`).join(', ') || 'none'}`,
    `- **Resources**: ${a.resources.map((r) => `\`${r}\``).join(', ') || 'none named in the code'}`,
    `- **Credentials**: ${a.credentials.map((c) => `\`${c.reference}\` (${c.class}, via ${c.via})`).join(', ') || 'none'}`,
    `- **Approval gates**: ${a.gates.join(', ') || 'none'}`,
    `- **Audit**: ${a.audit}`,
    ...(a.unresolved.length ? [`- **Could not resolve**: ${a.unresolved.map(cell).join('; ')}`] : []),
    '',
    ...(a.findings.length
      ? ['| severity | rule | where | finding |', '|---|---|---|---|', ...a.findings.map((f) => `| ${f.severity} | \`${f.ruleId}\` | \`${f.location.file}:${f.location.line}\` | ${cell(f.message)} |`), '']
      : ['No findings.', '']),
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
