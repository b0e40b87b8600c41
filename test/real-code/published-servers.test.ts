// Real code guarding CI: MCP servers as published on npm (devDependencies, so this runs offline),
// labelled by reading their shipped code before leash was run on them. Published packages are
// build output only, and are reached through node_modules: both are part of what this tests.
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLeash } from '../support/cli.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

interface Report {
  tools: { name: string }[];
  findings: { ruleId: string; message: string; location: { file: string; line: number }; tool?: string }[];
}

async function scan(name: string): Promise<Report> {
  const { stdout } = await runLeash(packageDir(name), ['--format', 'json', '--no-cache', '.']);
  return JSON.parse(stdout) as Report;
}

const findings = (report: Report) => report.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`).sort();

describe('published MCP servers, labelled from their code', () => {
  it('mcp-server-commands: its one tool hands the model a shell, through a helper module', async () => {
    // run_command → runCommand(args) → exec(command) directly, or through execFileWithInput when
    // stdin is given (and its fish workaround, which builds a new command line around it).
    const report = await scan('mcp-server-commands');
    expect(report.tools.map((t) => t.name)).toEqual(['run_command']);
    // One tool, one problem: the three shell calls it reaches are one finding, naming the others.
    // Its request log is behind --verbose, and `always_log` runs only when the command fails: no
    // record of the calls, reported at the opt-in log line.
    expect(findings(report)).toEqual(['no-free-form-shell build/run-command.js:9', 'require-audit-trail build/index.js:104']);
    expect(report.findings.find((f) => f.ruleId === 'no-free-form-shell')!.message).toContain('It does the same at 2 other places: build/exec-utils.js:17, build/exec-utils.js:42.');
  });

  it('server-filesystem: every path is validated against the allowed directories; writes are not logged', async () => {
    const report = await scan('@modelcontextprotocol/server-filesystem');
    expect(report.tools.map((t) => t.name).sort()).toEqual([
      'create_directory',
      'directory_tree',
      'edit_file',
      'get_file_info',
      'list_allowed_directories',
      'list_directory',
      'list_directory_with_sizes',
      'move_file',
      'read_file',
      'read_media_file',
      'read_multiple_files',
      'read_text_file',
      'search_files',
      'write_file',
    ]);
    // validatePath() confines reads and writes, so no unrestricted-filesystem finding; nothing
    // records what the model wrote, moved or created.
    expect(report.findings.map((f) => f.ruleId)).toEqual(['require-audit-trail']);
  });

  it('server-memory: writes one configured file, whatever the model sends; nothing to report', async () => {
    // The memory file path comes from MEMORY_FILE_PATH (the operator), never from a tool's input;
    // "delete_entities" edits the knowledge graph held in that file, not a resource.
    const report = await scan('@modelcontextprotocol/server-memory');
    expect(report.tools.map((t) => t.name).sort()).toEqual([
      'add_observations',
      'create_entities',
      'create_relations',
      'delete_entities',
      'delete_observations',
      'delete_relations',
      'open_nodes',
      'read_graph',
      'search_nodes',
    ]);
    expect(report.findings).toEqual([]);
  });
});
