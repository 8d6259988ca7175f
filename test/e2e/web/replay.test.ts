/**
 * Replay in chromium: a stored flight — PX4 1.16's recorded delivery flight (../shared/px4) with a
 * delivery planned from the same home to the same landing point — replayed on the map: plan, corridor
 * and marker drawn, play at 30×, pause stops the clock, seek to the end puts the marker on the last
 * sample, events and alerts appear as playback passes them, keyboard only, as a viewer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, foreignRequests, HAVE_CHROMIUM, MUST_RUN, webSuite } from './browser.js';
import { TOKENS } from './rig.js';

const TLOG = join(import.meta.dirname, '../../../../shared/px4/delivery-flight.tlog');
const [OPERATOR, VIEWER] = TOKENS.map((t) => t.token) as [string, string];
const HOME = { lat: 53.5508, lon: 9.9925 }; // the SITL's home (Rathaus: needs the HHG01 consent)
const LANDED = { lat: 53.5585, lon: 10.0 };

interface Replay {
  samples: { tMs: number; lat: number; lon: number }[];
  events: { tMs: number; text: string }[];
  alerts: { code: string; tMs: number }[];
  plan: { rally: unknown[] };
}

describe.skipIf(!HAVE_CHROMIUM && !MUST_RUN)('flight replay in chromium', () => {
  const web = webSuite(1);
  const requests = web.requests;
  let flightId: string;
  let replay: Replay;

  beforeAll(async () => {
    const rig = web.rig;
    const api = (path: string, init: RequestInit = {}) => fetch(`${rig.base}/api${path}`, { ...init, headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' } });
    const created = await api('/deliveries', { method: 'POST', body: JSON.stringify({ from: HOME, to: LANDED, consents: ['HHG01'], departAt: '2026-05-04T08:00:00Z' }) });
    const delivery = (await created.json()) as { id: string };
    expect(created.status, JSON.stringify(delivery)).toBe(201);
    // The recording as a stored flight of that delivery: its times are the log's first and last record.
    const tlog = readFileSync(TLOG);
    const startMs = Number(tlog.readBigUInt64BE(0) / 1000n);
    const flight = await rig.store.startFlight({ deliveryId: delivery.id, vehicleId: 'px4/1', vehicleSysid: 1, tlogPath: TLOG, startedAt: new Date(startMs).toISOString() });
    await rig.store.endFlight(flight.id, new Date(startMs + 213_000).toISOString());
    await rig.store.raiseAlert({ severity: 'warning', code: 'CORRIDOR_LEFT', message: 'outside the corridor (test)', vehicleId: 'px4/1', vehicleSysid: 1, deliveryId: delivery.id, at: new Date(startMs + 100_000).toISOString() });
    await rig.store.startFlight({ vehicleId: 'px4/2', vehicleSysid: 2, tlogPath: null }); // nothing to replay
    flightId = flight.id;
    replay = (await (await api(`/flights/${flight.id}/replay?leadInS=10`)).json()) as Replay;
  });
  const openPage = (): Promise<Page> => web.open(`?token=${VIEWER}`);

  const tMs = async (page: Page): Promise<number> => Number(await page.locator('.replay-player').getAttribute('data-t-ms'));

  it('viewer: replays the flight with its plan; play, speed, pause, seek to the end, close — by keyboard', async () => {
    expect(replay.samples.length).toBeGreaterThan(1000);
    const page = await openPage();
    const row = page.locator(`.replay-flight[data-flight="${flightId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('px4/1');
    expect(await row.innerText()).toContain('3:33'); // duration
    await expect.poll(() => page.locator('.replay-flight button:disabled').count()).toBe(1); // the flight without a tlog

    // open it from the keyboard
    await row.getByRole('button', { name: /Replay flight of px4\/1/ }).focus();
    await page.keyboard.press('Enter');
    const player = page.locator('.replay-player');
    await player.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('replay-play');
    await expect.poll(() => page.locator('path.replay-route').count()).toBeGreaterThan(0);
    expect(await page.locator('path.replay-corridor').count()).toBeGreaterThan(0);
    expect(await page.locator('path.replay-rally').count()).toBe(replay.plan.rally.length);
    await page.locator('.replay-veh').waitFor();
    const first = replay.samples[0]!;
    const last = replay.samples.at(-1)!;
    expect(await tMs(page)).toBe(first.tMs);
    expect(await page.locator('.replay-entry:not([hidden])').count()).toBe(0);

    // 30× from the keyboard, then play: the clock runs faster than the wall clock
    await page.locator('#replay-speed').selectOption('30');
    await page.locator('.replay-play').focus();
    const wall0 = Date.now();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.replay-play').innerText()).toBe('Pause');
    await page.waitForFunction((t) => Number(document.querySelector<HTMLElement>('.replay-player')?.dataset.tMs) > t, first.tMs + 40_000, { timeout: 20_000 });
    const wallS = (Date.now() - wall0) / 1000;
    await page.keyboard.press('Space'); // pause
    await expect.poll(() => page.locator('.replay-play').innerText()).toBe('Play');
    const paused = await tMs(page);
    expect(paused - first.tMs).toBeGreaterThan(2 * wallS * 1000); // 30× (a 1× clock would be ~wallS)
    // events passed so far are listed, the latest one highlighted
    const shown = await page.locator('.replay-entry:not([hidden])').count();
    expect(shown).toBe(replay.events.filter((e) => e.tMs <= paused).length);
    expect(await page.locator('.replay-entry.current').innerText()).toContain(replay.events.filter((e) => e.tMs <= paused).at(-1)!.text);
    await page.waitForTimeout(600);
    expect(await tMs(page)).toBe(paused); // paused: the clock stands still

    // seek to the end with the keyboard: the marker stands on the last sample
    await page.locator('#replay-seek').focus();
    await page.keyboard.press('End');
    await expect.poll(() => tMs(page)).toBe(last.tMs);
    expect(await player.getAttribute('data-lat')).toBe(last.lat.toFixed(7));
    expect(await player.getAttribute('data-lon')).toBe(last.lon.toFixed(7));
    const offset = await page.evaluate(([lat, lon]) => {
      const map = (window as unknown as { elbflug: { map: { latLngToContainerPoint(ll: [number, number]): { x: number; y: number }; getContainer(): HTMLElement } } }).elbflug.map;
      const p = map.latLngToContainerPoint([lat!, lon!]);
      const box = map.getContainer().getBoundingClientRect();
      const m = document.querySelector('.replay-veh')!.getBoundingClientRect();
      return Math.hypot(m.left + m.width / 2 - box.left - p.x, m.top + m.height / 2 - box.top - p.y);
    }, [last.lat, last.lon]);
    expect(offset).toBeLessThan(2);
    expect(await page.locator('.replay-time').innerText()).toBe('3:32 / 3:32');
    expect(await page.locator('.replay-entry[hidden]').count()).toBe(0);
    expect(await page.locator('.replay-entry.replay-alert').innerText()).toContain('CORRIDOR_LEFT');
    expect(await page.locator('.replay-entry.current').innerText()).toContain('disarmed');
    expect(await page.locator('.replay-now').innerText()).toMatch(/^Mission · 0 m · [\d.]+ m\/s · battery \d+%$/);
    await page.screenshot({ path: join(ARTIFACTS, 'replay.png') });

    // close: layers gone, focus back on the flight's Replay button
    await page.locator('.replay-close').focus();
    await page.keyboard.press('Enter');
    await player.waitFor({ state: 'hidden' });
    expect(await page.locator('path.replay-route').count()).toBe(0);
    expect(await page.locator('.replay-veh').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/Replay flight of px4\/1/);

    expect(foreignRequests(requests)).toEqual([]);
  }, 90_000);
});
