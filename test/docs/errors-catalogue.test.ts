/** docs/errors.md and the code base name the same error codes: no undocumented code, no stale row. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../src/server/api-error.js';
import { FLEET_ERROR_CODES } from '../../src/fleet/errors.js';
import { BRIDGE_ERROR_CODES } from '../../firmware-bridge/errors.js';
import { AIRSPACE_ERROR_CODES } from '../../src/airspace/errors.js';
import { MISSION_BUILD_ERROR_CODES, MISSION_FILE_ERROR_CODES } from '../../src/mission/errors.js';
import { CONFIG_ERROR_CODES } from '../../src/config.js';
import { STORE_ERROR_CODES } from '../../src/store/errors.js';
import { PLAN_REFUSAL_CODES } from '../../src/planner/refusals.js';
import { DECONFLICT_ERROR_CODES } from '../../src/deconflict/errors.js';
import { OBSTACLE_ERROR_CODES } from '../../src/obstacles/errors.js';
import { CLUSTER_ERROR_CODES } from '../../src/bus/errors.js';

const doc = readFileSync(join(import.meta.dirname, '../../docs/errors.md'), 'utf8');
/** Codes in the first column of the catalogue's tables. */
const documented = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
const declared = [
  ...API_ERROR_CODES,
  ...FLEET_ERROR_CODES,
  ...BRIDGE_ERROR_CODES,
  ...AIRSPACE_ERROR_CODES,
  ...MISSION_FILE_ERROR_CODES,
  ...MISSION_BUILD_ERROR_CODES,
  ...CONFIG_ERROR_CODES,
  ...STORE_ERROR_CODES,
  ...PLAN_REFUSAL_CODES,
  ...DECONFLICT_ERROR_CODES,
  ...OBSTACLE_ERROR_CODES,
  ...CLUSTER_ERROR_CODES,
];

describe('error catalogue (docs/errors.md)', () => {
  it('documents every declared code', () => {
    expect(declared.filter((c) => !documented.includes(c))).toEqual([]);
  });
  it('lists no code that does not exist', () => {
    expect(documented.filter((c) => !declared.includes(c as never))).toEqual([]);
  });
  it('lists each code once', () => {
    expect(documented.filter((c, i) => documented.indexOf(c) !== i)).toEqual([]);
  });
  it('every row says what to do', () => {
    const rows = doc.split('\n').filter((l) => /^\| `[A-Z]/.test(l));
    expect(rows.filter((r) => r.split('|').filter((c) => c.trim()).length < 3)).toEqual([]);
  });
});
