/** POST /api/missions/validate takes every real-world corpus file without a 5xx: imported files answer 200 with their file warnings, refused ones 400 with the code and the named item. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, testConfig } from './rig.js';

const DIR = join(import.meta.dirname, '../fixtures/missions-real-world');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { files: Record<string, { expect: { ok?: true; error?: string; message?: string; commands?: number[]; warnings?: string[] } }> };

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(testConfig());
});
afterAll(async () => {
  await svc?.close();
});

describe('POST /api/missions/validate with real-world files', () => {
  it.each(Object.entries(manifest.files))('%s', async (name, { expect: want }) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const format = text.trimStart().startsWith('{') ? 'plan' : 'wpl';
    const r = await svc.api('/missions/validate', { method: 'POST', body: JSON.stringify({ format, text }) });
    const j = (await r.json()) as { items?: number; legs?: unknown[]; fileWarnings?: { message: string; path: string }[]; code?: string; message?: string };
    if (want.ok) {
      expect(r.status, JSON.stringify(j)).toBe(200);
      expect(j.items).toBe(want.commands!.length);
      expect(j.fileWarnings!.map((w) => w.message)).toEqual((want.warnings ?? []).map((re) => expect.stringMatching(new RegExp(re))));
    } else {
      expect([r.status, j.code]).toEqual([400, want.error]);
      expect(j.message).toMatch(new RegExp(want.message!));
    }
  });

  it('PX4SITL-PX4-MultiRotor.plan (AltitudeMode 3, params[6] null): 200, legs with finite heights', async () => {
    const text = readFileSync(join(DIR, 'qgc-PX4SITL-PX4-MultiRotor.plan'), 'utf8');
    const r = await svc.api('/missions/validate', { method: 'POST', body: JSON.stringify({ format: 'plan', text }) });
    const j = (await r.json()) as { legs: { seq: number; to: { altAglM: number } }[] };
    expect(r.status).toBe(200);
    expect(j.legs.length).toBeGreaterThan(0);
    expect(j.legs.every((l) => Number.isFinite(l.to.altAglM))).toBe(true);
    expect(j.legs.filter((l) => l.seq === 5).map((l) => l.to.altAglM)).toContain(80);
  });
});
