/**
 * The obstacle layer in a real browser: structures from GET /api/obstacles drawn with their
 * height label and clearance ring (a power line as a line with its corridor); a popup names the structure. Without chromium the suite is
 * skipped, except in CI (CI=true), where it fails.
 */
import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, MUST_RUN, webSuite } from './browser.js';
import { TOKENS } from './rig.js';

describe.skipIf(!HAVE_CHROMIUM && !MUST_RUN)('obstacle layer in chromium', () => {
  const web = webSuite(1);

  it('draws the television tower with its height label and a popup; the status counts the obstacles', async () => {
    const page = await web.open(`?token=${TOKENS[0]!.token}`);
    const tower = page.locator('path.obstacle-HH-TVT');
    await tower.waitFor({ timeout: 60_000 }).catch((e: Error) => { throw new Error(`${e.message}\n${web.requests.filter((r) => /pageerror|obstacle/.test(r)).join('\n')}`); });
    await expect.poll(() => page.locator('.obstacle-label').allInnerTexts()).toContain('280 m');
    await expect.poll(() => page.locator('#airspace-status').innerText()).toMatch(/; \d+ obstacles\./);
    // the power-line span: a line (not a disc) with its height label and the two dashed corridor edges
    await expect.poll(() => page.locator('path.obstacle-HH-EK2').count()).toBe(1);
    await expect.poll(() => page.locator('.obstacle-label').allInnerTexts()).toContain('227 m');
    expect(await page.locator('path.obstacle-HH-EK2').getAttribute('fill')).toBe('none');
    await tower.dispatchEvent('click'); // a 15 m disc is a pixel or two at the start zoom; the label sits over it
    const popup = page.locator('.leaflet-popup-content .obstacle-popup');
    await popup.waitFor();
    const text = await popup.innerText();
    expect(text).toContain('Heinrich-Hertz-Turm (television tower): 280 m AGL');
    expect(text).toMatch(/Clearance\s+50 m around, 50 m above/);
  }, 120_000);

  it('the altitude profile of a plan past the television tower shows it with its keep-out (issue 17\'s case)', async () => {
    const page = await web.open(`?token=${TOKENS[0]!.token}`);
    await page.locator('#plan[data-available="true"]').waitFor({ timeout: 60_000 });
    await page.getByLabel('From (lat, lon)').fill('53.5600, 9.9700');
    await page.getByLabel('To (lat, lon)').fill('53.5650, 9.9820');
    await page.getByLabel('Consents (zone ids, comma-separated)').fill('HHA01');
    await page.getByRole('button', { name: 'Plan route' }).click();
    await expect.poll(() => page.locator('#plan .plan-result').getAttribute('data-result'), { timeout: 30_000 }).toBe('ok');
    expect(await page.locator('.alt-chart line.alt-obstacle.in-band[data-id="HH-TVT"]').count()).toBe(1);
    // the route keeps the 50 m and the search's 3 m tracking margin: the keep-out does not reach its curtain, so the overfly height (330 m) is marked
    expect(await page.locator('.alt-chart .alt-obstacle-clearance[data-id="HH-TVT"]').count()).toBe(1);
    expect(await page.locator('.alt-chart line.alt-obstacle[data-id="HH-TVT"] title').textContent()).toMatch(/top 280 m AGL, 53 m beside the route \(clearance: 50 m beside it, or above 330 m AGL\)/);
    expect(await page.locator('.alt-chart svg').getAttribute('aria-label')).toMatch(/passes \d+ structures? \(.*Heinrich-Hertz-Turm \(television tower\) 280 m at 0\.\d\d km, 53 m beside/);
  }, 120_000);
});
