/**
 * The operator's whole job in a real browser against the real service (startService: config,
 * SQLite file, fleet, embedded PX4 simulator over UDP, REST + websocket): log in with the token
 * form, plan H2 (UKE → Asklepios St. Georg) through the planning panel, create the delivery,
 * launch it, watch the vehicle move along the route and the delivery reach "delivered". Ground
 * staff (viewer token) watch the same flight live in a second page, without any launch button.
 * Screenshots of each stage go to test/e2e/web/artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OPERATOR, testConfig, VIEWER } from '../../service/rig.js';
import { ARTIFACTS, HAVE_CHROMIUM, MUST_RUN, serviceSuite } from './browser.js';

const UKE = { lat: 53.5914, lon: 9.9767 };
const ST_GEORG = { lat: 53.5592, lon: 10.0181 };

/** Distance in metres between two lat/lon points (equirectangular: fine at city scale). */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const k = Math.PI / 180;
  return 6_371_000 * Math.hypot((b.lat - a.lat) * k, (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k));
}

/** Distance in metres from p to the polyline (lon/lat pairs), on the same local approximation. */
function offRoute(p: { lat: number; lon: number }, line: [number, number][]): number {
  const k = Math.PI / 180;
  const c = Math.cos(p.lat * k) * 6_371_000 * k;
  const xy = ([lon, lat]: [number, number]) => [(lon - p.lon) * c, (lat - p.lat) * 6_371_000 * k] as const;
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = xy(line[i - 1]!);
    const [bx, by] = xy(line[i]!);
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

describe.skipIf(!HAVE_CHROMIUM && !MUST_RUN)('the delivery flow in chromium against the real service', () => {
  const suite = serviceSuite(() => testConfig({ simulator: { enabled: true, vehicles: 2, speed: 20, home: { ...UKE, altAmslM: 10 } } }));
  const requests = suite.requests;
  const open = (): Promise<Page> => suite.open();

  async function logIn(page: Page, token: string): Promise<void> {
    await page.getByLabel('Access token').fill(token);
    await page.keyboard.press('Enter');
    await page.locator('.vehicle-row[data-vehicle="sim/1"]').waitFor();
  }

  it('log in, plan H2 in the panel, launch, the vehicle follows the route to "delivered"; ground staff watch without a launch button', async () => {
    const op = await open();
    await logIn(op, OPERATOR);
    await expect.poll(() => op.locator('#who').innerText()).toContain('operator');

    await op.locator('#plan[data-available="true"]').waitFor();
    await op.getByLabel('From (lat, lon)').fill(`${UKE.lat}, ${UKE.lon}`);
    await op.getByLabel('To (lat, lon)').fill(`${ST_GEORG.lat}, ${ST_GEORG.lon}`);
    await op.getByLabel(/^Consents/).fill('HHH01, HHH02');
    await op.getByRole('button', { name: 'Plan route' }).click();
    const result = op.locator('#plan .plan-result');
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toMatch(/Distance \d+\.\d\d km/);
    await op.locator('path.route').waitFor();
    await op.screenshot({ path: join(ARTIFACTS, 'flow-1-planned.png') });

    await op.getByRole('button', { name: 'Create delivery' }).click();
    const delivery = op.locator('.delivery-row').first();
    await expect.poll(() => delivery.getAttribute('data-state')).toBe('planned');
    const id = await delivery.getAttribute('data-delivery');
    expect(id).toBeTruthy();
    const stored = (await (await suite.svc.api(`/deliveries/${id}`)).json()) as { plan: { route: { geojson?: unknown; legs: unknown[] } } };
    const route = routeLine(stored.plan);
    expect(route.length).toBeGreaterThanOrEqual(2);

    // ground staff open the map too
    const viewer = await open();
    await logIn(viewer, VIEWER);
    const vDelivery = viewer.locator(`.delivery-row[data-delivery="${id}"]`);
    await vDelivery.waitFor();

    // every launch progress text the operator sees, recorded as the page shows it
    await op.evaluate((id) => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      const detail = document.querySelector(`.delivery-row[data-delivery="${id}"] .delivery-detail`)!;
      new MutationObserver(() => void seen.push(detail.textContent ?? '')).observe(detail, { childList: true, characterData: true, subtree: true });
    }, id);
    await delivery.getByRole('combobox').selectOption('sim/1');
    await delivery.getByRole('button', { name: /^Launch delivery/ }).click();
    await expect.poll(() => delivery.getAttribute('data-state'), { timeout: 30_000 }).toBe('in_flight');
    const seen = await op.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    const mission = stored.plan as unknown as { plan: { mission: unknown[] } };
    const n = mission.plan.mission.length;
    expect(seen).toContain(`on sim/1 · mission: uploading ${n}/${n} items acknowledged`);
    expect(seen.some((t) => /mission: verifying read-back \d+\/\d+/.test(t))).toBe(true);
    expect(seen.some((t) => /fence: (uploading|verifying)/.test(t))).toBe(true);
    expect(seen.some((t) => /failsafe parameters set and read back \d+\/\d+/.test(t))).toBe(true);

    // The vehicle moves along the route: sampled from the viewer's page while in flight.
    const row = viewer.locator('.vehicle-row[data-vehicle="sim/1"]');
    const samples: { lat: number; lon: number }[] = [];
    const along: number[] = [];
    const progress = vDelivery.locator('.delivery-progress');
    const end = Date.now() + 90_000;
    let state = '';
    while (Date.now() < end) {
      state = (await vDelivery.getAttribute('data-state')) ?? '';
      const lat = Number(await row.getAttribute('data-lat'));
      const lon = Number(await row.getAttribute('data-lon'));
      const alt = Number(await row.getAttribute('data-rel-alt-m'));
      if (alt > 20) samples.push({ lat, lon }); // cruising, not the vertical parts at either end
      const a = await progress.getAttribute('data-along-m', { timeout: 100 }).catch(() => null);
      if (a !== null) along.push(Number(a));
      if (samples.length === 3) await viewer.screenshot({ path: join(ARTIFACTS, 'flow-2-viewer-in-flight.png') });
      if (state === 'delivered' || state === 'returned' || state === 'failed' || state === 'aborted') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(state).toBe('delivered');
    await expect.poll(() => delivery.getAttribute('data-state')).toBe('delivered');
    expect(samples.length).toBeGreaterThan(5);
    // it went somewhere: from near UKE to near St. Georg, and stayed on the planned route
    expect(metres(samples[0]!, UKE)).toBeLessThan(1500);
    expect(metres(samples[samples.length - 1]!, ST_GEORG)).toBeLessThan(1500);
    const worst = Math.max(...samples.map((s) => offRoute(s, route)));
    expect(worst).toBeLessThan(60);
    const lastPos = { lat: Number(await row.getAttribute('data-lat')), lon: Number(await row.getAttribute('data-lon')) };
    expect(metres(lastPos, ST_GEORG)).toBeLessThan(30); // landed at the destination
    await op.screenshot({ path: join(ARTIFACTS, 'flow-3-delivered.png') });

    // ground staff saw the delivery's progress along its route grow to the end
    const total = Number(await progress.getAttribute('data-total-m'));
    expect(total).toBeGreaterThan(3000);
    expect(along.length).toBeGreaterThan(5);
    along.slice(1).forEach((m, i) => expect(m).toBeGreaterThanOrEqual(along[i]! - 20));
    expect(along[along.length - 1]!).toBeGreaterThan(0.95 * total);
    await expect.poll(() => progress.innerText()).toMatch(/^\d+\.\d\d of \d+\.\d\d km along the route \(\d+ %\)/);

    // ground staff saw all of it but had no launch/abort button at any point
    expect(await viewer.getByRole('button', { name: /^(Launch|Abort) delivery/ }).count()).toBe(0);
    expect(await viewer.locator('button.cmd').count()).toBe(0);
    expect(await viewer.locator('#plan').isVisible()).toBe(false);
    expect(requests.filter((u) => u.startsWith('pageerror') || !/^(https?|wss?):\/\/127\.0\.0\.1:\d+\//.test(u) && !u.startsWith('data:'))).toEqual([]);
  }, 150_000);
});

/** The planned route's horizontal line as [lon, lat] pairs, from the stored plan's GeoJSON or legs. */
function routeLine(plan: { route: { geojson?: unknown; legs: unknown[] } }): [number, number][] {
  const gj = plan.route.geojson as { features?: { geometry: { type: string; coordinates: number[][] }; properties?: { kind?: string } }[] } | undefined;
  const f = gj?.features?.find((x) => x.properties?.kind === 'route' && x.geometry.type === 'LineString');
  if (f) return f.geometry.coordinates.map((c) => [c[0]!, c[1]!]);
  const legs = plan.route.legs as { from: { lat: number; lon: number }; to: { lat: number; lon: number } }[];
  return [[legs[0]!.from.lon, legs[0]!.from.lat], ...legs.map((l): [number, number] => [l.to.lon, l.to.lat])];
}
