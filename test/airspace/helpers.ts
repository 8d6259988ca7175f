import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';
import { parseOperationProfile, type OperationProfileInput } from '../../src/airspace/profile.js';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import type { Zone } from '../../src/airspace/types.js';

export const FIXTURES_IN = fileURLToPath(new URL('./fixtures/in/', import.meta.url));
export const FIXTURES_OUT = fileURLToPath(new URL('./fixtures/out/', import.meta.url));
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
export const fixture = (name: string): unknown => readJson(FIXTURES_IN + name);

/** Compares `value` with the golden file `fixtures/out/<name>`; `REGEN=1` rewrites it. */
export function expectGolden(name: string, value: unknown): void {
  const path = FIXTURES_OUT + name;
  const text = `${JSON.stringify(value, null, 1)}\n`;
  if (process.env.REGEN === '1' || !existsSync(path)) {
    writeFileSync(path, text);
    return;
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

let hamburg: Zone[] | undefined;
export function hamburgZones(): Zone[] {
  hamburg ??= importEd269(readJson(`${REPO}missions/airspace/hamburg.ed269.json`)).zones;
  return hamburg;
}
let hIndex: ReturnType<typeof createAirspaceIndex> | undefined;
export function hamburgIndex(): ReturnType<typeof createAirspaceIndex> {
  hIndex ??= createAirspaceIndex(hamburgZones());
  return hIndex;
}
export const zoneById = (id: string): Zone => {
  const z = hamburgZones().find((x) => x.id === id);
  if (!z) throw new Error(`no zone ${id}`);
  return z;
};

/** Hamburg ground elevation used by tests (the city lies at roughly 0–30 m AMSL). */
export const GROUND = { groundAmslM: 10 };

export const profile = (p: Partial<OperationProfileInput> = {}): ReturnType<typeof parseOperationProfile> =>
  parseOperationProfile({ category: 'specific', departureTime: '2026-05-04T08:00:00Z', ...p });

/** Deep-freezes and snapshots an input, for input-not-mutated checks. */
export function snapshot<T>(v: T): () => void {
  const before = structuredClone(v);
  return () => expect(v).toEqual(before);
}
