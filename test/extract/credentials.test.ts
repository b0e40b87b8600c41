import { describe, expect, it } from 'vitest';
import { classifyReference, isSecretFallback, looksLikeSecret, redact, secretReferences } from '../../src/extract/credentials.js';

describe('secret detection', () => {
  it.each([
    ['SLACK_BOT_TOKEN', 'xoxb-2210535565-8842210535565-Qd7uNw3bXkT9pLmZr4HsVcYe'],
    ['GITHUB_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['Authorization', 'Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa9988'],
    ['DB_PASSWORD', 'k8.Vq2.Lm9z.Xw4TpR7'],
    ['refreshToken', 'rt_7Hq2LmXw9TpR4vZk8NcYbE3s'],
    ['tokenHeader', 'Bearer Zx9kQ2mWv8TpL4rN7bYc3HsDf'],
    ['authUrl', 'https://api.acmecloud.net/v1?token=9f8a7b6c5d4e3f2a1b0c9d8e'],
  ])('finds the secret under %s', (key, value) => expect(looksLikeSecret(key, value)).toBe(true));

  it.each([
    ['GITHUB_TOKEN', '${GITHUB_TOKEN}'],
    ['API_KEY', '${env:API_KEY}'],
    ['token', '${input:github-token}'],
    ['X-Api-Key', '<your-api-key>'],
    ['PASSWORD', 'changeme'],
    ['SLACK_TEAM_ID', 'T01234567'],
    ['LOG_LEVEL', 'debug'],
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
    ['MCP_API_KEY', 'server.auth.api_key'],
    ['token', 'dev-mode-placeholder-token'],
    ['refreshTokenExpiresAt', 'refreshTokenExpiresAt'],
    ['openaiCompletionTokensUsed', 'completionTokensUsed'],
    ['accessToken', 'access_token_column'],
    ['unsubscribeToken', 'preview-token-1234567'],
    ['token_type', 'bearer_token_type_value'],
  ])('stays silent on %s = %s', (key, value) => expect(looksLikeSecret(key, value)).toBe(false));

  it.each([
    ['COMPOSIO_TRIGGERS_WEBHOOK_SECRET', 'test', true],
    ['JWT_SECRET', 'dev-secret', true],
    ['STRIPE_API_KEY', 'sk_live_51Habc', true],
    ['COMPOSIO_API_KEY', 'test', false],
    ['OPENAI_API_KEY', 'your-api-key', false],
    ['SERVICE_TOKEN', 'placeholder-token', false],
    ['AUTH_URL', 'https://auth.example.com', false],
  ])('an environment fallback %s = %s is a written secret: %s', (name, value, expected) => expect(isSecretFallback(name, value)).toBe(expected));

  it('reads every reference syntax of the harnesses', () => {
    expect(secretReferences('Bearer ${API_KEY} ${env:TOKEN} $HOME ${input:pat} {env:OC} ${{ secrets.NPM }} ${DB:-x}').map((r) => `${r.kind}:${r.name}`)).toEqual(['input:pat', 'env:API_KEY', 'env:TOKEN', 'env:DB', 'env:HOME', 'env:OC', 'env:NPM']);
  });

  it('redacts to shape and length only', () => {
    expect(redact('ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('ghp_…(40 chars)');
  });

  it('classifies credentials by whose they are', () => {
    expect(classifyReference('GITHUB_PERSONAL_ACCESS_TOKEN').class).toBe('human');
    expect(classifyReference('AWS_PROFILE').class).toBe('human');
    expect(classifyReference('SUPABASE_SERVICE_ROLE_KEY').class).toBe('admin');
    expect(classifyReference('SUPPORT_AGENT_GITHUB_TOKEN').class).toBe('service');
    expect(classifyReference('STRIPE_SECRET_KEY').class).toBe('unknown');
  });

  it("classifies the API keys of services that issue them only to a user's account as human", () => {
    for (const name of ['HEROKU_API_KEY', 'LINODE_API_TOKEN', 'DIGITALOCEAN_ACCESS_TOKEN', 'VERCEL_TOKEN', 'JIRA_API_TOKEN', 'LINEAR_API_KEY']) expect(classifyReference(name).class, name).toBe('human');
    // A similar name of a service with service accounts stays unclassified.
    expect(classifyReference('CLOUDFLARE_API_TOKEN').class).toBe('unknown');
  });
});
