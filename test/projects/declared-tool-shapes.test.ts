import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, scanCase } from '../support/fixtures.js';

/**
 * Tools declared in shapes no framework call names: definitions the model may call and the
 * caller's code answers (`bindTools([{ name, description, schema }])`), and definition objects an
 * `McpServer` subclass registers in a loop (`this.tool(tool.method, …)`), each found where its
 * name is written and attached to the agent or server that offers it.
 */
describe('declared tool shapes', () => {
  const toolsOf = (dir: string) => {
    const { graph } = scanCase(dir);
    return graph.nodesOf('tool').map((t) => `${t.name} ${t.location?.file}:${t.location?.line} <- ${graph.agentsReaching(t.id).map((a) => a.name).join(', ')}`).sort();
  };

  it('names tools dispatched by `case tools.PdfTool.name:` from definitions a schema checked (`ToolSchema.parse({ name, … })`)', () => {
    expect(toolsOf(path.join(FIXTURES, 'no-free-form-shell', 'good', 'converter-found-from-default-root'))).toEqual(['docx-to-markdown src/server.ts:19 <- docs-to-markdown', 'pdf-to-markdown src/server.ts:18 <- docs-to-markdown']);
  });

  it('names a tool registered as `toolName || "web_fetch"` by the default where the caller gives no name', () => {
    expect(toolsOf(path.join(FIXTURES, 'no-arbitrary-http', 'bad', 'tool-named-by-parameter-with-default'))).toEqual(['web_fetch src/server.ts:6 <- page-reader']);
  });

  it('lists a bindTools definition without an execute as a tool of that model call, and skips one without a name', () => {
    expect(toolsOf(path.join(FIXTURES, 'projects', 'model-answered-tools'))).toEqual(['extract_content src/extract.ts:11 <- model']);
  });

  it('attaches the tools a registry maps its entries to (`registry.map((entry) => entry.tool)`) to the model that binds them', () => {
    expect(toolsOf(path.join(FIXTURES, 'projects', 'registry-entries-mapped-to-tools'))).toEqual(['get_quote src/registry.ts:10 <- model', 'list_filings src/registry.ts:17 <- model']);
  });

  it('lists the tool definitions a dependency-injection container hands a registry, by their declared type, on the server the registry is given', () => {
    expect(toolsOf(path.join(FIXTURES, 'require-approval-for-destructive', 'bad', 'tool-definitions-injected-into-registry'))).toEqual([
      'repo_clean src/tools/clean.tool.ts:18 <- repo-ops',
      'repo_status src/tools/status.tool.ts:10 <- repo-ops',
    ]);
  });

  it('makes one agent per call of a wrapper that builds an agent from the tools its caller hands over, each holding only those tools', () => {
    expect(toolsOf(path.join(FIXTURES, 'require-approval-for-destructive', 'bad', 'tools-handed-through-agent-wrapper'))).toEqual([
      'searchInbox src/assistant/inbox-tools.ts:8 <- assistantChat (agent)',
      'searchInbox src/assistant/inbox-tools.ts:8 <- onboardingChat (agent)',
      'trashThreads src/assistant/inbox-tools.ts:34 <- assistantChat (agent)',
    ]);
  });

  it('attaches tools destructured from Promise.all results and rewrapped entry by entry (`Object.entries(tools).map(([name, t]) => [name, { ...t, execute }])`)', () => {
    expect(toolsOf(path.join(FIXTURES, 'projects', 'tool-set-wrapped-per-entry'))).toEqual([
      'delete_note src/tools/notes.ts:16 <- chat',
      'now src/tools/notes.ts:26 <- chat',
      'read_note src/tools/notes.ts:11 <- chat',
    ]);
  });

  it('finds low-level CallTool branches behind a logger handed the request first, and on the name read into a variable (but not on a value computed from it)', () => {
    expect(toolsOf(path.join(FIXTURES, 'projects', 'low-level-server-shapes'))).toEqual([
      'cancel_job src/jobs.ts:15 <- jobs',
      'list_jobs src/jobs.ts:13 <- jobs',
      'purge_queue src/queue.ts:13 <- queue',
      'queue_depth src/queue.ts:10 <- queue',
    ]);
  });

  it('lists tools a CallTool handler finds in a list it is handed, declared beside their handlers with names from a package not in the checkout, once for every server that dispatches to them', () => {
    const dir = path.join(FIXTURES, 'projects', 'declarations-from-a-types-package');
    expect(toolsOf(dir)).toEqual([
      'CloseTabTool.shape.name.value src/tools/tabs.ts:17 <- tabs-local, tabs-relay, server',
      'ListTabsTool.shape.name.value src/tools/tabs.ts:8 <- tabs-local, tabs-relay, server',
    ]);
    // Tools found by one handler are no reason for the next to claim its tools cannot be listed.
    expect(scanCase(dir).graph.nodesOf('agent').flatMap((a) => a.dynamicTools ?? [])).toEqual([]);
  });

  it('lists one tool per entry of an object registered through Object.entries, named by a template over the key, where the key is written', () => {
    expect(toolsOf(path.join(FIXTURES, 'require-approval-for-destructive', 'bad', 'stack-commands-registered-from-entries'))).toEqual([
      'stack-preview src/commands.ts:7 <- stack-ops',
      'stack-search-resources src/commands.ts:25 <- stack-ops',
      'stack-up src/commands.ts:16 <- stack-ops',
    ]);
  });

  it('lists one tool per call of a registration wrapper that takes the name, on the server that call passes', () => {
    expect(toolsOf(path.join(FIXTURES, 'no-free-form-shell', 'bad', 'registration-wrapper-names-tool'))).toEqual([
      'premium_build src/index.ts:19 <- builds',
      'premium_lint src/index.ts:10 <- paid',
      'premium_report src/index.ts:6 <- paid',
      'premium_shell src/index.ts:7 <- paid',
    ]);
  });

  it('names tools by their registry key through a policy filter (Object.entries) and a wrapper that copies the tool, at the factory that defines each', () => {
    expect(toolsOf(path.join(FIXTURES, 'no-free-form-shell', 'bad', 'tools-filtered-and-wrapped'))).toEqual(['bash src/tools.ts:12 <- runWorkspaceAgent', 'read_file src/tools.ts:19 <- runWorkspaceAgent']);
  });

  it("lists each factory of a catalog that a run-time name picks (`catalog[name].tool(ctx)`), under the catalog's key", () => {
    expect(toolsOf(path.join(FIXTURES, 'require-approval-for-destructive', 'bad', 'tool-catalog-picked-by-name'))).toEqual([
      'delete_file src/tools/delete-file.ts:7 <- POST',
      'view_file src/tools/view-file.ts:7 <- POST',
    ]);
  });

  it('lists each definition an McpServer subclass registers in a loop, at the field its name is read from', () => {
    expect(toolsOf(path.join(FIXTURES, 'require-approval-for-destructive', 'bad', 'definitions-registered-by-server-subclass'))).toEqual([
      'cancel_subscription src/tools/subscriptions.ts:10 <- payments',
      'create_refund src/tools/refund.ts:10 <- payments',
      'list_customers src/tools/customers.ts:11 <- payments',
    ]);
  });

  it('lists each definition a loop wraps into a computed-key tool set, at its own name, reaching only its own sinks', () => {
    const dir = path.join(FIXTURES, 'no-free-form-shell', 'bad', 'definitions-wrapped-in-loop');
    expect(toolsOf(dir)).toEqual(['read_notes src/tools/read-notes.ts:6 <- runWorkspaceAgent', 'run_command src/tools/run-command.ts:8 <- runWorkspaceAgent']);
    const { graph } = scanCase(dir);
    const reaches = graph.nodesOf('tool').map((t) => `${t.name}: ${graph.outgoing(t.id, 'reaches').map((e) => e.to).sort().join(', ')}`).sort();
    expect(reaches).toEqual(['read_notes: op:fs.read', 'run_command: op:shell.exec']);
  });

  it("lists each call of a project's tool factory that takes an options object as a tool of its own", () => {
    expect(toolsOf(path.join(FIXTURES, 'no-free-form-shell', 'bad', 'tool-factory-options-object'))).toEqual(['listNotes src/tools/shell.ts:13 <- ', 'runCommand src/tools/shell.ts:6 <- ']);
  });

  it('lists tool classes named by their config method, and not the loop that registers them as one more tool', () => {
    expect(toolsOf(path.join(FIXTURES, 'require-approval-for-destructive', 'bad', 'handler-classes-with-config-method'))).toEqual([
      'delete-topic src/tools/delete-topic.ts:16 <- streams',
      'run-query src/tools/run-query.ts:20 <- streams',
    ]);
  });
  it('lists tools from lists the code builds: definitions registered in a loop through a helper, a switch on imported name constants, a CallTool handler handing the request on inside an object, and a ListTools list whose lookup cannot be followed', () => {
    const dir = path.join(FIXTURES, 'projects', 'tool-lists-built-in-code');
    expect(toolsOf(dir)).toEqual([
      '(any tool it dispatches) src/tenant/server.ts:12 <- tenant',
      'clear_downloads src/browser/tools/downloads/clear.ts:6 <- browser',
      'close_page src/browser/tools/pages.ts:14 <- browser',
      'delete_user src/admin/server.ts:25 <- admin',
      'drop_collection src/store/call.ts:15 <- store',
      'find_documents src/store/call.ts:11 <- store',
      'list_pages src/browser/tools/pages.ts:7 <- browser',
      'list_users src/admin/server.ts:21 <- admin',
      'open_url src/browser/tools/navigation.ts:6 <- browser',
      'tenant_block_user src/tenant/users.ts:9 <- tenant',
      'tenant_list_users src/tenant/users.ts:3 <- tenant',
    ]);
    const { graph, findings } = scanCase(dir);
    // The helper's registration reaches each definition's own handler through the object that
    // runs it (`new ToolHandler(tool).handle(params)`), after that object confined the file fields:
    // the delete is still destructive, not unconfined, and the URL is still any URL.
    // The barrel's HTTP server is no agent.
    expect(graph.nodesOf('agent').map((a) => a.name).sort()).toEqual(['admin', 'browser', 'store', 'tenant']);
    expect(findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`).sort()).toEqual([
      'no-arbitrary-http src/browser/tools/navigation.ts:12',
      'require-approval-for-destructive src/admin/server.ts:26',
      'require-approval-for-destructive src/browser/tools/downloads/clear.ts:11',
      'require-approval-for-destructive src/store/call.ts:17',
      // The same unchecked URL opens file:// pages: a local file read.
      'require-fs-confinement src/browser/tools/navigation.ts:12',
    ]);
  });
  it('lists tools a plain JavaScript helper registers on the server an MCP server file hands it, and not a registry of a script no server imports', () => {
    const dir = path.join(FIXTURES, 'projects', 'js-registration-helpers');
    expect(toolsOf(dir)).toEqual(['list_workspace tools/register.js:7 <- workspace', 'remove_path tools/register.js:14 <- workspace']);
    expect(scanCase(dir).findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`).sort()).toEqual(['require-approval-for-destructive tools/register.js:16', 'require-fs-confinement tools/register.js:16']);
  });
});
