/**
 * Credential references and literal secrets in config values, and a first classification of
 * credentials by name. Values are only inspected, never stored or printed.
 *
 * Literal detection uses the token formats vendors publish (prefixes with a fixed shape) plus the
 * key name; see the note in the README of `no-hardcoded-secrets` for why this is not secretlint yet.
 */
import type { CredentialClass } from '../graph/model.js';
import { rules as secretlintRules } from '@secretlint/secretlint-rule-preset-recommend';

export interface SecretReference {
  kind: 'env' | 'input';
  name: string;
}

/** `${VAR}`, `${VAR:-default}`, `${env:VAR}`, `$VAR`, `{env:VAR}`, `${input:id}`, `${{ secrets.X }}`. */
export function secretReferences(value: string): SecretReference[] {
  const refs: SecretReference[] = [];
  for (const m of value.matchAll(/\$\{input:([\w.-]+)\}/g)) refs.push({ kind: 'input', name: m[1] });
  for (const m of value.matchAll(/\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g)) refs.push({ kind: 'env', name: m[1] });
  for (const m of value.matchAll(/(?<![\w$])\$([A-Z_][A-Z0-9_]*)\b/g)) refs.push({ kind: 'env', name: m[1] });
  for (const m of value.matchAll(/\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g)) refs.push({ kind: 'env', name: m[1] });
  for (const m of value.matchAll(/\$\{\{\s*secrets\.([\w-]+)\s*\}\}/g)) refs.push({ kind: 'env', name: m[1] });
  const seen = new Set<string>();
  return refs.filter((r) => (seen.has(`${r.kind}:${r.name}`) ? false : (seen.add(`${r.kind}:${r.name}`), true)));
}

const SECRET_KEY = /(?:token|secret|password|passwd|api[_-]?key|apikey|private[_-]?key|credential|auth|bearer|access[_-]?key)/i;
const PLACEHOLDER = /^(?:|x+|\*+|<[^>]*>|\.\.\.|changeme|change-me|your[_-].*|example.*|placeholder|todo|test|dummy|none|null|undefined|true|false)$/i;

/**
 * A literal that is a secret: found by secretlint's recommended rules (vendor token formats, private
 * keys, connection strings with passwords), or a long random-looking value under a secret-sounding key.
 */
export function looksLikeSecret(key: string, value: string): boolean {
  if (secretReferences(value).length > 0) return false;
  if (secretlintFinds(value)) return true;
  const bare = value.replace(/^Bearer\s+/i, '').trim();
  if (!SECRET_KEY.test(key) || PLACEHOLDER.test(bare) || FAKE.test(bare) || /\s/.test(bare) || bare.length < 16) return false;
  // A link (`authorizationDocs: 'https://github.com/…#setup'`) is where to read about a secret; it
  // holds one only with a password before the host or a key in its query.
  if (/^[a-z][\w+.-]*:\/\//i.test(bare)) return /:\/\/[^/@\s]+:[^/@\s]+@/.test(bare) || /[?&](?:access_?token|token|api_?key|key|secret|sig|signature|password|pass)=[^&#]{12,}/i.test(bare);
  // A dotted path of lower-case words names a setting (`server.auth.api_key`), it is not one.
  if (/^[a-z]+(?:_[a-z]+)*(?:\.[a-z]+(?:_[a-z]+)*)+$/.test(bare)) return false;
  // A field name (`refreshTokenExpiresAt: 'refreshTokenExpiresAt'`, `accessToken: 'access_token'`):
  // words joined in camelCase or snake_case, with no digits, name a column, not a secret. So does
  // a key that says what it holds about the secret (`…ExpiresAt`, `…TokensUsed`, `TOKEN_TYPE`).
  if (/^[a-z]+(?:[A-Z][a-z]+)+$|^[a-z]+(?:_[a-z]+)+$/.test(bare) || NOT_THE_SECRET.test(key)) return false;
  // The name of the environment variable that holds it (`clientSecretEnv: 'GITHUB_MCP_CLIENT_SECRET'`).
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(bare)) return false;
  return entropy(bare) >= 3.5;
}

/**
 * A default written for a secret the environment should provide (`process.env.JWT_SECRET ||
 * 'secret'`): when the variable is unset, everyone who can read the code holds the secret.
 */
export function isSecretFallback(envName: string, value: string): boolean {
  // `AUTH_URL`, `TOKEN_ENDPOINT`, `PASSWORD_FILE` name where a secret is, not the secret itself.
  if (!SECRET_KEY.test(envName) || /_(?:URL|URI|ENDPOINT|HOST|PATH|FILE|DIR|NAME|HEADER|TYPE|MODE|TTL|EXPIRES?(?:_IN)?|LENGTH|ALGORITHM|ISSUER|AUDIENCE|PROVIDER|ENABLED)$/i.test(envName)) return false;
  if (value.length === 0 || /^(?:\$\{|process\.env|[a-z][\w+.-]*:\/\/|\/|\.\/)/i.test(value)) return false;
  // An empty default (`JSON.parse(process.env.GOOGLE_CREDENTIALS || '{}')`, `'[]'`, `'-'`) holds nothing.
  if (!/[a-z0-9]/i.test(value)) return false;
  // A placeholder key for calling a service (`COMPOSIO_API_KEY || 'test'`) opens nothing: the
  // service refuses it. A placeholder the server verifies others with (a webhook, session or JWT
  // secret) lets anyone who reads the code sign what the server accepts.
  const verifies = /SECRET|SIGN|JWT|HMAC|SESSION|COOKIE|ENCRYPT|SALT|PEPPER/i.test(envName);
  return verifies || !(PLACEHOLDER.test(value.trim()) || FAKE.test(value));
}

/** Words that mark a written value as a stand-in, not a credential (a template's preview props, a demo). */
const FAKE = /example|dummy|sample|fake|placeholder|replace[-_]?me|not[-_]?a[-_]?real|preview|mock|demo/i;

/**
 * Keys that say something about a secret without holding it: when it expires, how many tokens a
 * call used, what kind it is (`refreshTokenExpiresAt`, `completionTokensUsed`, `token_type`). Links
 * are judged before (a token in a URL's query is one); a header's value may be the secret itself.
 */
const NOT_THE_SECRET = /(?:Expires?(?:At|In)?|Expiry|Used|Count|Limit|Type|Name|Length|Ttl|Field|Column|Prefix|Id)$|_(?:expires?(?:_at|_in)?|expiry|used|count|limit|type|name|length|ttl|field|column|prefix|id)$/i;

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

export { redactValue as redact } from '../engine/redact.js';

const HUMAN = [
  { pattern: /PERSONAL_ACCESS_TOKEN|(?:^|_)PAT$|^GH_TOKEN$|^GITHUB_PAT/i, reason: 'a personal access token acts as the engineer who created it' },
  { pattern: /^CLAUDE_CODE_OAUTH_TOKEN$|OAUTH_TOKEN$|USER_TOKEN$|SESSION_TOKEN$/i, reason: "a user's OAuth or session token" },
  { pattern: /^AWS_PROFILE$|^AWS_SESSION_TOKEN$/i, reason: "an engineer's cloud profile or session" },
  { pattern: /^KUBECONFIG$|^GOOGLE_APPLICATION_CREDENTIALS$/i, reason: "an engineer's kubeconfig or default cloud credentials" },
  { pattern: /^SSH_AUTH_SOCK$/, reason: "the operator's ssh-agent: every key loaded in it signs for the agent" },
  // Services whose API keys exist only as a user's: no service account stands behind them.
  {
    pattern: /^(?:HEROKU_API_KEY|LINODE_(?:API_)?TOKEN|LINODE_API_KEY|DIGITALOCEAN_(?:ACCESS_|API_)?TOKEN|DO_API_TOKEN|VERCEL_TOKEN|NETLIFY_AUTH_TOKEN|RENDER_API_KEY|(?:JIRA|ATLASSIAN|CONFLUENCE)_API_TOKEN|LINEAR_API_KEY|ASANA_ACCESS_TOKEN|TODOIST_API_TOKEN)$/i,
    reason: "this service's API keys belong to the user account that made them and act as that person",
  },
];
const ADMIN = [{ pattern: /SERVICE_ROLE|ADMIN|ROOT|MASTER|SUPERUSER|OWNER/i, reason: 'an admin, root or owner credential' }];
const SERVICE = [{ pattern: /(?:^|_)(?:AGENT|BOT|APP|SERVICE|AUTOMATION|CI|READONLY|READ_ONLY)(?:_|$)|^GITHUB_TOKEN$/i, reason: 'a scoped identity for this automation' }];

/** Classifies a credential by its name (and, for literals, its format). */
export function classifyReference(name: string, value?: string, humanVars: string[] = []): { class: CredentialClass; reason: string } {
  if (humanVars.includes(name)) return { class: 'human', reason: 'the server documents this variable as a personal token' };
  if (value && /^gh[pousr]_|^github_pat_/.test(value)) return { class: 'human', reason: 'a GitHub personal access token' };
  for (const rule of HUMAN) if (rule.pattern.test(name)) return { class: 'human', reason: rule.reason };
  for (const rule of ADMIN) if (rule.pattern.test(name)) return { class: 'admin', reason: rule.reason };
  for (const rule of SERVICE) if (rule.pattern.test(name)) return { class: 'service', reason: rule.reason };
  return { class: 'unknown', reason: 'leash cannot tell whose credential this is from its name' };
}

/** The slice of secretlint's rule API leash drives: a rule creates handlers, `file` reports matches. */
interface SecretlintRule {
  meta: { id: string };
  create(context: unknown, options: object): { file?(source: { content: string; filePath: string; ext: string; contentType: 'text' }): unknown };
}

/**
 * Runs secretlint's recommended rules on one value, synchronously: each rule's `file` handler scans
 * the text and reports through the context (the rules do no I/O for text content).
 */
function secretlintFinds(value: string): boolean {
  let found = false;
  const context = {
    createTranslator: (messages: Record<string, unknown>) => (id: string, props: unknown) => ({ id, props, messages }),
    report: () => {
      found = true;
    },
    ignore: () => {},
    sharedOptions: {},
  };
  for (const rule of secretlintRules as unknown as SecretlintRule[]) {
    try {
      rule.create(context, {}).file?.({ content: value, filePath: 'value.txt', ext: '.txt', contentType: 'text' });
    } catch {
      // A rule that cannot run on a bare value is skipped; the others still decide.
    }
    if (found) return true;
  }
  return false;
}
