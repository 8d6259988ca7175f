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
});
