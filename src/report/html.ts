/**
 * The HTML report for leadership: one self-contained page (no network; it opens from a file) with
 * the answer per agent, then per agent its access, findings and a picture of its access graph laid
 * out by dagre (bundled into the page), filterable by agent, nodes with findings highlighted.
 * A pure function: the layout library's source arrives as a string.
 */
import type { ScanResult } from '../engine/pipeline.js';
import { buildInventory } from '../graph/access.js';

export interface HtmlOptions {
  version: string;
  /** The source of dagre's browser build, inlined into the page. */
  layoutLibrary: string;
}

interface PageNode {
  id: string;
  label: string;
  kind: string;
  finding?: boolean;
}

export function renderHtml(result: ScanResult, options: HtmlOptions): string {
  const { graph } = result;
  const inventory = buildInventory(graph, result.findings);
  const flagged = new Set(result.findings.flatMap((f) => [...f.agents, ...(f.tool ? [f.tool] : [])]));
  // Per agent, the subgraph it reaches: tools, MCP servers, operations, credentials, delegates.
  const views = inventory.agents.map((agent) => {
    const nodes = new Map<string, PageNode>();
    const edges: { from: string; to: string; label: string }[] = [];
    const add = (id: string) => {
      const node = graph.node(id);
      if (!node || nodes.has(id)) return;
      nodes.set(id, { id, label: node.kind === 'operation' ? node.name : `${node.name}`, kind: node.kind, ...(flagged.has(id) ? { finding: true } : {}) });
    };
    add(agent.id);
    const queue = [agent.id];
    const seen = new Set(queue);
    while (queue.length) {
      const id = queue.shift()!;
      for (const edge of graph.outgoing(id)) {
        if (!['has-tool', 'delegates', 'uses-server', 'reaches', 'holds', 'gated-by', 'inherits-env'].includes(edge.kind)) continue;
        add(edge.to);
        if (!nodes.has(edge.to)) continue;
        const label = edge.kind === 'reaches' ? (edge.provenance?.kind ?? '') : edge.kind;
        if (!edges.some((e) => e.from === id && e.to === edge.to)) edges.push({ from: id, to: edge.to, label });
        if (!seen.has(edge.to) && ['agent', 'tool', 'mcp-server'].includes(graph.node(edge.to)?.kind ?? '')) {
          seen.add(edge.to);
          queue.push(edge.to);
        }
      }
    }
    return { agent, nodes: [...nodes.values()], edges };
  });
  const data = JSON.stringify({ version: options.version, stats: result.stats, views }).replace(/</g, '\\u003c');
  const { errors, warnings } = result.stats;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>leash access report</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
  header { padding: 20px 28px; background: #1d2430; color: #fff; }
  header h1 { margin: 0 0 4px; font-size: 20px; }
  main { padding: 20px 28px; }
  table { border-collapse: collapse; width: 100%; background: #fff; margin: 8px 0 20px; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
  .yes { color: #17733a; font-weight: 600; } .no { color: #b3261e; font-weight: 600; }
  .agent { background: #fff; border: 1px solid #e3e6ea; border-radius: 8px; padding: 14px 18px; margin: 0 0 18px; }
  .agent[hidden] { display: none; }
  .agent h2 { margin: 0 0 6px; font-size: 17px; }
  .graph { overflow: auto; border: 1px solid #eef0f3; border-radius: 6px; margin: 10px 0; background: #fbfcfd; }
  .graph svg text { font-size: 11px; }
  ul { margin: 6px 0; padding-left: 20px; }
  code { background: #eef0f3; padding: 0 3px; border-radius: 3px; }
  .sev-error { color: #b3261e; } .sev-warning { color: #8a5a00; }
  label { font-weight: 600; margin-right: 6px; }
</style>
</head>
<body>
<header><h1>leash access report</h1><div>${inventory.agents.length} agents · ${result.stats.tools} tools · ${errors} errors · ${warnings} warnings · leash ${escape(options.version)}</div></header>
<main>
  <p><em>Can you name exactly the operations each agent may invoke and the resources it can read or write?</em></p>
  <table id="answers"><thead><tr><th>Agent</th><th>Answer</th><th>What is missing</th></tr></thead><tbody></tbody></table>
  <p><label for="filter">Show</label><select id="filter"><option value="">every agent</option></select></p>
  <div id="agents"></div>
</main>
<script>${options.layoutLibrary}</script>
<script>
const DATA = ${data};
const COLORS = { agent: '#3b5bdb', tool: '#2b8a3e', 'mcp-server': '#5f3dc4', operation: '#e67700', credential: '#c2255c', gate: '#0b7285', audit: '#495057' };
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const answers = document.querySelector('#answers tbody');
const filter = document.getElementById('filter');
const container = document.getElementById('agents');
for (const view of DATA.views) {
  const a = view.agent;
  answers.insertAdjacentHTML('beforeend', '<tr><td>' + esc(a.name) + '</td><td class="' + a.answer + '">' + a.answer + '</td><td>' + esc(a.missing.join('; ') || '—') + '</td></tr>');
  filter.insertAdjacentHTML('beforeend', '<option value="' + esc(a.id) + '">' + esc(a.name) + '</option>');
  const section = document.createElement('section');
  section.className = 'agent';
  section.dataset.agent = a.id;
  const list = (items) => items.length ? items.map(esc).join(', ') : 'none';
  section.innerHTML = '<h2>' + esc(a.name) + ' <span class="' + a.answer + '">' + a.answer + '</span></h2>' +
    '<div>' + esc(a.framework) + ' · ' + esc(a.origin) + (a.location ? ' · ' + esc(a.location.file + ':' + a.location.line) : '') + '</div>' +
    '<ul><li><b>Tools:</b> ' + list(a.tools.map((t) => t.name)) + '</li><li><b>Operations:</b> ' + list(a.operations.map((o) => o.operation + ' (' + o.provenance + ')')) + '</li>' +
    '<li><b>Resources:</b> ' + list(a.resources) + '</li><li><b>Credentials:</b> ' + list(a.credentials.map((c) => c.reference + ' (' + c.class + ')')) + '</li>' +
    '<li><b>Approval gates:</b> ' + list(a.gates) + '</li><li><b>Audit:</b> ' + esc(a.audit) + '</li></ul>' +
    '<div class="graph"></div>' +
    (a.findings.length ? '<table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th></tr></thead><tbody>' + a.findings.map((f) => '<tr><td class="sev-' + f.severity + '">' + f.severity + '</td><td><code>' + esc(f.ruleId) + '</code></td><td>' + esc(f.location.file + ':' + f.location.line) + '</td><td>' + esc(f.message) + '</td></tr>').join('') + '</tbody></table>' : '<p>No findings.</p>');
  container.appendChild(section);
  section.querySelector('.graph').appendChild(draw(view));
}
filter.addEventListener('change', () => {
  for (const section of container.children) section.hidden = filter.value !== '' && section.dataset.agent !== filter.value;
});

/** The agent's access graph, laid out left to right by dagre, as SVG. */
function draw(view) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 60, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of view.nodes) g.setNode(n.id, { width: Math.min(240, 16 + 7 * n.label.length), height: 26, node: n });
  for (const e of view.edges) g.setEdge(e.from, e.to, { label: e.label });
  dagre.layout(g);
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('width', g.graph().width);
  svg.setAttribute('height', g.graph().height);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Access graph of ' + view.agent.name);
  for (const id of g.edges()) {
    const points = g.edge(id).points;
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('d', 'M' + points.map((p) => p.x + ',' + p.y).join(' L'));
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', '#adb5bd');
    svg.appendChild(path);
  }
  for (const id of g.nodes()) {
    const box = g.node(id);
    const n = box.node;
    const group = document.createElementNS(NS, 'g');
    group.setAttribute('class', 'node node-' + n.kind + (n.finding ? ' has-finding' : ''));
    group.setAttribute('data-id', n.id);
    const rect = document.createElementNS(NS, 'rect');
    rect.setAttribute('x', box.x - box.width / 2);
    rect.setAttribute('y', box.y - box.height / 2);
    rect.setAttribute('width', box.width);
    rect.setAttribute('height', box.height);
    rect.setAttribute('rx', 5);
    rect.setAttribute('fill', '#fff');
    rect.setAttribute('stroke', n.finding ? '#e03131' : COLORS[n.kind] || '#868e96');
    rect.setAttribute('stroke-width', n.finding ? 2.5 : 1.5);
    const text = document.createElementNS(NS, 'text');
    text.setAttribute('x', box.x);
    text.setAttribute('y', box.y + 4);
    text.setAttribute('text-anchor', 'middle');
    text.setAttribute('fill', COLORS[n.kind] || '#343a40');
    text.textContent = n.label.length > 32 ? n.label.slice(0, 31) + '…' : n.label;
    const title = document.createElementNS(NS, 'title');
    title.textContent = n.kind + ': ' + n.label;
    group.append(rect, text, title);
    svg.appendChild(group);
  }
  return svg;
}
</script>
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
