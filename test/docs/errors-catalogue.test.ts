/** docs/errors.md and the error registry (src/server/error-registry.ts) name the same codes: no undocumented code, no stale row. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/server/error-registry.js';

const doc = readFileSync(join(import.meta.dirname, '../../docs/errors.md'), 'utf8');
/** Codes in the first column of the catalogue's tables. */
const documented = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
/** Every code of every layer: the registry must give each a status, so it is the complete list. */
const declared: readonly string[] = ERROR_CODES;

describe('error catalogue (docs/errors.md)', () => {
  it('documents every declared code', () => {
    expect(declared.filter((c) => !documented.includes(c))).toEqual([]);
  });
  it('lists no code that does not exist', () => {
    expect(documented.filter((c) => !declared.includes(c))).toEqual([]);
  });
  it('lists each code once', () => {
    expect(documented.filter((c, i) => documented.indexOf(c) !== i)).toEqual([]);
  });
  it('every row says what to do', () => {
    const rows = doc.split('\n').filter((l) => /^\| `[A-Z]/.test(l));
    expect(rows.filter((r) => r.split('|').filter((c) => c.trim()).length < 3)).toEqual([]);
  });
});
