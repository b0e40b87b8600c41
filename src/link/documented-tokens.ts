/**
 * A project's own documentation says whose credential a variable holds. An MCP server's README
 * that asks for "a CircleCI Personal API token" above the `CIRCLECI_TOKEN` it configures, or a
 * registry manifest (`server.json`) that describes `FIGMA_API_KEY` as "Your Figma Personal Access
 * Token", tells the reader that every tool acts as the person who made that token: the name alone
 * does not.
 *
 * Only the text is read, never run; a value written there is never kept.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import type { SourceFile } from '../extract/types.js';
import { isDocumentation } from '../discover/discover.js';

/** "personal access token", "Personal API token", "personal token", "PAT". */
const PERSONAL = /\bpersonal\s+(?:(?:api|access)\s+)?(?:token|key)s?\b|\bPAT\b/i;
/** Words before the phrase that say the variable is something else ("instead of a personal access token"). */
const CONTRASTED = /\b(?:instead\s+of|rather\s+than|unlike|not|no|without|than)\s+(?:(?:a|an|the|your|manual|any)\s+)*$/i;

/** Where the text calls something a personal token, or undefined; a contrast does not count. */
function personalWords(text: string): RegExpExecArray | undefined {
  const words = PERSONAL.exec(text);
  return words && !CONTRASTED.test(text.slice(Math.max(0, words.index - 40), words.index)) ? words : undefined;
}

/** An environment variable's name that can hold a secret. */
const SECRET_VARIABLE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:TOKEN|PAT|KEY|SECRET)\b/g;
/** The same, for a whole name. */
const SECRET_NAME = new RegExp(`^(?:${SECRET_VARIABLE.source})$`);
/** How far below the words a README's configuration block may sit: one short section. */
const LINES_AFTER = 20;
const LINES_BEFORE = 2;

/** Variables the project's documentation describes as a person's own token. */
export function documentedPersonalTokens(files: SourceFile[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (!isDocumentation(file.path)) continue;
    if (/\.json$/i.test(file.path)) fromManifest(file.text, names);
    else fromMarkdown(file.text, names);
  }
  return names;
}

/**
 * A README names the token in words, then shows where it goes: the one variable nearest the
 * words on their line, else the first one a configuration example below them sets, in the same
 * section (up to the next heading), else just above. Only that one: a line listing every
 * credential the server accepts ("a personal access token, a job token or a cookie") makes the
 * personal one personal, not the rest.
 */
function fromMarkdown(text: string, names: Set<string>): void {
  const lines = text.split(/\r?\n/);
  // A variable the document sets to `true` or a number is a switch about tokens
  // (`REQUIRE_REQUEST_TOKEN=true`), not one.
  const switches = new Set([...text.matchAll(/\b([A-Z][A-Z0-9_]*)\s*[=:]\s*["'`]?(?:true|false|\d+)\b/g)].map((m) => m[1]));
  const variablesOn = (line: string) => [...line.matchAll(SECRET_VARIABLE)].filter((m) => !switches.has(m[0]));
  for (const [index, line] of lines.entries()) {
    const words = personalWords(line);
    if (!words) continue;
    const here = variablesOn(line).sort((a, b) => Math.abs(a.index - words.index) - Math.abs(b.index - words.index));
    let found: string | undefined = here[0]?.[0];
    for (let below = index + 1; !found && below < lines.length && below - index <= LINES_AFTER && !/^#{1,6}\s/.test(lines[below] ?? ''); below++) found = placeholderSet(lines[below] ?? '', switches);
    for (let above = index - 1; !found && above >= 0 && index - above <= LINES_BEFORE; above--) found = placeholderSet(lines[above] ?? '', switches);
    if (found) names.add(found);
  }
}

/**
 * The variable a configuration example fills with a stand-in for the reader's own value
 * (`"CIRCLECI_TOKEN": "your-circleci-token"`, `export X_TOKEN=<token>`): away from the words, only
 * a variable being set shows which one they meant; one merely named in passing does not.
 */
function placeholderSet(line: string, switches: Set<string>): string | undefined {
  for (const m of line.matchAll(/\b([A-Z][A-Z0-9_]*)["'`]?\s*[:=]\s*["'`]?(?:<|your|\$\{|x{3,}|\*{3,}|\.\.\.|ghp_|glpat-|pat_|token\b)/gi)) {
    const name = m[1]!;
    if (SECRET_NAME.test(name) && !switches.has(name)) return name;
  }
  return undefined;
}

/**
 * An MCP registry manifest lists each variable with its description: the variable whose own
 * description calls it a personal token, and no other.
 */
function fromManifest(text: string, names: Set<string>): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const entry = value as Record<string, unknown>;
    if (typeof entry.name === 'string' && typeof entry.description === 'string' && personalWords(entry.description) && /^[A-Z][A-Z0-9_]*$/.test(entry.name)) names.add(entry.name);
    Object.values(entry).forEach(visit);
  };
  visit(parseJsonc(text));
}
