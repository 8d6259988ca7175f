/**
 * The engineer's simulator panel in a real browser (Debian's chromium via playwright-core) against
 * the rig's simulated PX4s: the list of simulated vehicles, Add (the new vehicle appears live in the
 * page's vehicle list), the speed factor, faults injected into running vehicles with their effect
 * in the vehicle list and the alerts, the API's message for a rejected fault, and Remove (the
 * vehicle goes lost). Viewers and operators do not get the panel.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, HAVE_CHROMIUM, MUST_RUN, webSuite } from './browser.js';
import { TOKENS } from './rig.js';

const [OPERATOR, VIEWER, ENGINEER] = TOKENS.map((t) => t.token) as [string, string, string];

describe.skipIf(!HAVE_CHROMIUM && !MUST_RUN)('engineer view: simulator panel in chromium', () => {
  const web = webSuite(2);
  const openPage = (token: string): Promise<Page> => web.open(`?token=${token}`);
  /** Resolves when the service has received a STATUSTEXT matching `text` from `vehicle` (fails after 60 s, saying so). */
  const serviceReceivesText = (vehicle: string, text: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => (off(), reject(new Error(`the service received no STATUSTEXT ${text} from ${vehicle} in 60 s`))), 60_000);
      const off = web.rig.fleet.on('state', (v, s) => {
        if (v.id !== vehicle || !s.statusTexts.recent.some((t) => text.test(t.text))) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  const api = async (path: string, init: RequestInit = {}, token = OPERATOR): Promise<Record<string, unknown>> =>
    (await (await fetch(`${web.rig.base}/api${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })).json()) as Record<string, unknown>;

  it('engineer: lists, adds, speeds up, injects faults (seen in the vehicle list and alerts), shows a rejection, removes', async () => {
    const page = await openPage(ENGINEER);
    const panel = page.locator('#simulator');
    const result = panel.locator('.sim-result');
    await panel.locator('.sim-vehicle[data-sysid="1"]').waitFor();
    await panel.locator('.sim-vehicle[data-sysid="2"]').waitFor();
    expect(await panel.isVisible()).toBe(true);
    await expect.poll(() => panel.locator('.sim-summary').innerText()).toBe('2 simulated vehicles · 3× real time');
    expect(await panel.locator('.sim-vehicle[data-sysid="1"]').innerText()).toMatch(/sysid 1 \(sim\/1\) · \w+ · disarmed · battery \d+% · 53\.\d{5}, 9\.\d{5} · 0 m/);

    // Add: a third vehicle, discovered by the service and streamed to the page's live list
    await page.getByRole('button', { name: 'Add vehicle' }).click();
    await expect.poll(() => result.innerText()).toMatch(/^Vehicle 3 added at 53\.\d{5}, 9\.\d{5}; it appears as sim\/3/);
    await panel.locator('.sim-vehicle[data-sysid="3"]').waitFor();
    await page.locator('.vehicle-row[data-vehicle="sim/3"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.veh[data-vehicle="sim/3"]').count(), { timeout: 10_000 }).toBe(1);
    expect(web.rig.audit.find((e) => e.action === 'sim.vehicle.add')).toMatchObject({ who: 'erik', role: 'engineer', ok: true });

    // Speed factor
    await page.getByLabel('Speed factor (× real time)').fill('4');
    await page.getByRole('button', { name: 'Apply speed' }).click();
    await expect.poll(() => result.innerText()).toBe('Speed factor 4× real time.');
    expect((await api('/sim')).speed).toBe(4);
    await expect.poll(() => panel.locator('.sim-summary').innerText()).toBe('3 simulated vehicles · 4× real time');

    // Link loss on vehicle 1 → the page sees its telemetry stop: stale, then lost, with alerts
    const row1 = page.locator('.vehicle-row[data-vehicle="sim/1"]');
    await expect.poll(() => row1.getAttribute('data-link')).toBe('ok');
    await page.getByLabel('Target').selectOption({ label: 'Vehicle 1 (sim/1)' });
    await page.getByLabel('Fault', { exact: true }).selectOption('linkLoss');
    await page.getByLabel('Link loss duration (simulated s)').fill('60');
    await page.getByRole('button', { name: 'Inject fault' }).press('Enter'); // keyboard
    await expect.poll(() => result.innerText()).toBe('Link loss injected into vehicle 1 (seconds 60).');
    const linkAlert = page.locator('.alert', { hasText: 'sim/1:' }).filter({ hasText: /\(LINK_(STALE|LOST)\)/ });
    await expect.poll(() => linkAlert.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => row1.getAttribute('data-link'), { timeout: 10_000 }).toBe('lost');
    expect(await page.locator('.veh[data-vehicle="sim/1"] .veh-arrow').getAttribute('class')).toContain('stale');

    // Battery drop on vehicle 2 in flight → PX4's battery warning as a STATUSTEXT alert
    await expect.poll(() => web.rig.fleet.vehicle('sim/2')?.session.state, { timeout: 20_000 }).toMatchObject({ systemStatus: 'STANDBY', position: expect.anything() });
    for (const body of [{ command: 'arm' }, { command: 'takeoff', altitudeM: 20 }]) expect(await api('/vehicles/sim/2/commands', { method: 'POST', body: JSON.stringify(body) })).toMatchObject({ result: expect.any(String) });
    // Wait on the event: the service's receipt of PX4's battery warning (no fixed window: a loaded
    // machine delays it), then the page's alert for it.
    const warned = serviceReceivesText('sim/2', /Low battery|Failsafe activated/);
    warned.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
    await page.getByLabel('Target').selectOption('2');
    await page.getByLabel('Fault', { exact: true }).selectOption('batteryDrop');
    await page.getByLabel('Battery drops to (%)').fill('12');
    await page.getByRole('button', { name: 'Inject fault' }).click();
    await expect.poll(() => result.innerText()).toBe('Battery drop injected into vehicle 2 (pct 12).');
    await expect.poll(() => page.locator('.vehicle-row[data-vehicle="sim/2"] .cell-battery').innerText(), { timeout: 10_000 }).toMatch(/^battery 1[0-2]%$/);
    const textAlert = page.locator('.alert[data-code="STATUSTEXT"]', { hasText: 'sim/2:' });
    await warned;
    await expect.poll(() => textAlert.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await textAlert.first().innerText()).toMatch(/Low battery|Failsafe activated/);
    await page.evaluate(() => {
      const side = document.querySelector<HTMLElement>('.side')!;
      side.scrollTop = document.getElementById('simulator')!.offsetTop - side.offsetTop;
      const w = window as unknown as { elbflug: { map: { setView(ll: [number, number], z: number, o: object): void } } };
      const r = document.querySelector<HTMLElement>('.vehicle-row[data-vehicle="sim/2"]')!.dataset;
      w.elbflug.map.setView([Number(r.lat), Number(r.lon)], 17, { animate: false });
    });
    await page.screenshot({ path: join(ARTIFACTS, 'engineer.png') });
    await page.locator('#alerts').screenshot({ path: join(ARTIFACTS, 'engineer-alerts.png') });

    // A fault the service rejects: its message and code, nothing applied
    await page.getByLabel('Fault', { exact: true }).selectOption('gpsLoss');
    await page.getByLabel('GPS loss duration (simulated s; empty = until cleared)').fill('-3');
    await page.getByRole('button', { name: 'Inject fault' }).click();
    await expect.poll(() => result.getAttribute('data-result')).toBe('error');
    expect(await result.innerText()).toMatch(/^Rejected: invalid fault: seconds: .*>0.*\(VALIDATION_FAILED\)$/);
    expect(web.rig.audit.filter((e) => e.action === 'sim.fault').map((e) => e.ok)).toEqual([true, true, false]);

    // Remove vehicle 3 (keyboard): gone from the simulator list, lost in the vehicle list
    await page.getByRole('button', { name: 'Remove simulated vehicle 3' }).press('Enter');
    await expect.poll(() => result.innerText()).toBe('Vehicle 3 removed; sim/3 goes lost in the vehicle list.');
    await expect.poll(() => panel.locator('.sim-vehicle[data-sysid="3"]').count()).toBe(0);
    expect(await page.getByLabel('Target').locator('option[value="3"]').count()).toBe(0);
    await expect.poll(() => page.locator('.vehicle-row[data-vehicle="sim/3"]').getAttribute('data-link'), { timeout: 15_000 }).toBe('lost');
    expect((await api('/sim')).vehicles).toHaveLength(2);
    expect(web.requests.filter((r) => r.startsWith('pageerror'))).toEqual([]);
  }, 120_000);

  it('viewer and operator: no simulator panel, no status polling of /api/sim', async () => {
    for (const token of [VIEWER, OPERATOR]) {
      const page = await openPage(token);
      await page.locator('.vehicle-row[data-vehicle="sim/2"]').waitFor();
      await page.waitForTimeout(2500); // longer than the panel's poll interval
      expect(await page.locator('#simulator').isVisible()).toBe(false);
      const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      expect(fetched.some((u) => u.includes('/api/vehicles'))).toBe(true);
      expect(fetched.filter((u) => u.includes('/api/sim'))).toEqual([]);
      await page.context().close();
    }
  });
});
