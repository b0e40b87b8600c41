/**
 * Chooses the code files worth parsing, from a cheap text scan of their imports:
 * files importing an agent, MCP or LLM package (seeds), the files importing those, up to three
 * levels (wrappers such as a project's own `defineTool`, in-repo packages that wrap an SDK, and
 * the files using them), and everything any of them imports (helpers,
 * barrels, sinks several modules away). Everything else is never parsed.
 */
import type { Recognizer } from '../extract/code/recognizer.js';
import type { SdkAliases, SourceFile } from '../extract/types.js';
import type { ModuleResolver } from './modules.js';
import { packageSpecifier } from '../extract/code/vals.js';

/**
 * `import type` / `export type` statements have no run-time effect: they make no importer relevant.
 * The types they name are still read (a parameter typed `Runtime` says which classes a call may
 * run), so the files they come from are parsed along with the file that names them.
 */
const TYPE_ONLY = /\b(?:import|export)\s+type\s[^;'"]*?from\s*['"]([^'"]*)['"]/g;

/** A class declared with `implements` or `extends`: it may be what an interface-typed value is at run time. */
const CLASS_HERITAGE = /\bclass\s+\w+[^{;]*?\b(?:implements|extends)\s/;
const IMPLEMENTER_ROUNDS = 3;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bexport\s*\*\s*from\s*)['"]([^'"\n]+)['"]/g;

const IMPORTER_LEVELS = 3;

/** `export { McpServer, type Tool } from '@modelcontextprotocol/sdk/server/mcp.js'` and `export * from 'ai'`. */
const REEXPORT_NAMED = /\bexport\s*\{([^}]*)\}\s*from\s*['"]([^'"\n]+)['"]/g;
const REEXPORT_ALL = /\bexport\s*\*\s*from\s*['"]([^'"\n]+)['"]/g;

export function relevantFiles(files: SourceFile[], resolver: ModuleResolver, recognizers: Recognizer[]): SourceFile[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const imports = new Map<string, string[]>();
  const importers = new Map<string, string[]>();
  const seeds = new Set<string>();
  const typeImports = new Map<string, string[]>();
  const barrels = new Map<string, SdkAliases[string]>();
  const mcpSeeds: string[] = [];
  const mcpModules = recognizers.filter((r) => r.framework === 'mcp').map((r) => r.modules);
  const specifiers = new Map<string, [string, string][]>();
  const scans = new Map(files.map((f) => [f.path, scanImports(f, recognizers)]));
  for (const file of files) {
    const scan = scans.get(file.path)!;
    const local: string[] = [];
    const types = scan.types.flatMap((specifier) => resolver.resolve(file.path, specifier) ?? []);
    typeImports.set(file.path, types);
    if (scan.barrel) barrels.set(file.path, scan.barrel);
    const resolved: [string, string][] = [];
    for (const written of scan.values) {
      const specifier = packageSpecifier(written);
      const target = resolver.resolve(file.path, specifier);
      if (target) {
        resolved.push([specifier, target]);
        local.push(target);
        importers.set(target, [...(importers.get(target) ?? []), file.path]);
      } else if (recognizers.some((r) => r.modules.test(specifier))) {
        seeds.add(file.path);
        if (mcpModules.some((m) => m.test(specifier)) && !mcpSeeds.includes(file.path)) mcpSeeds.push(file.path);
      }
    }
    imports.set(file.path, local);
    specifiers.set(file.path, resolved);
  }
  // Importers up to three levels: a workspace package wrapping the SDK (`createMcpServer`), its
  // barrel, and the files that define tools with it are each one level further from the SDK.
  const start = new Set([...seeds, ...reachedWithin(IMPORTER_LEVELS, seeds, importers)]);
  const selected = new Set<string>();
  const close = (from: Iterable<string>) => {
    const stack = [...from];
    while (stack.length > 0) {
      const path = stack.pop()!;
      if (selected.has(path)) continue;
      selected.add(path);
      for (const next of [...(imports.get(path) ?? []), ...(typeImports.get(path) ?? [])]) if (!selected.has(next)) stack.push(next);
    }
  };
  close(start);
  // The classes that implement or extend what the selected files name: an interface-typed
  // `runtime.exec(…)` runs one of them, and nothing else imports them by value.
  const declaresHeritage = files.filter((f) => scans.get(f.path)!.heritage);
  for (let round = 0; round < IMPLEMENTER_ROUNDS; round++) {
    const added = declaresHeritage.filter((f) => !selected.has(f.path) && [...(imports.get(f.path) ?? []), ...(typeImports.get(f.path) ?? [])].some((d) => selected.has(d)));
    if (added.length === 0) break;
    close(added.map((f) => f.path));
  }
  const untyped = untypedRegistrars(mcpSeeds, imports, scans, seeds);
  return [...selected].sort().flatMap((p) => {
    const file = byPath.get(p);
    if (!file) return [];
    if (untyped.has(p)) return [{ ...file, untypedSdk: [UNTYPED_MCP_SDK] }];
    // The SDK names this file imports through the project's own barrels.
    const aliases: SdkAliases = {};
    for (const [specifier, target] of specifiers.get(p) ?? []) if (barrels.has(target)) aliases[specifier] = barrels.get(target)!;
    return [Object.keys(aliases).length > 0 ? { ...file, sdkAliases: aliases } : file];
  });
}

/** What the choice of files reads from one file's text: nothing else of it counts. */
interface ImportScan {
  /** Specifiers imported or re-exported for their types only (`import type … from`). */
  types: string[];
  /** Specifiers imported, required or re-exported by value, as written. */
  values: string[];
  /** What it re-exports from an SDK, when it is such a barrel. */
  barrel?: SdkAliases[string];
  /** It declares a class with `implements` or `extends`. */
  heritage: boolean;
  /** It registers tools by shape (`server.registerTool('name', …)`). */
  registers: boolean;
}

function scanImports(file: SourceFile, recognizers: Recognizer[]): ImportScan {
  const hasType = file.text.includes('type');
  const types = hasType ? [...file.text.matchAll(TYPE_ONLY)].map((m) => m[1]) : [];
  const text = hasType ? file.text.replace(TYPE_ONLY, '') : file.text;
  const barrel = text.includes('export') ? sdkReexports(text, recognizers) : undefined;
  return { types, values: [...text.matchAll(SPECIFIER)].map((m) => m[1]), ...(barrel ? { barrel } : {}), heritage: CLASS_HERITAGE.test(file.text), registers: REGISTERS_TOOL.test(file.text) };
}

/**
 * Everything `relevantFiles` reads from one file's text, as one string. Two texts with the same
 * signature, in a tree otherwise the same, lead to the same choice of files.
 */
export function scanSignature(file: SourceFile, recognizers: Recognizer[]): string {
  return JSON.stringify(scanImports(file, recognizers));
}

/** The module a JavaScript registration helper is read as working with. */
const UNTYPED_MCP_SDK = '@modelcontextprotocol/sdk/server/mcp.js';
/** `server.registerTool('name', …)` / `server.tool('name', …)`: a registration, by its shape. */
const REGISTERS_TOOL = /\.(?:registerTool|tool)\s*\(\s*['"`]/;
const UNTYPED_LEVELS = 3;

/**
 * JavaScript files an MCP server's file imports (a few levels down) that register tools on a
 * server they are handed, without importing the SDK themselves: with no types, nothing else says
 * what the `server` parameter is.
 */
function untypedRegistrars(mcpSeeds: string[], imports: Map<string, string[]>, scans: Map<string, ImportScan>, seeds: Set<string>): Set<string> {
  return new Set(reachedWithin(UNTYPED_LEVELS, mcpSeeds, imports).filter((file) => /\.[cm]?js$/.test(file) && !seeds.has(file) && scans.get(file)?.registers === true));
}

/** The files reached from `from` along `edges` in at most `levels` steps, `from` itself not included. */
function reachedWithin(levels: number, from: Iterable<string>, edges: Map<string, string[]>): string[] {
  const seen = new Set(from);
  const reached: string[] = [];
  let frontier = [...seen];
  for (let level = 0; level < levels && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const file of frontier) {
      for (const target of edges.get(file) ?? []) {
        if (seen.has(target)) continue;
        seen.add(target);
        next.push(target);
        reached.push(target);
      }
    }
    frontier = next;
  }
  return reached;
}

/**
 * What a module re-exports from an agent or MCP package: each name, or `*` for a module it
 * re-exports whole (only when it re-exports one such module whole: with two, which one holds a
 * name is not known from the text).
 */
function sdkReexports(text: string, recognizers: Recognizer[]): SdkAliases[string] | undefined {
  const known = (module: string) => recognizers.some((r) => r.modules.test(module));
  const names: SdkAliases[string] = {};
  for (const match of text.matchAll(REEXPORT_NAMED)) {
    if (!known(match[2])) continue;
    for (const element of match[1].split(',')) {
      const parts = element.trim().split(/\s+as\s+/);
      const imported = parts[0]?.trim();
      if (!imported || imported.startsWith('type ') || !/^[A-Za-z_$][\w$]*$/.test(imported)) continue;
      const exported = (parts[1] ?? imported).trim();
      names[exported] = { module: match[2], name: imported };
    }
  }
  // Re-exported whole: every name is the SDK's, unless the module exports anything else (then a
  // name may be its own).
  const whole = [...text.matchAll(REEXPORT_ALL)].map((m) => m[1]);
  const exportsOwn = /\bexport\s+(?:default\b|const\b|let\b|var\b|function\b|async\b|class\b|\{)/.test(text) || whole.some((m) => !known(m));
  if (whole.length === 1 && known(whole[0]) && !exportsOwn) names['*'] = { module: whole[0], name: '*' };
  return Object.keys(names).length > 0 ? names : undefined;
}
