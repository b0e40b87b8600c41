/**
 * Declared types, read as names only. leash does not type-check: a type annotation is kept as the
 * name it refers to (an import or a local declaration), so that the linker can find which classes
 * a method call on an injected value may run (`runtime: Runtime` → every class implementing it).
 */
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import type { Val } from './facts.js';

/** Wrappers whose first type argument is the value's own type. */
const TRANSPARENT = new Set(['Promise', 'PromiseLike', 'Awaited', 'Readonly', 'Required', 'Partial', 'NonNullable']);

/**
 * The type name a declared type stands for: `Runtime`, `Promise<Runtime>`, `Runtime | null` and
 * `Readonly<Runtime>` all give `Runtime`; `gmail_v1.Gmail` a namespace member of its package. An
 * object type written in place (`{ gmail: gmail_v1.Gmail }`) gives an object of its members' type
 * names. Undefined for anything else. `lookup` turns a name into its binding: an import, or a
 * declaration of this file.
 */
export function typeName(node: TS.TypeNode | undefined, lookup: (name: string) => Val, depth = 0): Val | undefined {
  if (!node || depth > 6) return undefined;
  if (ts.isParenthesizedTypeNode(node)) return typeName(node.type, lookup, depth + 1);
  if (ts.isUnionTypeNode(node)) {
    const named = node.types.filter((t) => !isNullish(t));
    return named.length === 1 ? typeName(named[0], lookup, depth + 1) : undefined;
  }
  // `options: { gmail: gmail_v1.Gmail; threadId: string }`: an object type written in place, kept
  // as its named members so that `options.gmail` has a type.
  if (ts.isTypeLiteralNode(node)) {
    const props: Extract<Val, { k: 'obj' }>['props'] = [];
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) continue;
      const type = typeName(member.type, lookup, depth + 1);
      if (type) props.push({ key: member.name.text, v: type });
    }
    return props.length > 0 ? { k: 'obj', props } : undefined;
  }
  if (!ts.isTypeReferenceNode(node)) return undefined;
  const name = node.typeName;
  if (ts.isIdentifier(name)) {
    if (TRANSPARENT.has(name.text)) return typeName(node.typeArguments?.[0], lookup, depth + 1);
    return lookup(name.text);
  }
  // `ns.Runtime` with `import * as ns` or `import type * as ns`.
  if (ts.isIdentifier(name.left)) {
    const ns = lookup(name.left.text);
    if (ns.k === 'import' && ns.name === '*') return { k: 'import', module: ns.module, name: name.right.text, file: ns.file };
    // `gmail_v1.Gmail` with `import type { gmail_v1 } from 'googleapis'`: a type of a namespace the package exports.
    if (ns.k === 'import' && !ns.module.startsWith('.')) return { k: 'import', module: ns.module, name: `${ns.name}.${name.right.text}`, file: ns.file };
    return undefined;
  }
  return undefined;
}

/** The element type of a list type: `Tool[]`, `Array<Tool>`, `readonly Tool[]`. */
export function elementTypeName(node: TS.TypeNode | undefined, lookup: (name: string) => Val): Val | undefined {
  if (!node) return undefined;
  if (ts.isTypeOperatorNode(node)) return elementTypeName(node.type, lookup);
  if (ts.isParenthesizedTypeNode(node)) return elementTypeName(node.type, lookup);
  if (ts.isArrayTypeNode(node)) return typeName(node.elementType, lookup);
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && /^(?:Array|ReadonlyArray)$/.test(node.typeName.text)) return typeName(node.typeArguments?.[0], lookup);
  return undefined;
}

function isNullish(node: TS.TypeNode): boolean {
  if (node.kind === ts.SyntaxKind.UndefinedKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
  return ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword;
}
