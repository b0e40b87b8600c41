import { describe, expect, it } from 'vitest';
import { ModuleResolver } from '../../src/link/modules.js';

/** tsconfig `paths`, with every spelling of `baseUrl` a real project uses. */
describe('module resolution through tsconfig paths', () => {
  const code = ['src/mcp/server.ts', 'src/tools/base.ts', 'packages/api/src/client.ts', 'packages/api/lib/util.ts'];
  const resolver = (tsconfigs: Record<string, string>) =>
    new ModuleResolver(code, [...code.map((path) => ({ path, text: '' })), ...Object.entries(tsconfigs).map(([path, text]) => ({ path, text }))]);

  it.each([['"./"'], ['"."'], ['""'], ['undefined']])('resolves @src/* from the root with baseUrl %s', (baseUrl) => {
    const options = baseUrl === 'undefined' ? '' : `"baseUrl": ${baseUrl}, `;
    const r = resolver({ 'tsconfig.json': `{ // comments are allowed\n "compilerOptions": { ${options}"paths": { "@src/*": ["src/*"] } } }` });
    expect(r.resolve('src/mcp/server.ts', '@src/tools/base.js')).toBe('src/tools/base.ts');
  });

  it('resolves a package tsconfig relative to its own folder, only for files under it', () => {
    const r = resolver({ 'packages/api/tsconfig.json': '{ "compilerOptions": { "baseUrl": "./", "paths": { "~/*": ["lib/*"] } } }' });
    expect(r.resolve('packages/api/src/client.ts', '~/util')).toBe('packages/api/lib/util.ts');
    expect(r.resolve('src/mcp/server.ts', '~/util')).toBeUndefined();
  });
});
