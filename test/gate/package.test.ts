import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, FIXTURES } from '../support/fixtures.js';
import { tempDir } from '../support/temp.js';

/**
 * leash as a user gets it: the packed tarball, installed into a fresh project, runs `leash
 * --version` and scans. Catches files missing from the package and dependencies that are only dev.
 */
describe('the published package', () => {
  it('installs from its tarball into a fresh project and scans', () => {
    const packDir = tempDir('leash-pack-');
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
    execFileSync('npm', ['pack', '--pack-destination', packDir, '--ignore-scripts'], { cwd: REPO, stdio: 'pipe' });
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^leash-lint-\d+\.\d+\.\d+\.tgz$/);

    const project = tempDir('leash-user-');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', path.join(packDir, tarball)], { cwd: project, stdio: 'pipe' });
    const version = execFileSync('npx', ['--no-install', 'leash', '--version'], { cwd: project, encoding: 'utf8' }).trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);

    cpSync(path.join(FIXTURES, 'projects', 'support-desk'), path.join(project, 'app'), { recursive: true });
    let report = '';
    try {
      execFileSync('npx', ['--no-install', 'leash', 'app', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    } catch (error) {
      report = (error as { stdout: string }).stdout; // exit 1: the example has findings
    }
    const parsed = JSON.parse(report);
    expect(parsed.findings.some((f: { ruleId: string }) => f.ruleId === 'no-free-form-shell')).toBe(true);
    const explain = execFileSync('npx', ['--no-install', 'leash', 'explain', 'no-free-form-shell'], { cwd: project, encoding: 'utf8' });
    expect(explain.startsWith('# no-free-form-shell')).toBe(true);
  }, 240_000);
});
