import { describe, expect, it } from 'vitest';
import { packageSpecifier } from '../../src/extract/code/vals.js';

describe('packageSpecifier', () => {
  it("reads Deno's npm: and jsr: specifiers as the package path, without the version", () => {
    expect(packageSpecifier('npm:@modelcontextprotocol/sdk@1.17.0/server/mcp.js')).toBe('@modelcontextprotocol/sdk/server/mcp.js');
    expect(packageSpecifier('npm:zod@3')).toBe('zod');
    expect(packageSpecifier('npm:ai')).toBe('ai');
    expect(packageSpecifier('jsr:@std/path@1.0.8')).toBe('@std/path');
  });

  it('reads npm CDN URLs the same way', () => {
    expect(packageSpecifier('https://esm.sh/@modelcontextprotocol/sdk@1.0.0/server/stdio.js')).toBe('@modelcontextprotocol/sdk/server/stdio.js');
    expect(packageSpecifier('https://cdn.jsdelivr.net/npm/openai@4.0.0')).toBe('openai');
  });

  it('leaves every other specifier alone', () => {
    expect(packageSpecifier('./tools.js')).toBe('./tools.js');
    expect(packageSpecifier('node:fs')).toBe('node:fs');
    expect(packageSpecifier('@openai/agents')).toBe('@openai/agents');
    expect(packageSpecifier('https://example.com/lib.js')).toBe('https://example.com/lib.js');
  });
});
