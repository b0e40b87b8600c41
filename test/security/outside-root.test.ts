import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';

/**
 * leash never reads outside the scanned root: a symlink to `..`, to `/` or to a sibling project's
 * file is reported as skipped, in both discovery modes (git and a plain walk).
 */
let base: string;
afterEach(() => rmSync(base, { recursive: true, force: true }));

function layout(git: boolean): string {
  base = mkdtempSync(path.join(os.tmpdir(), 'leash-root-'));
  const sibling = path.join(base, 'sibling');
  const root = path.join(base, 'project');
  mkdirSync(path.join(sibling, '.cursor'), { recursive: true });
  writeFileSync(path.join(sibling, '.mcp.json'), '{"mcpServers":{"leaked":{"command":"npx","args":["leak"]}}}');
  writeFileSync(path.join(sibling, 'secret-agent.ts'), "import { tool } from 'ai';\n");
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(root, 'src', 'agent.ts'), "import { tool } from 'ai';\n");
  symlinkSync('..', path.join(root, 'up'));
  symlinkSync('/', path.join(root, 'disk'));
  symlinkSync(path.join(sibling, 'secret-agent.ts'), path.join(root, 'src', 'linked.ts'));
  symlinkSync(path.join(sibling, '.mcp.json'), path.join(root, '.mcp.json'));
  symlinkSync(path.join(root, 'src'), path.join(root, 'src-alias'));
  if (git) {
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '-A'], { cwd: root });
  }
  return root;
}

describe.each([false, true])('discovery never leaves the root (git: %s)', (git) => {
  it('skips links to .., /, and a sibling, with a diagnostic, and keeps links inside the root', () => {
    const root = layout(git);
    const { files, diagnostics } = discover({ root });
    const read = files.map((f) => f.path).sort();
    expect(read).toContain('src/agent.ts');
    expect(read.some((p) => p.startsWith('up/') || p.startsWith('disk/'))).toBe(false);
    expect(read).not.toContain('src/linked.ts');
    expect(read).not.toContain('.mcp.json');
    expect(files.some((f) => f.text.includes('leaked'))).toBe(false);
    const skipped = diagnostics.filter((d) => d.code === 'outside-root').map((d) => d.file).sort();
    expect(skipped).toEqual(expect.arrayContaining(['.mcp.json', 'src/linked.ts']));
    if (!git) {
      expect(skipped).toEqual(expect.arrayContaining(['disk', 'up']));
      // A second link to a folder inside the root is not an escape: it is read once, not flagged.
      expect(skipped).not.toContain('src-alias');
    }
  });
});
