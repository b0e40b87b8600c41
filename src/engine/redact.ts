/**
 * Redaction of secrets in any text leash prints (code frames, messages): published token formats
 * and long random values assigned to secret-sounding keys become `prefix…(N chars)`.
 */

/** Published token formats: the shape is the vendor's, so a match is a real credential. */
export const TOKEN_FORMATS: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{50,}\b/g,
  /\bsk-(?:proj-|ant-(?:api|admin)\d\d-)?[A-Za-z0-9_-]{20,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
];

const SECRET_ASSIGNMENT = /((?:token|secret|password|passwd|api[_-]?key|apikey|private[_-]?key|credential|authorization|auth|bearer|access[_-]?key)[\w-]*["']?\s*[:=]\s*["'`](?:Bearer\s+)?)([A-Za-z0-9+/_.=-]{16,})/gi;

export function redactValue(value: string): string {
  const prefix = /^(gh[pousr]_|github_pat_|sk-ant-|sk-proj-|sk-|xox[abposr]-|AKIA|ASIA|AIza|sk_live_|rk_live_|glpat-|npm_)/.exec(value)?.[1] ?? '';
  return `${prefix}…(${value.length} chars)`;
}

/**
 * A secret-named key given an unquoted value: `AWS_SECRET_ACCESS_KEY: wJalr…` in YAML,
 * `export API_TOKEN=abc…` in a shell script, `password = hunter22` in TOML or .env.
 */
const UNQUOTED_SECRET_ASSIGNMENT = /((?:^|[\s{,;])(?:export\s+)?[\w.-]*(?:token|secret|password|passwd|pwd|api[_-]?key|apikey|private[_-]?key|credential|access[_-]?key|auth)[\w.-]*\s*[:=]\s*)(?!["'`$]|\s|process\.env|\$\{)([^\s"'`,;}]{6,})/gi;

/** A long run of key-like characters mixing letters and digits: redacted when it looks random. */
const OPAQUE_TOKEN = /(?<![\w@/.-])[A-Za-z0-9+/_-]{24,}={0,2}(?![\w/.-])/g;

export function redactSecrets(text: string): string {
  let out = text;
  for (const format of TOKEN_FORMATS) out = out.replace(format, (m) => redactValue(m));
  out = out.replace(SECRET_ASSIGNMENT, (_m, key: string, value: string) => (value.includes('…(') || /^\$\{|^process\.env/.test(value) ? key + value : key + redactValue(value)));
  out = out.replace(UNQUOTED_SECRET_ASSIGNMENT, (m, key: string, value: string) => (value.includes('…(') || /^(?:true|false|null|none|required|optional|string|number)$/i.test(value) ? m : key + redactValue(value)));
  return out.replace(OPAQUE_TOKEN, (m) => (looksRandom(m) ? redactValue(m) : m));
}

/** Letters and digits mixed, with high character entropy: a key, not an identifier or a word. */
function looksRandom(value: string): boolean {
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  // camelCase or snake_case identifiers with a version digit are words, not keys.
  if (/^[a-z]+(?:[A-Z_][a-z]+)+\d*$/.test(value) || /^[a-z_]+\d{0,3}$/i.test(value)) return false;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / value.length) * Math.log2(n / value.length);
  return entropy >= 3.5;
}
