import { describe, expect, it } from 'vitest';
import { recognizers } from '../../src/extract/code/frameworks/index.js';
import { extractFile } from '../../src/extract/code/extract-file.js';
import { parseSource } from '../../src/extract/code/parse.js';

const code = `
export function addFlags(args: string[], deps: { provider: { push(o: object): string } }) {
  args.push('--force');
  deps.provider.push({ remote: 'origin' });
  const flags = ['-v'];
  flags.push('--dry-run');
  return [args, flags];
}
`;

describe('push() while extracting', () => {
  const facts = extractFile('src/flags.ts', parseSource({ path: 'src/flags.ts', text: code }).sf, recognizers);
  const fn = Object.values(facts.functions).find((f) => f.name === 'addFlags')!;

  it('records push on a parameter or a field as a call, so a method of that name is followed', () => {
    expect(fn.calls.map((c) => c.calleeText)).toEqual(['args.push', 'deps.provider.push']);
  });

  it('still grows the array a parameter or a local names', () => {
    const [args, flags] = fn.returns[0].k === 'arr' ? fn.returns[0].items : [];
    expect(args).toEqual({ k: 'arr', items: [expect.objectContaining({ k: 'spread' }), { k: 'lit', v: '--force' }] });
    expect(flags).toEqual(expect.objectContaining({ k: 'arr', items: [{ k: 'lit', v: '-v' }, { k: 'lit', v: '--dry-run' }] }));
  });
});
