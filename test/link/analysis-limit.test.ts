import { describe, expect, it } from 'vitest';
import { recognizers } from '../../src/extract/code/frameworks/index.js';
import { extractFile } from '../../src/extract/code/extract-file.js';
import { parseSource } from '../../src/extract/code/parse.js';
import type { Diagnostic } from '../../src/graph/model.js';
import { ModuleResolver } from '../../src/link/modules.js';
import { Program } from '../../src/link/program.js';
import { Summaries } from '../../src/link/summaries.js';
import { toGraph } from '../../src/link/to-graph.js';

const server = `
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { execSync } from 'node:child_process';
import { z } from 'zod';
const server = new McpServer({ name: 'ops', version: '1.0.0' });
server.registerTool('run', { inputSchema: { cmd: z.string() } }, async ({ cmd }) => ({ content: [{ type: 'text', text: String(execSync(cmd)) }] }));
server.registerTool('deep', { inputSchema: { n: z.number() } }, async ({ n }) => ({ content: [{ type: 'text', text: String(n) }] }));
`;

/** Summaries that give up on one tool the way a call stack overflow does. */
class OverflowingOn extends Summaries {
  constructor(program: Program, private readonly line: number) {
    super(program);
  }

  override of(fnId: string, inst?: Parameters<Summaries['of']>[1]) {
    if (fnId.includes(`:${this.line}:`)) throw new RangeError('Maximum call stack size exceeded');
    return super.of(fnId, inst);
  }
}

describe('analysis limits', () => {
  it('reports a tool the linker cannot follow with its place, and analyses the others', () => {
    const file = { path: 'src/server.ts', text: server };
    const facts = [extractFile(file.path, parseSource(file).sf, recognizers)];
    const program = new Program(facts, new ModuleResolver([file.path], [file], () => true));
    const diagnostics: Diagnostic[] = [];
    const fragment = toGraph(program, new OverflowingOn(program, 7), new Map(), diagnostics);
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'src/server.ts', line: 7, code: 'analysis-limit' })]);
    const reaches = fragment.edges.filter((e) => e.kind === 'reaches').map((e) => `${e.from} ${e.to}`);
    expect(reaches).toContain('tool:src/server.ts#run op:shell.exec');
  });

  it('lets errors that are not limits through', () => {
    const file = { path: 'src/server.ts', text: server };
    const program = new Program([extractFile(file.path, parseSource(file).sf, recognizers)], new ModuleResolver([file.path], [file], () => true));
    const broken = new (class extends Summaries {
      override of(): never {
        throw new TypeError('a bug');
      }
    })(program);
    expect(() => toGraph(program, broken)).toThrow(TypeError);
  });
});
