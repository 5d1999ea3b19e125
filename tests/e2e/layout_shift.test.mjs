// No layout shift while a public page loads (issue 18, item 8): on a phone (360×740) every
// public page is opened afresh and the browser's own layout-shift entries are added up, as
// Lighthouse's Cumulative Layout Shift does, until the page has settled. The sum must be 0.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PUBLIC_PAGES, freshPage, launch } from './support.mjs';
import { PHONE } from './manager.mjs';


let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('no public page shifts its layout while it loads (CLS 0 on a phone)', async () => {
  const page = await freshPage(browser, { viewport: PHONE });
  // Every layout shift from the first paint on, as the Layout Instability API reports it.
  await page.context().addInitScript(() => {
    window.layoutShifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) {
          const moved = entry.sources.map((s) => s.node?.outerHTML?.slice(0, 80) ?? '?');
          window.layoutShifts.push({ value: entry.value, moved });
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const shifted = {};
  for (const path of PUBLIC_PAGES) {
    await page.goto(path);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    // Two frames for the last shifts to be reported.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const shifts = await page.evaluate(() => window.layoutShifts);
    if (shifts.length > 0) shifted[path] = shifts;
  }
  assert.deepEqual(shifted, {}, JSON.stringify(shifted, null, 1));
  await page.context().close();
});
