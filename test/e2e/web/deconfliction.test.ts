/**
 * The operator sees a deconfliction in chromium (issue 16): planning a delivery that meets another
 * one, the panel says how it was resolved (later departure, lateral detour) and why; the map
 * draws the other delivery's conflicting volumes with their height band and time; the altitude
 * profile shows them over the stretch of route where they met. (A height change also draws the
 * requested cruise height as a dashed line; no browser test covers that case yet.)
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OPERATOR, testConfig } from '../../service/rig.js';
import { ARTIFACTS, foreignRequests, HAVE_CHROMIUM, MUST_RUN, serviceSuite } from './browser.js';

const UKE = { lat: 53.5914, lon: 9.9767 };
const ST_GEORG = { lat: 53.5592, lon: 10.0181 };
const CONSENTS = ['HHH01', 'HHH02'];

describe.skipIf(!HAVE_CHROMIUM && !MUST_RUN)('deconfliction on the map and the altitude profile (chromium, real service)', () => {
  // two minutes of delay at most: a head-on flight at the same time cannot just wait
  const suite = serviceSuite(() => testConfig({ simulator: { enabled: false, vehicles: 0, speed: 1, home: { ...UKE, altAmslM: 10 } }, deconfliction: { maxDelayS: 120 } }));
  const requests = suite.requests;

  async function open(): Promise<Page> {
    const page = await suite.open();
    await page.getByLabel('Access token').fill(OPERATOR);
    await page.keyboard.press('Enter');
    await page.locator('#plan[data-available="true"]').waitFor();
    return page;
  }

  async function planInPanel(page: Page, from: { lat: number; lon: number }, to: { lat: number; lon: number }, departAt: string): Promise<void> {
    await page.getByLabel('From (lat, lon)').fill(`${from.lat}, ${from.lon}`);
    await page.getByLabel('To (lat, lon)').fill(`${to.lat}, ${to.lon}`);
    await page.getByLabel(/^Consents/).fill(CONSENTS.join(', '));
    if ((await page.locator('#plan details.plan-options').getAttribute('open')) === null) await page.locator('#plan details.plan-options summary').click();
    // the form's departure is a local datetime; the page runs in the test's time zone
    const local = new Date(departAt);
    const pad = (n: number) => String(n).padStart(2, '0');
    await page.getByLabel(/^Depart/).fill(`${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`);
    await page.locator('#plan button[type="submit"]').click();
    await page.locator('.plan-result[data-result="ok"]').waitFor({ timeout: 60_000 });
  }

  async function create(from: { lat: number; lon: number }, to: { lat: number; lon: number }, departAt: string): Promise<{ id: string; plan: { route: { durationS: number; request: { departAt: string } } } }> {
    const r = await suite.svc.api('/deliveries', { method: 'POST', body: JSON.stringify({ from, to, consents: CONSENTS, departAt }) });
    expect(r.status).toBe(201);
    return (await r.json()) as never;
  }

  it('a head-on plan at the same time, with no free departure within 2 min and no free band, goes around: the resolution, the other volumes on the map and the profile', async () => {
    const departAt = '2026-12-24T09:00:00Z';
    const a = await create(UKE, ST_GEORG, departAt);
    const page = await open();
    await planInPanel(page, ST_GEORG, UKE, departAt);
    const section = page.locator('.plan-result .deconfliction');
    await expect.poll(() => section.getAttribute('data-kind')).toBe('detour');
    expect(await section.locator('h3').first().innerText()).toMatch(new RegExp(`^Deconfliction: Lateral detour around \\d+ volume\\(s\\) of ${a.id}$`));
    expect(await section.locator('.deconfliction-why').innerText()).toMatch(new RegExp(`^route moved sideways around the conflicting volumes \\(no departure within 2 min is free, and no other height band is free\\): .*delivery ${a.id}'s .*; planned around \\d+ volume\\(s\\) of delivery ${a.id} as temporary obstacles$`));
    const rows = await section.locator('.deconfliction-conflicts li').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatch(new RegExp(`vs delivery ${a.id}'s .*, \\d+–\\d+ m AGL, overlap \\d\\d:\\d\\d:\\d\\d–\\d\\d:\\d\\d:\\d\\d UTC`));
    // the map: the other delivery's volumes, with band and time in their tooltip
    expect(await page.locator('path.conflict-volume').count()).toBeGreaterThan(0);
    await page.locator('path.conflict-volume').first().dispatchEvent('mouseover'); // zones may lie on top of it: no pointer needed
    await expect.poll(() => page.locator('.leaflet-tooltip').last().innerText()).toMatch(new RegExp(`^delivery ${a.id}: .*, \\d+–\\d+ m AGL, \\d\\d:\\d\\d:\\d\\d–\\d\\d:\\d\\d:\\d\\d UTC`));
    // the altitude profile: the conflicting bands over the stretch of route where they met
    const rects = page.locator('.plan-result rect.alt-conflict');
    expect(await rects.count()).toBeGreaterThan(0);
    expect(await rects.first().getAttribute('data-delivery')).toBe(a.id);
    expect(await page.locator('.plan-result svg.alt-svg').getAttribute('aria-label')).toContain(`conflicted at the requested time with ${a.id}`);
    await page.screenshot({ path: join(ARTIFACTS, 'deconfliction-detour.png') });
    await page.context().close();
  }, 120_000);

  it('a plan meeting the end of another flight leaves later: the delay, the other volumes', async () => {
    const departAt = '2026-12-25T09:00:00Z';
    const a = await create(UKE, ST_GEORG, departAt);
    // requested when the other one lands: its last volumes (with their time buffers) still block a minute or two
    const meet = new Date(Date.parse(a.plan.route.request.departAt) + Math.round(a.plan.route.durationS / 60) * 60_000).toISOString();
    const page = await open();
    await planInPanel(page, ST_GEORG, UKE, meet);
    const section = page.locator('.plan-result .deconfliction');
    await expect.poll(() => section.getAttribute('data-kind')).toBe('delayed');
    expect(await section.locator('h3').first().innerText()).toMatch(/^Deconfliction: Later departure \+\d+ min \d+ s$/);
    expect(await section.locator('.deconfliction-why').innerText()).toMatch(new RegExp(`^departure moved .* later.*delivery ${a.id}'s `));
    expect(await page.locator('path.conflict-volume').count()).toBeGreaterThan(0);
    expect(await page.locator('.plan-result .alt-requested').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'deconfliction-delay.png') });
    await page.context().close();
    expect(foreignRequests(requests)).toEqual([]);
  }, 120_000);
});
