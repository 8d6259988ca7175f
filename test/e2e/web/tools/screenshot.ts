/**
 * Takes the README screenshot (docs/img/map.png) against the real service (embedded simulator at
 * 5×, two PX4s at UKE): logs in as operator in chromium, plans UKE → Asklepios St. Georg (H2) from
 * the hub lists (their consents pre-filled), creates and launches it on sim/1, and captures the live
 * flight at 1280×800 with the delivery's progress along its route.
 * Run: npx tsx test/e2e/web/tools/screenshot.ts [out.png]
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { OPERATOR, startTestService, testConfig } from '../../../service/rig.js';
import { BROWSER_ARGS, CHROMIUM } from '../browser.js';

const out = process.argv[2] ?? join(import.meta.dirname, '../../../../docs/img/map.png');
const svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 2, speed: 5, home: { lat: 53.5914, lon: 9.9767, altAmslM: 10 } } }), { web: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  await page.goto(`${svc.url}/?token=${OPERATOR}`);
  await page.locator('.vehicle-row[data-vehicle="sim/1"]').waitFor();
  await page.locator('#plan-to-hub option[value="asklepios-st-georg"]').waitFor({ state: 'attached' });
  await page.getByLabel('From hub').selectOption('uke');
  await page.getByLabel('To hub').selectOption('asklepios-st-georg');
  await page.getByRole('button', { name: 'Plan route' }).click();
  await page.getByRole('button', { name: 'Create delivery' }).click();
  const delivery = page.locator('.delivery-row').first();
  await delivery.getByRole('combobox').selectOption('sim/1');
  await delivery.getByRole('button', { name: /^Launch delivery/ }).click();
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.delivery-row')?.dataset.state === 'in_flight', undefined, { timeout: 30_000 });
  // about a third of the way: the vehicle, its trail, the route behind and ahead of it
  await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.delivery-progress')?.dataset.alongM) > 1500, undefined, { timeout: 60_000 });
  await page.locator('aside.side').evaluate((e) => (e.scrollTop = 0));
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await svc.close();
}
