import { describe, expect, it } from 'vitest';
import { fileClass } from '../../src/discover/file-class.js';

describe('file classes', () => {
  it('tests, evals, mocks and fixtures, also in packages named for their tests', () => {
    for (const test of ['src/a.test.ts', 'src/__tests__/a.ts', 'tests/a.ts', 'e2e/login.ts', 'evals/run.ts', 'packages/integration-tests/src/helpers/server.ts', 'packages/eval-tests/src/lib/mcp.ts', 'apps/web-e2e/src/app.ts', 'vitest.config.ts']) {
      expect(fileClass(test), test).toBe('test');
    }
  });

  it('production code, examples included, and names that only contain the word', () => {
    for (const production of ['src/server.ts', 'examples/agent.ts', 'packages/ab-test/src/split.ts', 'src/testing-mode.ts', 'packages/attestations/src/sign.ts', 'src/latest/tool.ts']) {
      expect(fileClass(production), production).toBe('production');
    }
  });
});
