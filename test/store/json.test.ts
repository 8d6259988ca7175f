/** JSON columns: exact round trips (NaN, ±Infinity, -0 included), typed rejection of non-data. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson } from '../../src/store/json.js';
import { isStoreError } from '../../src/store/index.js';

const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$float', '$esc', '__proto__', 'toString')), tie('v'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).v;

describe('encodeJson / decodeJson', () => {
  it('round-trips any JSON-like value exactly (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeJson(encodeJson(v, 'x'))).toStrictEqual(v);
      }),
      { numRuns: 300 },
    );
  });
  it.each([
    [{ params: [NaN, Infinity, -Infinity, -0, 0, 1.5] }],
    [{ $float: 'NaN' }],
    [{ $esc: { $float: 'NaN' } }],
    [[{ $float: 'nope' }]],
    [JSON.parse('{"__proto__": {"polluted": true}}')],
    ['text'],
    [null],
  ])('%j round-trips', (v) => {
    const back = decodeJson(encodeJson(v, 'x'));
    expect(back).toStrictEqual(v);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
  it('drops undefined properties like JSON does', () => {
    expect(decodeJson(encodeJson({ a: 1, b: undefined }, 'x'))).toStrictEqual({ a: 1 });
  });
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each([
    [undefined, /plan is undefined/],
    [{ a: [1, undefined] }, /plan\.a\[1\] is a undefined/],
    [{ n: 10n }, /plan\.n is a bigint/],
    [{ f: () => 1 }, /plan\.f is a function/],
    [{ d: new Date(0) }, /plan\.d is a Date object/],
    [{ m: new Map() }, /plan\.m is a Map object/],
    [cyclic, /plan\.self is a circular reference/],
  ])('rejects %s with STORE_INVALID_INPUT', (v, message) => {
    try {
      encodeJson(v, 'plan');
      expect.unreachable();
    } catch (e) {
      expect(isStoreError(e, 'STORE_INVALID_INPUT')).toBe(true);
      expect((e as Error).message).toMatch(message);
    }
  });
  it('a shared (non-cyclic) sub-object is fine', () => {
    const shared = { x: 1 };
    expect(decodeJson(encodeJson({ a: shared, b: shared }, 'x'))).toStrictEqual({ a: { x: 1 }, b: { x: 1 } });
  });
});
