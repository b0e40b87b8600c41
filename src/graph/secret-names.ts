/**
 * Variable names that hold secrets (as opposed to settings such as NODE_ENV or COMPANY_NAME): the
 * one vocabulary the linker (which env reads are credentials) and the rules (which credentials are
 * secrets) share.
 */
const SECRET_NAME = /(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?|AUTH|PRIVATE|DSN|DATABASE_URL|DB_URL|CONNECTION_STRING|COOKIE|SESSION|_PAT)(?:_|$)|^PAT$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
