import { describe, expect, it } from 'vitest';
import { mergeFlows, type Flow } from '../../src/link/flow.js';

const taintedBy = (fn: string, param: number, path: string[]): Flow => ({
  taints: [{ fn, param, path, by: [] }],
  constant: false,
  text: '${…}',
  env: [],
  unknown: [],
});

/**
 * Flows keep a bounded sample of the routes from one parameter (a value built from hundreds of
 * fields of a caller's options), but never lose a parameter: the tool's input among them is what
 * makes a sink model-controlled.
 */
describe('taint bounds', () => {
  it('keeps every parameter when one parameter contributes more routes than the bound', () => {
    const options = Array.from({ length: 200 }, (_, i) => taintedBy('caller', 0, ['options', `field${i}`]));
    const merged = mergeFlows([...options, taintedBy('execute', 0, ['script'])]);
    expect(merged.taints.some((t) => t.fn === 'execute' && t.param === 0)).toBe(true);
    expect(merged.taints.filter((t) => t.fn === 'caller').length).toBeLessThan(200);
  });

  it('keeps all routes while under the bound', () => {
    const merged = mergeFlows([taintedBy('f', 0, ['a']), taintedBy('f', 0, ['b']), taintedBy('g', 1, [])]);
    expect(merged.taints.map((t) => `${t.fn}:${t.param}:${t.path.join('.')}`)).toEqual(['f:0:a', 'f:0:b', 'g:1:']);
  });
});
