/**
 * The operator view in a real browser (chromium via playwright-core) against web.rig.ts: hubs from
 * GET /api/hubs with their consents pre-filled, the plan's route, corridor, rally points, rule
 * decisions and altitude chart; wind and the refusal; Create delivery and Export .plan (a real
 * download, parsed with the mission module's own .plan parser).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseQgcPlan } from '../../../src/mission/qgc-plan.js';
import { ARTIFACTS, foreignRequests, HAVE_CHROMIUM, MUST_RUN, webSuite } from './browser.js';
import { TOKENS } from './rig.js';

const OPERATOR = TOKENS[0]!.token;
const UKE = { lat: 53.5914, lon: 9.9767 };
const ST_GEORG = { lat: 53.5592, lon: 10.0181 };

interface PlanAnswer {
  ok: boolean;
  route: { durationS: number; geojson: { features: { properties: { kind: string }; geometry: { coordinates: number[][] } }[] } };
  mission: { rally: { points: unknown[] }; fence: { shapes: { kind: string; inclusion: boolean }[] }; mission: unknown[] };
}

describe.skipIf(!HAVE_CHROMIUM && !MUST_RUN)('operator view in chromium', () => {
  const web = webSuite(1);
  const requests = web.requests;

  /** A tablet-sized (1024×768) operator page with the hub list loaded; records every request. */
  async function operatorPage(): Promise<Page> {
    const page = await web.open(`?token=${OPERATOR}`);
    await page.locator('#plan[data-available="true"]').waitFor();
    await page.locator('#plan-to-hub option[value="asklepios-st-georg"]').waitFor({ state: 'attached' });
    return page;
  }

  const plan = async (body: object): Promise<PlanAnswer> =>
    (await (await fetch(`${web.rig.base}/api/plan`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as PlanAnswer;
  const flightTimeS = async (page: Page): Promise<number> => {
    const m = /Flight time (\d+) min (\d+) s/.exec(await page.locator('#plan .plan-result').innerText());
    return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  };

  it('UKE → Asklepios St. Georg from the hub list: consents pre-filled; route, corridor, rally points, decisions and the altitude chart', async () => {
    const page = await operatorPage();
    await page.getByLabel('From hub').selectOption('uke');
    await page.getByLabel('To hub').selectOption('asklepios-st-georg');
    expect(await page.getByLabel('From (lat, lon)').inputValue()).toBe('53.5914, 9.9767');
    expect(await page.getByLabel('To (lat, lon)').inputValue()).toBe('53.5592, 10.0181');
    expect(await page.getByLabel('Consents (zone ids, comma-separated)').inputValue()).toBe('HHH01, HHH02');
    await page.getByRole('button', { name: 'Plan route' }).click();
    const result = page.locator('#plan .plan-result');
    await expect.poll(() => result.getAttribute('data-result'), { timeout: 10_000 }).toBe('ok');

    // the same request straight to the API: what the page must show
    const expected = await plan({ from: UKE, to: ST_GEORG, mode: 'land', consents: ['HHH01', 'HHH02'] });
    expect(expected.ok).toBe(true);
    const coords = expected.route.geojson.features.find((f) => f.properties.kind === 'route')!.geometry.coordinates;
    expect(await page.locator('path.route').count()).toBe(1);
    expect(await page.locator('path.plan-corridor').count()).toBe(expected.mission.fence.shapes.filter((s) => s.kind === 'polygon' && s.inclusion).length);
    expect(await page.locator('path.plan-corridor').count()).toBeGreaterThan(0);
    expect(expected.mission.rally.points.length).toBeGreaterThan(0);
    expect(await page.locator('path.rally-point').count()).toBe(expected.mission.rally.points.length);

    const text = await result.innerText();
    expect(text).toMatch(/Distance \d+\.\d\d km · time \d+ min · energy \d+ Wh · reserve \d+%/);
    for (const rule of ['HHH01', 'HHH02', 'LUFTVO-21H-3-10', 'HEIGHT-CEILING-120']) expect(text).toContain(rule);

    // the altitude chart: one point per route vertex, its text names the maximum height
    expect(await page.locator('.alt-chart circle.alt-pt').count()).toBe(coords.length);
    const maxH = Math.max(...coords.map((c) => c[2]!));
    const label = await page.locator('.alt-chart svg').getAttribute('aria-label');
    expect(label).toContain(`maximum ${Math.round(maxH)} m above ground`);
    expect(label).toContain('ceiling 120 m');
    expect(await page.locator('.alt-chart .alt-ceiling').count()).toBe(1);
    expect(await page.locator('.alt-table tbody tr').count()).toBe(coords.length);
    await page.locator('.alt-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'operator-plan.png') });
    await page.context().close();
  });

  it('a waterway crossing (Asklepios Harburg → Altona) shows its ≥ 100 m legs in the chart', async () => {
    const page = await operatorPage();
    await page.getByLabel('From hub').selectOption('asklepios-harburg');
    await page.getByLabel('To hub').selectOption('asklepios-altona');
    expect(await page.getByLabel('Consents (zone ids, comma-separated)').inputValue()).toBe('HHH07, HHH04');
    await page.getByRole('button', { name: 'Plan route' }).click();
    await expect.poll(() => page.locator('#plan .plan-result').getAttribute('data-result'), { timeout: 15_000 }).toBe('ok');
    expect(await page.locator('.alt-chart line.alt-high').count()).toBeGreaterThan(0);
    expect(await page.locator('.alt-chart svg').getAttribute('aria-label')).toMatch(/\d+ legs? at 100 m or more/);
    expect(await page.locator('#plan .plan-warnings').innerText()).toContain('crosses federal waterway');
    await page.locator('.alt-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'operator-crossing.png') });
    await page.context().close();
  });

  it('options: the vehicle profiles are offered; wind against the route makes the shown flight time longer', async () => {
    const page = await operatorPage();
    await expect.poll(() => page.locator('#plan-vehicle option').allTextContents()).toEqual(['Test quad — 10 m/s, 500 Wh, reserve 20%']);
    await page.getByLabel('From hub').selectOption('uke');
    await page.getByLabel('To hub').selectOption('asklepios-st-georg');
    await page.getByRole('button', { name: 'Plan route' }).click();
    await expect.poll(() => flightTimeS(page), { timeout: 10_000 }).toBeGreaterThan(0);
    const calm = await flightTimeS(page);
    await page.locator('#plan .plan-options summary').click(); // open the options
    await page.getByLabel('Wind speed (m/s)').fill('6');
    await page.getByLabel('Wind from (°)').fill('142'); // the route runs towards 142°: a headwind
    await page.getByLabel('Safety margin (m)').fill('30');
    await page.getByRole('button', { name: 'Plan route' }).click();
    await expect.poll(() => flightTimeS(page), { timeout: 10_000 }).toBeGreaterThan(calm);
    expect(await page.locator('#plan .plan-result').innerText()).toContain('wind 6 m/s from 142°');
    const windy = await plan({ from: UKE, to: ST_GEORG, mode: 'land', consents: ['HHH01', 'HHH02'], wind: { speedMps: 6, fromDeg: 142 }, safetyMarginM: 30 });
    expect(await flightTimeS(page)).toBe(Math.round(windy.route.durationS));
    await page.context().close();
  });

  it('a refusal: without the destination hospital’s consent the page shows code, rule and zone', async () => {
    const page = await operatorPage();
    await page.getByLabel('From hub').selectOption('uke');
    await page.getByLabel('To hub').selectOption('asklepios-st-georg');
    await page.getByLabel('Consents (zone ids, comma-separated)').fill('HHH01'); // the operator holds no consent for HHH02
    await page.getByRole('button', { name: 'Plan route' }).click();
    const result = page.locator('#plan .plan-result');
    await expect.poll(() => result.getAttribute('data-result'), { timeout: 10_000 }).toBe('refused');
    const text = await result.innerText();
    expect(text).toContain('Refused');
    expect(text).toContain('DESTINATION_IN_ZONE');
    expect(text).toContain('zone HHH02');
    expect(text).toMatch(/rule [A-Z0-9-]+/);
    expect(await page.locator('path.route').count()).toBe(0);
    await page.context().close();
  });

  it('Create delivery, then Export .plan downloads delivery-<id>.plan with the mission items (panel and delivery list)', async () => {
    const page = await operatorPage();
    await page.getByLabel('From hub').selectOption('rathaus');
    await page.getByLabel('To hub').selectOption('hcu');
    expect(await page.getByLabel('Consents (zone ids, comma-separated)').inputValue()).toBe('HHG01');
    await page.getByRole('button', { name: 'Plan route' }).click();
    await expect.poll(() => page.locator('#plan .plan-result').getAttribute('data-result'), { timeout: 10_000 }).toBe('ok');
    await page.getByRole('button', { name: 'Create delivery' }).click();
    const row = page.locator('.delivery-row[data-state="planned"]').first();
    await row.waitFor();
    const id = (await row.getAttribute('data-delivery'))!;
    const stored = await web.rig.store.getDelivery(id);
    const missionItems = (stored!.plan as unknown as { plan: { mission: unknown[] } }).plan.mission.length;

    for (const button of [page.locator('#plan'), row].map((where) => where.getByRole('button', { name: `Export delivery ${id.slice(0, 8)} as .plan` }))) {
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      expect(download.suggestedFilename()).toBe(`delivery-${id}.plan`);
      const parsed = parseQgcPlan(readFileSync((await download.path())!, 'utf8'));
      expect(parsed.mission.length).toBe(missionItems);
      expect(parsed.mission.length).toBeGreaterThan(2);
      expect(parsed.fence.length).toBeGreaterThan(0);
      expect(parsed.plannedHome.lat).toBeCloseTo(53.5508, 3);
    }
    await page.context().close();
  }, 60_000);

  it('the hubs\' consents are asked for the departure time chosen, and the chosen hubs\' consents follow it (own edits stay)', async () => {
    const page = await operatorPage();
    await page.getByLabel('From hub').selectOption('uke');
    await page.getByLabel('To hub').selectOption('asklepios-st-georg');
    const consents = page.getByLabel('Consents (zone ids, comma-separated)');
    await consents.fill('HHH01, HHH02, HHX99');
    const at = '2026-08-22T15:00';
    await page.locator('#plan .plan-options summary').click(); // the departure time is among the options
    const asked = page.waitForRequest((r) => r.url().includes('/api/hubs?at='));
    await page.getByLabel('Departure (empty: now)').fill(at);
    await page.getByLabel('Departure (empty: now)').dispatchEvent('change');
    const url = new URL((await asked).url());
    expect(new Date(url.searchParams.get('at')!).getTime()).toBe(new Date(at).getTime());
    // what the service says each hub needs at that time: the page shows exactly that, plus the operator's own zone
    const res = await fetch(`${web.rig.base}/api/hubs?at=${encodeURIComponent(url.searchParams.get('at')!)}`, { headers: { authorization: `Bearer ${OPERATOR}` } });
    const hubs = (await res.json()) as { id: string; consentZones: string[] }[];
    const need = ['uke', 'asklepios-st-georg'].flatMap((id) => hubs.find((h) => h.id === id)!.consentZones);
    await expect.poll(() => consents.inputValue()).toBe([...new Set(['HHX99', ...need])].join(', '));
    expect(await page.getByLabel('From hub').inputValue()).toBe('uke');
    expect(await page.getByLabel('To hub').inputValue()).toBe('asklepios-st-georg');
    await page.context().close();
  });

  it('makes no request to any host other than 127.0.0.1 and throws no page errors', () => {
    expect(requests.some((u) => u.includes('/api/hubs'))).toBe(true);
    expect(foreignRequests(requests)).toEqual([]);
  });
});
