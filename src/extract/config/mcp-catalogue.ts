/**
 * Well-known MCP server packages and what they grant (data, easy to extend). An unknown server
 * is recorded as capability `unknown`, never as harmless.
 */
export interface KnownServer {
  id: string;
  match: RegExp;
  /** Environment variables that hold a personal token for this server. */
  tokenVars?: string[];
  grants(args: string[]): { op: string; scope?: string }[];
}

const after = (args: string[], pattern: RegExp) => {
  const index = args.findIndex((a) => pattern.test(a));
  return index >= 0 ? args.slice(index + 1).filter((a) => !a.startsWith('-')) : [];
};

export const MCP_CATALOGUE: KnownServer[] = [
  {
    id: 'filesystem',
    match: /(?:^|\/)server-filesystem(?:@|$)|^@modelcontextprotocol\/server-filesystem/,
    grants: (args) => {
      const roots = after(args, /server-filesystem/);
      const scope = roots.join(', ') || '(roots from the client)';
      return [{ op: 'fs.read', scope }, { op: 'fs.write', scope }];
    },
  },
  { id: 'github', match: /server-github|github-mcp-server|^ghcr\.io\/github\/github-mcp-server/, tokenVars: ['GITHUB_PERSONAL_ACCESS_TOKEN'], grants: () => [{ op: 'repo.write' }, { op: 'repo.merge' }] },
  { id: 'gitlab', match: /server-gitlab/, tokenVars: ['GITLAB_PERSONAL_ACCESS_TOKEN'], grants: () => [{ op: 'repo.write' }] },
  { id: 'postgres', match: /server-postgres|postgres-mcp|mcp-server-postgres/, grants: () => [{ op: 'db.query' }] },
  { id: 'mysql', match: /mysql-mcp|mcp-server-mysql/, grants: () => [{ op: 'db.query' }] },
  { id: 'sqlite', match: /server-sqlite|mcp-server-sqlite/, grants: () => [{ op: 'db.query' }] },
  { id: 'shell', match: /mcp-server-commands|desktop-commander|mcp-shell|shell-mcp|mcp-server-shell|terminal-mcp/, grants: () => [{ op: 'shell.exec' }, { op: 'fs.write' }] },
  { id: 'browser', match: /^@playwright\/mcp|server-puppeteer|browser-?mcp|chrome-devtools-mcp/, grants: () => [{ op: 'browser' }, { op: 'net.http' }] },
  { id: 'fetch', match: /mcp-server-fetch|server-fetch|fetch-mcp/, grants: () => [{ op: 'net.http' }] },
  { id: 'slack', match: /server-slack|slack-mcp/, tokenVars: ['SLACK_USER_TOKEN'], grants: () => [{ op: 'comm.send' }] },
  { id: 'email', match: /gmail|email-mcp|mcp-server-email|resend-mcp/, grants: () => [{ op: 'comm.send' }] },
  { id: 'mcp-remote', match: /^mcp-remote(?:@|$)/, grants: (args) => [{ op: 'mcp.remote', scope: args.find((a) => /^https?:/.test(a)) }] },
  { id: 'memory', match: /server-memory/, grants: () => [{ op: 'fs.write' }] },
];

export function knownServer(pkg: string, args: string[], url?: string): KnownServer | undefined {
  const name = pkg.replace(/@[^/@]*$/, (m) => (pkg.startsWith('@') && pkg.indexOf('@', 1) < 0 ? m : ''));
  return MCP_CATALOGUE.find((s) => s.match.test(name) || s.match.test(pkg) || (url !== undefined && s.match.test(url)) || args.some((a) => s.id === 'shell' && s.match.test(a)));
}
