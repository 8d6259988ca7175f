/** missions/hubs.json loads; a bad hubs file is refused with a message naming the entry and field. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/config.js';
import { loadHubsFile, parseHubs } from '../../src/io/hubs-file.js';

const ROOT = join(import.meta.dirname, '../..');
const uke = { id: 'uke', name: 'UKE', lat: 53.5914, lon: 9.9767 };

/** The error a call throws (fails the test when it does not throw). */
async function thrown(f: () => unknown): Promise<Error & { code?: string }> {
  try {
    await f();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected an error');
}

describe('hubs file', () => {
  it('missions/hubs.json holds the hospitals and places of the delivery scenarios, at their coordinates', async () => {
    const hubs = await loadHubsFile(join(ROOT, 'missions/hubs.json'));
    expect(hubs.map((h) => h.id)).toEqual(['uke', 'asklepios-st-georg', 'bundeswehrkrankenhaus', 'marienkrankenhaus', 'asklepios-harburg', 'asklepios-altona', 'droneport', 'ctt-tollerort', 'rathaus', 'hcu']);
    const scenarios = (await import(join(ROOT, 'missions/deliveries/hamburg.json'), { with: { type: 'json' } })).default as { scenarios: { from: { lat: number; lon: number }; to: { lat: number; lon: number } }[] };
    const ends = scenarios.scenarios.flatMap((s) => [s.from, s.to]);
    // every scenario end is a hub, and every hub is a scenario end
    for (const e of ends) expect(hubs.some((h) => h.lat === e.lat && h.lon === e.lon)).toBe(true);
    for (const h of hubs) expect(ends.some((e) => h.lat === e.lat && h.lon === e.lon)).toBe(true);
  });

  it.each([
    ['a latitude out of range', { hubs: [uke, { id: 'bad', name: 'Bad', lat: 153.5, lon: 10 }] }, 'hubs[1] ("bad").lat', 'latitude'],
    ['a missing name', { hubs: [{ id: 'nameless', lat: 53.5, lon: 10 }] }, 'hubs[0] ("nameless").name', ''],
    ['an id with spaces', { hubs: [{ ...uke, id: 'St Georg' }] }, 'hubs[0] ("St Georg").id', 'lower-case'],
    ['a duplicate id', { hubs: [uke, { ...uke, name: 'again' }] }, 'hubs[1] ("uke").id', 'already the id of hubs[0]'],
    ['an unknown field', { hubs: [{ ...uke, alt: 10 }] }, 'hubs[0] ("uke")', 'alt'],
    ['an entry that is not an object', { hubs: [uke, 'rathaus'] }, 'hubs[1]', ''],
    ['no hubs', { hubs: [] }, 'hubs', 'at least one'],
    ['no hubs list', { title: 'x' }, 'hubs', ''],
  ])('%s is refused, naming the entry', (_, doc, where, fragment) => {
    let err: unknown;
    try {
      parseHubs(doc, 'test.json');
    } catch (e) {
      err = e;
    }
    expect(isConfigError(err, 'CONFIG_INVALID')).toBe(true);
    const e = err as Error & { issues: { where: string; message: string }[] };
    expect(e.message).toContain(`test.json: ${where}`);
    expect(e.message).toContain(fragment);
    expect(e.issues[0]!.where).toContain(where);
  });

  it('a file that is not JSON or does not exist names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-hubs-'));
    const file = join(dir, 'hubs.json');
    writeFileSync(file, '{"hubs": [');
    const notJson = await thrown(() => loadHubsFile(file));
    expect(notJson.code).toBe('CONFIG_FILE_NOT_JSON');
    expect(notJson.message).toContain(file);
    const missing = await thrown(() => loadHubsFile(join(dir, 'nope.json')));
    expect(missing.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(missing.message).toContain('nope.json');
    expect(missing.message).toContain('hubs.file');
  });
});
