import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, scanCase } from '../support/fixtures.js';

/**
 * Every resolution pattern of issue 3 in one project: default exports re-exported through a barrel,
 * `export *`, tsconfig path aliases (`#tools/*`, `#lib`), a tool factory, `Object.assign` and
 * spreads merging registries, a property assigned after the object is built, tools built by
 * mapping over a config array, `Object.fromEntries`, `agent.tools.push(...)` after construction,
 * class methods (`this.exec`), and CommonJS (`require`, `module.exports`) in a `.cjs` file.
 */
describe('fixtures/projects/resolution-patterns', () => {
  const { graph } = scanCase(path.join(FIXTURES, 'projects', 'resolution-patterns'));

  it('attaches every tool to the agent whose registry holds it', () => {
    const tools = graph.nodesOf('tool').map((t) => `${t.name} ${t.location?.file}:${t.location?.line} <- ${graph.agentsReaching(t.id).map((a) => a.name).join(', ')}${t.attrs?.repeated ? ' (repeated)' : ''}`);
    expect(tools).toEqual([
      'page_oncall src/agents.ts:19 <- Status',
      'status_* src/agents.ts:10 <- Status (repeated)',
      'cleanup src/legacy/bot.cjs:5 <- legacyBot',
      'deploy src/registry/base.ts:7 <- assistant',
      'endpointTools src/tools/http-family.ts:13 <- assistant (repeated)',
      'search src/tools/search.ts:4 <- assistant',
    ]);
  });

  it('finds the agents of both SDKs, in TypeScript and CommonJS', () => {
    expect(graph.nodesOf('agent').map((a) => `${a.framework} ${a.name} ${a.location?.file}:${a.location?.line}`)).toEqual([
      'ai-sdk assistant src/agents.ts:7',
      'openai-agents Status src/agents.ts:18',
      'ai-sdk legacyBot src/legacy/bot.cjs:14',
    ]);
  });

  it('follows a factory-made tool through a path alias into a class method', () => {
    const deploy = graph.nodesOf('tool').find((t) => t.name === 'deploy')!;
    const [edge] = graph.outgoing(deploy.id, 'reaches');
    expect(edge.via).toEqual(['deploy', 'ShellRunner.run()', 'ShellRunner.exec()', 'execSync']);
    expect(edge.evidence.at(-1)).toMatchObject({ file: 'src/lib/index.ts', line: 11 });
    expect(edge.provenance).toEqual({ kind: 'model' });
  });
});
