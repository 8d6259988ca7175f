/**
 * JSON columns that round-trip exactly what the service stores: plain objects, arrays, strings,
 * booleans, null and numbers — including NaN, ±Infinity and -0, which plain JSON.stringify would turn
 * into null / 0 (MAVLink mission items use NaN for "unused parameter"). Those are written as
 * `{"$float":"NaN"}`; an object of the stored data whose only key is `$float` or `$esc` is wrapped
 * in `{"$esc": …}` so it never collides. Anything else (undefined, bigint, functions, Dates, Maps,
 * class instances, cycles) is rejected with STORE_INVALID_INPUT naming its path.
 */
import { StoreError } from './errors.js';
import type { JsonValue } from './store.js';

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function reject(field: string, path: string, what: string): never {
  throw new StoreError('STORE_INVALID_INPUT', `${field}${path} is ${what}; store plain JSON data (objects, arrays, strings, numbers, booleans, null)`, { field, path });
}

function encodeValue(v: unknown, field: string, path: string, ancestors: Set<object>): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $float: 'NaN' };
    if (v === Infinity) return { $float: 'Infinity' };
    if (v === -Infinity) return { $float: '-Infinity' };
    if (Object.is(v, -0)) return { $float: '-0' };
    return v;
  }
  if (typeof v !== 'object') return reject(field, path, `a ${typeof v}`);
  if (ancestors.has(v)) return reject(field, path, 'a circular reference');
  ancestors.add(v);
  try {
    if (Array.isArray(v)) return v.map((x, i) => encodeValue(x, field, `${path}[${i}]`, ancestors));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return reject(field, path, `a ${(v as object).constructor?.name ?? 'non-plain'} object`);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue; // as JSON.stringify: an absent optional field
      Object.defineProperty(out, k, { value: encodeValue(x, field, `${path}.${k}`, ancestors), enumerable: true, writable: true, configurable: true });
    }
    const keys = Object.keys(out);
    return keys.length === 1 && (keys[0] === '$float' || keys[0] === '$esc') ? { $esc: out } : out;
  } finally {
    ancestors.delete(v);
  }
}

/**
 * Serialises a value for a JSON column; throws STORE_INVALID_INPUT naming the path of anything that is not data.
 * @example encodeJson({ params: [NaN, 1] }, 'plan') // '{"params":[{"$float":"NaN"},1]}'
 */
export function encodeJson(value: unknown, field: string): string {
  if (value === undefined) reject(field, '', 'undefined');
  return JSON.stringify(encodeValue(value, field, '', new Set()));
}

function decodeValue(v: unknown): JsonValue {
  if (v === null || typeof v !== 'object') return v as JsonValue;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === '$float' && typeof o.$float === 'string' && o.$float in SPECIAL) return SPECIAL[o.$float]!;
  const source = keys.length === 1 && keys[0] === '$esc' && typeof o.$esc === 'object' && o.$esc !== null ? (o.$esc as Record<string, unknown>) : o;
  const out: Record<string, JsonValue> = {};
  for (const [k, x] of Object.entries(source)) Object.defineProperty(out, k, { value: decodeValue(x), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Reads a JSON column written by {@link encodeJson}. */
export function decodeJson(text: string): JsonValue {
  return decodeValue(JSON.parse(text));
}
