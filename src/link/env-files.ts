/**
 * Committed env files (`.env`, `.env.production`): what `dotenv` hands the processes started from
 * their folder. Read for the capability switches an MCP server takes from its environment; the
 * values of anything else are never kept (they may be secrets).
 */
import { isEnvFile } from '../discover/discover.js';
import type { SourceFile } from '../extract/types.js';
import { capabilitySwitch } from '../extract/config/capability-switches.js';
import type { Location } from '../graph/model.js';


export interface EnvSwitch {
  key: string;
  value: string;
  what: string;
  location: Location;
}

/** Switches set in committed env files, by the folder the file sits in ('' for the root). */
export function envFileSwitches(files: SourceFile[]): Map<string, Map<string, EnvSwitch>> {
  const byFolder = new Map<string, Map<string, EnvSwitch>>();
  for (const file of files) {
    if (!isEnvFile(file.path)) continue;
    const folder = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
    const switches = byFolder.get(folder) ?? new Map<string, EnvSwitch>();
    file.text.split('\n').forEach((line, index) => {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^#\n]*)/.exec(line);
      if (!m) return;
      const value = m[2].trim();
      const what = capabilitySwitch(m[1], value);
      if (!what) return;
      const column = line.indexOf(m[1]) + 1;
      switches.set(m[1], { key: m[1], value: value.replace(/^["']|["']$/g, ''), what, location: { file: file.path, line: index + 1, column, endLine: index + 1, endColumn: line.length + 1 } });
    });
    if (switches.size > 0) byFolder.set(folder, switches);
  }
  return byFolder;
}

/** The switch a process started in `file`'s folder gets, from the nearest env file up the tree. */
export function switchFor(byFolder: Map<string, Map<string, EnvSwitch>>, file: string, key: string): EnvSwitch | undefined {
  let folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  for (;;) {
    const found = byFolder.get(folder)?.get(key);
    if (found) return found;
    if (folder === '') return undefined;
    folder = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
  }
}
