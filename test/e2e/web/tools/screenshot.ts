/**
 * Takes the README screenshot (docs/img/map.png): starts the web rig, logs in as operator in
 * chromium, plans a delivery from sim/2 at the Rathaus to HafenCity Universität (H1) in the panel,
 * creates and launches it, and captures the live flight at 1280×800.
 * Run: npx tsx test/e2e/web/tools/screenshot.ts [out.png]
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM } from '../browser.js';
import { startWebRig, TOKENS } from '../rig.js';

const out = process.argv[2] ?? join(import.meta.dirname, '../../../../docs/img/map.png');
const rig = await startWebRig(2, 5, 300);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  await page.goto(`${rig.base}/?token=${TOKENS[0]!.token}`);
  const row = page.locator('.vehicle-row[data-vehicle="sim/2"]');
  await row.waitFor();
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.vehicle-row[data-vehicle="sim/2"]')?.dataset.lat !== undefined);
  await page.getByLabel('From (lat, lon)').fill(`${await row.getAttribute('data-lat')}, ${await row.getAttribute('data-lon')}`);
  await page.getByLabel('To (lat, lon)').fill('53.5406, 10.0052');
  await page.getByLabel('Consents (zone ids, comma-separated)').fill('HHG01');
  await page.getByRole('button', { name: 'Plan route' }).click();
  await page.getByRole('button', { name: 'Create delivery' }).click();
  const delivery = page.locator('.delivery-row').first();
  await delivery.getByRole('combobox').selectOption('sim/2');
  await delivery.getByRole('button', { name: /^Launch delivery/ }).click();
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.delivery-row')?.dataset.state === 'in_flight', undefined, { timeout: 30_000 });
  await page.waitForTimeout(12_000);
  await page.locator('aside.side').evaluate((e) => (e.scrollTop = 0));
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await rig.close();
}
