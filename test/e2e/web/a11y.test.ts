/**
 * Accessible basics, checked by axe-core (the engine behind Lighthouse's accessibility audit) in
 * chromium on the live page for each role at tablet size: WCAG 2.x A and AA rules — contrast,
 * labels, names of buttons and form fields, landmarks, ARIA use. Reports every violation found.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, MUST_RUN, webSuite } from './browser.js';
import { TOKENS } from './rig.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

describe.skipIf(!HAVE_CHROMIUM && !MUST_RUN)('accessibility (axe-core, WCAG 2 A/AA)', () => {
  const web = webSuite(2);

  async function audit(token: string | undefined, plant = false, then?: (page: Page) => Promise<void>): Promise<Violation[]> {
    // bypassCSP: only so the test can inject axe (the page's own policy allows no inline script)
    const page = await web.open(token ? `?token=${token}` : '', { bypassCSP: true });
    if (token) {
      await page.locator('.vehicle-row[data-vehicle="sim/2"]').waitFor();
      await page.locator('path.zone-HHH01').waitFor();
    } else await page.locator('#login-form').waitFor();
    await then?.(page);
    if (plant) await page.evaluate(() => document.querySelector('#alerts')?.after(Object.assign(document.createElement('button'), { className: 'planted' })));
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Violation[] }> } }).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }));
    });
    await page.close();
    return violations;
  }

  it.each([
    ['the login form', undefined],
    ['operator', TOKENS[0]!.token],
    ['ground staff (viewer)', TOKENS[1]!.token],
    ['engineer', TOKENS[2]!.token],
  ])('%s: no violations', async (_who, token) => {
    const v = await audit(token);
    expect(v.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('operator with a planned route (result, rule decisions, altitude chart, corridor): no violations', async () => {
    const v = await audit(TOKENS[0]!.token, false, async (page) => {
      await page.getByLabel('From (lat, lon)').fill('53.5914, 9.9767');
      await page.getByLabel('To (lat, lon)').fill('53.5592, 10.0181');
      await page.getByLabel(/^Consents/).fill('HHH01, HHH02');
      await page.getByRole('button', { name: 'Plan route' }).click();
      await expect.poll(() => page.locator('#plan .plan-result').innerText(), { timeout: 15_000 }).toMatch(/Distance/);
      await page.locator('#plan svg').first().waitFor();
    });
    expect(v.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('the audit is real: a planted button without a name is reported', async () => {
    const v = await audit(TOKENS[1]!.token, true);
    expect(v.map((x) => x.id)).toContain('button-name');
    expect(v.find((x) => x.id === 'button-name')!.nodes.map((n) => n.target.join(' '))).toEqual(['.planted']);
  });
});
