/**
 * leash's own module resolution: relative specifiers (with the TypeScript `.js` → `.ts` habit),
 * directory indexes, tsconfig `paths` / `baseUrl`, and workspace packages by name.
 * It never reads node_modules: a bare specifier that is not a workspace package is external.
 */
import path from 'node:path/posix';
import { parse as parseJsonc } from 'jsonc-parser';
import type { SourceFile } from '../extract/types.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

interface PathAlias {
  /** Directory of the tsconfig that declares it. */
  base: string;
  prefix: string;
  wildcard: boolean;
  targets: string[];
}

export class ModuleResolver {
  private readonly files: Set<string>;
  private readonly aliases: PathAlias[] = [];
  private readonly packages = new Map<string, string>();
  private readonly cache = new Map<string, string | undefined>();

  /**
   * @param alwaysExternal specifiers never resolved to workspace sources: the agent SDKs
   *   themselves, even when scanning the SDK's own monorepo, must read as the SDK.
   */
  constructor(codeFiles: Iterable<string>, allFiles: SourceFile[], private readonly alwaysExternal: (specifier: string) => boolean = () => false) {
    this.files = new Set(codeFiles);
    for (const file of allFiles) {
      const name = path.basename(file.path);
      if (/^[tj]sconfig(?:\.[\w-]+)?\.json$/.test(name)) this.readTsconfig(file);
      else if (name === 'package.json') this.readPackage(file);
    }
  }

  /** The file a specifier names, or undefined when it is external (a package) or missing. */
  resolve(fromFile: string, specifier: string): string | undefined {
    const key = `${fromFile}\u0000${specifier}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const resolved = this.resolveUncached(fromFile, specifier);
    this.cache.set(key, resolved);
    return resolved;
  }

  private resolveUncached(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('.')) return this.resolvePath(path.join(path.dirname(fromFile), specifier));
    if (specifier.startsWith('/') || this.alwaysExternal(specifier)) return undefined;
    for (const alias of this.aliases) {
      if (alias.wildcard ? !specifier.startsWith(alias.prefix) : specifier !== alias.prefix) continue;
      if (!isUnder(fromFile, alias.base)) continue;
      const rest = alias.wildcard ? specifier.slice(alias.prefix.length) : '';
      for (const target of alias.targets) {
        const found = this.resolvePath(path.join(alias.base, target.replace('*', rest)));
        if (found) return found;
      }
    }
    for (const [name, dir] of this.packages) {
      if (specifier === name) return this.resolvePackageEntry(dir);
      if (specifier.startsWith(name + '/')) {
        const sub = specifier.slice(name.length + 1);
        return this.resolvePath(path.join(dir, sub)) ?? this.resolvePath(path.join(dir, 'src', sub));
      }
    }
    return undefined;
  }

  private resolvePath(base: string): string | undefined {
    const clean = path.normalize(base).replace(/^\.\//, '');
    if (this.files.has(clean)) return clean;
    // TypeScript ESM imports name the emitted `.js` file; the source is `.ts`.
    const withoutJs = clean.replace(/\.(?:[cm]?js|jsx)$/, '');
    for (const ext of EXTENSIONS) if (this.files.has(withoutJs + ext)) return withoutJs + ext;
    for (const ext of EXTENSIONS) if (this.files.has(`${clean}/index${ext}`)) return `${clean}/index${ext}`;
    return undefined;
  }

  private resolvePackageEntry(dir: string): string | undefined {
    return this.resolvePath(path.join(dir, 'src/index')) ?? this.resolvePath(path.join(dir, 'index')) ?? this.resolvePath(path.join(dir, 'src/main'));
  }

  private readTsconfig(file: SourceFile): void {
    // A tsconfig is input like any other: malformed or absurdly nested ones are skipped, not fatal
    // (the values are checked, not trusted: `baseUrl: 5`, `paths: "x"`).
    let config: unknown;
    try {
      config = parseJsonc(file.text, [], { allowTrailingComma: true });
    } catch {
      return;
    }
    const options = (config as { compilerOptions?: unknown } | undefined)?.compilerOptions as { baseUrl?: unknown; paths?: unknown } | undefined;
    if (!options || typeof options.paths !== 'object' || options.paths === null || Array.isArray(options.paths)) return;
    const dir = path.dirname(file.path);
    // `baseUrl: "./"` is the tsconfig's own folder, written `''` at the root.
    const joined = path.normalize(path.join(dir === '.' ? '' : dir, typeof options.baseUrl === 'string' ? options.baseUrl : '.')).replace(/\/+$/, '');
    const base = joined === '.' ? '' : joined;
    for (const [pattern, raw] of Object.entries(options.paths as Record<string, unknown>)) {
      if (!Array.isArray(raw)) continue;
      const targets = raw.filter((t): t is string => typeof t === 'string');
      const wildcard = pattern.endsWith('*');
      this.aliases.push({ base, prefix: wildcard ? pattern.slice(0, -1) : pattern, wildcard, targets });
    }
    // Longer prefixes first, as TypeScript matches the most specific pattern.
    this.aliases.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  private readPackage(file: SourceFile): void {
    try {
      const pkg = JSON.parse(file.text) as { name?: unknown };
      const dir = path.dirname(file.path);
      if (typeof pkg.name === 'string' && dir !== '.') this.packages.set(pkg.name, dir);
    } catch {
      // A malformed package.json is reported by the config extractors, not here.
    }
  }
}

function isUnder(file: string, dir: string): boolean {
  return dir === '' || dir === '.' || file.startsWith(dir + '/');
}
