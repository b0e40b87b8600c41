import { createHash } from 'node:crypto';

/** A short stable hash of a finding's semantic identity. */
export function fingerprint(ruleId: string, key: string[]): string {
  return createHash('sha256').update([ruleId, ...key].join('\u0000')).digest('hex').slice(0, 16);
}
