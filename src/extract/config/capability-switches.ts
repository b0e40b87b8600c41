/**
 * Capability switches: environment variables an MCP server reads to unlock what it may do
 * (`ALLOW_DELETE_OPERATION=true`, `ENABLE_UNSAFE_SSE_TRANSPORT=1`, `READ_ONLY=false`). A config
 * that sets them widens the server past its safe default as surely as a permission rule does.
 */
const TRUE = /^(?:true|1|yes|on|enabled?)$/i;
const FALSE = /^(?:false|0|no|off|disabled?)$/i;

/** Switches that unlock a capability when on. */
const UNLOCKS = /^(?:ALLOW|ENABLE)_[A-Z0-9_]*?(?:WRITE|DELETE|DROP|DDL|INSERT|UPDATE|EXEC|EXECUTE|SHELL|COMMAND|CODE|DANGEROUS|UNSAFE|ALL|ADMIN|MUTATION|DESTRUCTIVE)[A-Z0-9_]*$|(?:^|_)(?:DANGEROUSLY|UNSAFE)_[A-Z0-9_]+$|_(?:WRITE|MUTATION)_MODE$/i;
/** Switches that keep the server safe while on. */
const SAFE_MODES = /(?:^|_)(?:READ_?ONLY|SAFE_MODE|DRY_RUN)(?:_MODE)?$/i;

/** What setting `key` to `value` turns on, or undefined when it widens nothing. */
export function capabilitySwitch(key: string, value: string): string | undefined {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (UNLOCKS.test(key) && TRUE.test(v)) return 'which turns on what the server keeps off by default';
  if (SAFE_MODES.test(key) && FALSE.test(v)) return 'which switches its safe mode off';
  return undefined;
}
