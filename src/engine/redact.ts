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

export function redactSecrets(text: string): string {
  let out = text;
  for (const format of TOKEN_FORMATS) out = out.replace(format, (m) => redactValue(m));
  return out.replace(SECRET_ASSIGNMENT, (_m, key: string, value: string) => (value.includes('…(') || /^\$\{|^process\.env/.test(value) ? key + value : key + redactValue(value)));
}
