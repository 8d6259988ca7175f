/**
 * Takes the README screenshot (docs/img/map.png): starts the web rig (two simulated PX4s 2 km
 * apart), logs in as operator in chromium, plans UKE → St. Georg (H2) in the panel, flies one
 * vehicle up and captures the page at 1280×800.
 * Run: npx tsx test/e2e/web/tools/screenshot.ts [out.png]
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM } from '../browser.js';
import { startWebRig, TOKENS } from '../rig.js';

const out = process.argv[2] ?? join(import.meta.dirname, '../../../../docs/img/map.png');
const rig = await startWebRig(2, 5, 2000);
const op = { authorization: `Bearer ${TOKENS[0]!.token}`, 'content-type': 'application/json' };
const command = (id: string, body: object) => fetch(`${rig.base}/api/vehicles/${id}/commands`, { method: 'POST', headers: op, body: JSON.stringify(body) }).then((r) => r.json());
const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  page.on('requestfailed', (r) => console.log(`[requestfailed] ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(`${rig.base}/?token=${TOKENS[0]!.token}`);
  await page.waitForSelector('.vehicle-row[data-vehicle="sim/2"]');
  await page.getByLabel('From (lat, lon)').fill('53.5914, 9.9767');
  await page.getByLabel('To (lat, lon)').fill('53.5592, 10.0181');
  await page.getByLabel('Consents (zone ids, comma-separated)').fill('HHH01, HHH02');
  await page.getByRole('button', { name: 'Plan route' }).click();
  await page.locator('path.route').waitFor();
  await page.waitForTimeout(1000); // let the fit-to-route animation finish before choosing the view
  console.log(await command('sim/1', { command: 'arm' }));
  console.log(await command('sim/1', { command: 'takeoff', altitudeM: 40 }));
  await page.evaluate(() => (window as unknown as { elbflug: { map: { setView(c: [number, number], z: number): void } } }).elbflug.map.setView([53.568, 10.0], 13));
  await page.waitForTimeout(4000);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await rig.close();
}
