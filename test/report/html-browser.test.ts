import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import { FIXTURES } from '../support/fixtures.js';

/**
 * The HTML report in a real headless browser (Debian's chromium, installed by .ci/run): it
 * renders every agent with its graph and findings, the agent filter works, nothing errors, and
 * the page needs no network. A screenshot is kept in test-results/.
 */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const SHOTS = path.resolve('test-results');
let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!CHROMIUM) throw new Error('chromium is not installed: run `apt-get install -y chromium` (.ci/run does)');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  dir = mkdtempSync(path.join(os.tmpdir(), 'leash-html-'));
});
afterAll(async () => {
  await browser?.close();
  // beforeAll may have failed before making the directory: only the missing-browser error should show.
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('HTML report in headless Chromium', () => {
  it('shows every agent, its graph and its findings; the filter works; no console errors, no network', async () => {
    let html = '';
    const io: CliIO = { stdout: (t) => (html += t), stderr: () => {}, cwd: process.cwd(), env: { NO_COLOR: '1' }, isTTY: false };
    await main(['report', path.join(FIXTURES, 'projects', 'support-desk'), '--format', 'html'], io);
    const file = path.join(dir, 'report.html');
    writeFileSync(file, html);

    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`network: ${r.url()}`));
    await page.goto(`file://${file}`);

    const agents = ['Billing', 'Claude Code in this repository', 'on-call', 'Triage'];
    expect(await page.locator('#answers tbody tr').count()).toBe(agents.length);
    expect(await page.locator('section.agent').count()).toBe(agents.length);
    for (const name of agents) expect(await page.locator('section.agent h2', { hasText: name }).count()).toBe(1);
    // Every agent's graph is drawn, with nodes laid out inside the picture.
    const graphs = page.locator('section.agent .graph svg');
    expect(await graphs.count()).toBe(agents.length);
    const onCall = page.locator('section.agent', { has: page.locator('h2', { hasText: 'on-call' }) });
    expect(await onCall.locator('g.node').count()).toBeGreaterThanOrEqual(5);
    expect(await onCall.locator('g.node.has-finding').count()).toBeGreaterThanOrEqual(1);
    const box = await onCall.locator('svg').boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(await onCall.locator('td', { hasText: 'no-free-form-shell' }).count()).toBe(1);

    // Filter to one agent: only its section stays visible.
    const billingId = await page.locator('section.agent', { has: page.locator('h2', { hasText: 'Billing' }) }).getAttribute('data-agent');
    await page.selectOption('#filter', billingId!);
    expect(await page.locator('section.agent:visible').count()).toBe(1);
    expect(await page.locator('section.agent:visible h2').innerText()).toContain('Billing');
    await page.selectOption('#filter', '');
    expect(await page.locator('section.agent:visible').count()).toBe(agents.length);

    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'html-report.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
