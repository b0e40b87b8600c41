import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tempDir } from '../support/temp.js';
import { describe, expect, it } from 'vitest';
import { changedFiles, stagedChanges } from '../../src/discover/changes.js';
import { discover } from '../../src/discover/discover.js';

function tree(files: Record<string, string | Buffer>): string {
  const root = tempDir('leash-discover-');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

describe('discover', () => {
  it('reads code and configs, honours .gitignore outside git, and skips node_modules', () => {
    const root = tree({
      '.gitignore': 'generated/\n',
      'src/agent.ts': 'export {}',
      'generated/big.ts': 'export {}',
      'node_modules/ai/index.js': 'export {}',
      '.mcp.json': '{}',
      'notes.txt': 'hello',
    });
    expect(discover({ root }).files.map((f) => f.path)).toEqual(['.mcp.json', 'src/agent.ts']);
  });

  it('outside git, reads an env file even when .gitignore lists it (dotenv loads it all the same)', () => {
    const root = tree({ '.gitignore': '.env\n.env.local\nsecrets/\n', '.env': 'ALLOW_DELETE_OPERATION=true\n', '.env.local': 'READ_ONLY=false\n', 'secrets/key.ts': 'export {}', 'src/server.ts': 'export {}' });
    expect(discover({ root }).files.map((f) => f.path)).toEqual(['.env', '.env.local', 'src/server.ts']);
  });

  it('reports binary and oversized files as diagnostics and goes on', () => {
    const root = tree({
      'src/blob.ts': Buffer.from([0x65, 0x00, 0x66]),
      'src/huge.ts': 'x'.repeat(2048),
      'src/ok.ts': 'export const ok = 1;',
    });
    const result = discover({ root, maxFileBytes: 1024 });
    expect(result.files.map((f) => f.path)).toEqual(['src/ok.ts']);
    expect(result.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(['src/blob.ts binary', 'src/huge.ts too-large']);
  });

  it('survives a symlink loop with a diagnostic', () => {
    const root = tree({ 'src/a.ts': 'export {}' });
    symlinkSync(root, path.join(root, 'src', 'loop'));
    const result = discover({ root });
    expect(result.files.map((f) => f.path)).toEqual(['src/a.ts']);
    expect(result.diagnostics.map((d) => d.code)).toContain('symlink-loop');
  });

  it('reads build output only where its package has no source of its own', () => {
    const root = tree({
      'eslint.config.js': 'export default []',
      'packages/app/src/index.ts': 'export {}',
      'packages/app/dist/index.js': 'export {}',
      'packages/published/package.json': '{ "name": "published" }',
      'packages/published/bin/cli.js': 'import "../build/index.js"',
      'packages/published/build/index.js': 'export {}',
    });
    expect(discover({ root }).files.map((f) => f.path)).toEqual([
      'eslint.config.js',
      'packages/app/src/index.ts',
      'packages/published/bin/cli.js',
      'packages/published/build/index.js',
      'packages/published/package.json',
    ]);
  });

  it('walks a root that an enclosing repository ignores, such as an installed package', () => {
    const outer = tree({ '.gitignore': 'vendor/\n', 'vendor/server/build/index.js': 'export {}', 'vendor/server/package.json': '{}' });
    execFileSync('git', ['init', '-q'], { cwd: outer });
    expect(discover({ root: path.join(outer, 'vendor', 'server') }).files.map((f) => f.path)).toEqual(['build/index.js', 'package.json']);
  });

  it('narrows to the given paths and config include/exclude', () => {
    const root = tree({ 'a/x.ts': '', 'b/y.ts': '', 'b/z.test.ts': '' });
    expect(discover({ root, paths: ['b'] }).files.map((f) => f.path)).toEqual(['b/y.ts', 'b/z.test.ts']);
    expect(discover({ root, exclude: ['*.test.ts'] }).files.map((f) => f.path)).toEqual(['a/x.ts', 'b/y.ts']);
  });
});

describe('changedFiles', () => {
  it('lists staged files relative to the scanned root', () => {
    const root = tree({ 'app/src/a.ts': 'export {}', 'app/src/b.ts': 'export {}', 'other/c.ts': '' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
    git('add', 'app/src/b.ts', 'other/c.ts');
    expect([...changedFiles(path.join(root, 'app'), { staged: true })]).toEqual(['src/b.ts']);
  });
});

describe('stagedChanges', () => {
  it('lists what the commit will contain under the scanned root: index contents, deletions as null', () => {
    const root = tree({ 'app/src/a.ts': 'export const a = 1;\n', 'app/src/b.ts': 'export {}', 'app/src/gone.ts': 'export {}', 'other/c.ts': '' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'init');
    writeFileSync(path.join(root, 'app/src/a.ts'), 'export const a = 2;\n');
    git('add', 'app/src/a.ts');
    // The working tree moves on after staging: the commit holds the staged text.
    writeFileSync(path.join(root, 'app/src/a.ts'), 'export const a = 3;\n');
    git('rm', '-q', 'app/src/gone.ts');
    writeFileSync(path.join(root, 'other/c.ts'), 'changed');
    git('add', 'other/c.ts');
    const staged = stagedChanges(path.join(root, 'app'));
    expect([...staged.names]).toEqual(['src/a.ts']);
    expect([...staged.contents].sort()).toEqual([
      ['src/a.ts', 'export const a = 2;\n'],
      ['src/gone.ts', null],
    ]);
  });
});
