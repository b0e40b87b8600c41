import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';

/**
 * Seeds a project with secrets of every common shape, in every file kind leash reads, each next to
 * a line leash reports (so code frames show it), and checks that no output format contains any
 * 8-character run of any secret's random part.
 */
const PEM_BODY = ['MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7Vq3kR9xT2mPw', 'Lq8ZtY4nH1cB6vJd0eXsKfUa7GhMiRoNp5Wj2yQbE3lCuDgIkOxTzA9sFeV1rPmX', 'h2JtKw6LnYq8ZcV4bR0dS7uE1fGiH3jMoPaQxN5yTlWkB9vC2sD6eR8gU0hIcJ4m'];
const AWS_SECRET = 'wJalrXUtnFEMI4K7MDENGbPxRfiCYzQ9vLq2Hs8T';
const AWS_SECRET_UNQUOTED = 'Zq7Rt2Lm9Xw4Ks8Bn3Vc6Hd1Jf5Gp0Ty2Ue8Wi4O';
const SHELL_SECRET = 'Mb4Nv8Cx2Zl6Kj0Hg5Fd9Sa3Pq7Wr1Et4Yu8Io2Ta';
const SLACK = 'xoxb-5512209871-7734120985512-Rk3Tz8Wq1Lp6Mn0Vb4Xc7Yd';
const GITHUB = 'ghp_Q8w3Er7Ty1Ui5Op9As2Df6Gh0Jk4Lz8Xc3Vb7Nm';
const STRIPE = 'sk_live_51Hc8Tz3Wq7Lp2Mn6Vb0Xc4Yd9Rk1Ts5Uf8';
const TOML_TOKEN = 'Pk5Lo9Ij3Uh7Yg1Tf5Rd9Es3Wa7Qz1Xc5Vb9Nm3';
const DOTENV_PASSWORD = 'Hv6Qa2Zt9Lk4Wm8Rc1Xp5Nb3Yd7Js0Gf';

const SECRETS = [...PEM_BODY, AWS_SECRET, AWS_SECRET_UNQUOTED, SHELL_SECRET, SLACK, GITHUB, STRIPE, TOML_TOKEN, DOTENV_PASSWORD];
const PEM = ['-----BEGIN PRIVATE KEY-----', ...PEM_BODY, '-----END PRIVATE KEY-----'].join('\n');

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'ops-agent', type: 'module', dependencies: { ai: '^6.0.0', zod: '^4.0.0' } }),
  'src/agent.ts': [
    "import { generateText, tool } from 'ai';",
    "import { execSync } from 'node:child_process';",
    "import { z } from 'zod';",
    `const signingKey = \`${PEM}\`;`,
    `const awsSecretAccessKey = '${AWS_SECRET}';`,
    `const slackToken = '${SLACK}';`,
    'export const run = tool({',
    "  description: 'Run a shell command',",
    '  inputSchema: z.object({ command: z.string() }),',
    '  execute: async ({ command }) => execSync(command, { encoding: "utf8", env: { KEY: signingKey, AWS: awsSecretAccessKey, SLACK: slackToken } }),',
    '});',
    `export const result = await generateText({ model: 'openai/gpt-5', headers: { Authorization: 'Bearer ${GITHUB}' }, tools: { run }, prompt: 'x' });`,
    `const stripeKey = "${STRIPE}";`,
    'export default stripeKey;',
  ].join('\n'),
  '.github/workflows/agent.yml': [
    'name: agent',
    'on: [issues]',
    'jobs:',
    '  triage:',
    '    runs-on: ubuntu-latest',
    '    env:',
    `      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_UNQUOTED}`,
    '    steps:',
    '      - run: npx @anthropic-ai/claude-code --dangerously-skip-permissions -p "triage"',
  ].join('\n'),
  'scripts/deploy.sh': [`export API_TOKEN=${SHELL_SECRET}`, 'claude --dangerously-skip-permissions -p "deploy"'].join('\n'),
  '.codex/config.toml': ['approval_policy = "never"', 'sandbox_mode = "danger-full-access"', '[mcp_servers.deploy]', 'command = "deploy-mcp"', `env = { DEPLOY_TOKEN = "${TOML_TOKEN}" }`, `key = """`, PEM, '"""'].join('\n'),
  // A committed env file whose switch line is reported, between two secrets the code frame shows.
  '.env': [`DB_PASSWORD=${DOTENV_PASSWORD}`, 'ALLOW_DELETE_OPERATION=true', `SLACK_TOKEN="${SLACK}"`].join('\n'),
  'src/server.ts': [
    "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
    "export const allowDelete = process.env.ALLOW_DELETE_OPERATION === 'true';",
    "export const server = new McpServer({ name: 'db', version: '1.0.0' });",
  ].join('\n'),
  '.mcp.json': JSON.stringify({ mcpServers: { slack: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-slack'], env: { SLACK_BOT_TOKEN: SLACK } } } }, null, 2),
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'leash-secrets-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function output(format: string): Promise<string> {
  let text = '';
  const io: CliIO = { stdout: (t) => (text += t), stderr: (t) => (text += t), cwd: root, env: { NO_COLOR: '1' }, isTTY: false };
  await main([root, '--format', format], io);
  return text;
}

describe('no secret value in any output', () => {
  it.each(['pretty', 'json', 'sarif', 'markdown', 'html', 'compact', 'mermaid', 'dot'])('%s output holds no 8-character run of any seeded secret', async (format) => {
    const text = await output(format);
    // The scan saw the files: findings near every secret were reported, with code frames in pretty.
    if (!['mermaid', 'dot'].includes(format)) {
      expect(text).toContain('no-hardcoded-secrets');
      expect(text).toContain('no-disabled-approvals');
      // The .env switch line is reported, between a password and a token.
      expect(text).toMatch(/ALLOW_DELETE_OPERATION/);
    }
    for (const full of SECRETS) {
      // The vendor prefix (`sk_live_`, `ghp_`) is printed on purpose: it names the kind of token.
      const secret = full.replace(/^(?:sk_live_|ghp_|xoxb-)/, '');
      for (let i = 0; i + 8 <= secret.length; i++) expect(text, `${format} leaks ${secret.slice(0, 4)}…`).not.toContain(secret.slice(i, i + 8));
    }
  });
});
