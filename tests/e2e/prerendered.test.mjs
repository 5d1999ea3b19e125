// Content before the WASM (issue 18, item 1; src/prerender.rs): with JavaScript off, which is
// what a phone shows while the WASM is still on its way, every public page already has its
// header, heading, title and text, and an invitation's link its neutral first screen; with it
// on, the app takes the page over without changing a word of it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FOOTER_PAGES, baseUrl, expectNoProblems, freshPage, launch, takenOver } from './support.mjs';
import { PHONE } from './manager.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Each public page: its title and a sentence only its own text has.
const PAGES = [
  ['/', 'eHerkenning voor uw hele organisatie', /machtigingenbeheerder/],
  ['/prijzen', 'Prijzen', /EH2\+.*€/s],
  ...FOOTER_PAGES.map(({ path, nl: [heading, sentence] }) => [path, heading, sentence]),
];

/** A phone without JavaScript: the page exactly as the server sent it. */
async function withoutScripts() {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'nl-NL',
    viewport: PHONE,
    javaScriptEnabled: false,
  });
  return context.newPage();
}

test('before any script runs, every public page shows its header, heading, title and text', async () => {
  const page = await withoutScripts();
  for (const [path, heading, sentence] of PAGES) {
    await page.goto(path);
    assert.equal(await page.locator('main h1').textContent(), heading, path);
    assert.equal(await page.title(), `${heading} – Middelpunt`, path);
    assert.match(await page.locator('main').innerText(), sentence, path);
    const banner = page.getByRole('banner');
    assert.ok(await banner.getByRole('link', { name: 'Middelpunt' }).isVisible(), path);
    assert.ok(await page.getByRole('contentinfo').getByRole('link', { name: 'Privacyverklaring' }).isVisible(), path);
    // Nothing works before the app: the language switch and the menu say so.
    const buttons = page.locator('button');
    for (let i = 0; i < (await buttons.count()); i++) {
      assert.ok(await buttons.nth(i).isDisabled(), `${path}: ${await buttons.nth(i).textContent()}`);
    }
  }
  await page.context().close();
});

test('an invitation link shows a neutral heading at once, the wizard and Beheer their frame', async () => {
  const page = await withoutScripts();
  await page.goto('/activeren/een-token-uit-de-mail');
  assert.equal(
    await page.getByRole('heading', { level: 1 }).textContent(),
    'Uitnodiging voor eHerkenning',
  );
  await page.getByRole('status').filter({ hasText: 'Bezig met laden…' }).waitFor();
  // The activation's header: the name and the language switch, nothing that leads away.
  const banner = page.getByRole('banner');
  assert.equal(await banner.getByRole('link').count(), 0);
  assert.ok(await banner.getByText('Middelpunt').isVisible());
  for (const path of ['/beheer', '/bestellen/organisatie', '/inloggen']) {
    await page.goto(path);
    assert.ok(await page.getByRole('banner').getByRole('link', { name: 'Middelpunt' }).isVisible(), path);
    // No page's content before the app knows which page is true.
    assert.equal(await page.locator('main h1').count(), 0, path);
  }
  // The main app's frame stands for any of its pages: it marks none as the current one.
  assert.equal(await page.locator('[aria-current]').count(), 0);
  await page.context().close();
});

test('the app takes a prerendered page over without changing what it says', async () => {
  const before = await withoutScripts();
  const page = await freshPage(browser, { viewport: PHONE });
  // Every text the main landmark shows, once the page is parsed and as the DOM changes.
  await page.context().addInitScript(() => {
    window.mainTexts = [];
    const record = () => {
      const main = document.querySelector('main');
      const text = main ? main.innerText.trim() : '';
      if (window.mainTexts.at(-1) !== text) window.mainTexts.push(text);
    };
    document.addEventListener('DOMContentLoaded', () => {
      record();
      new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
    });
  });
  for (const [path] of PAGES) {
    await before.goto(path);
    const prerendered = (await before.locator('main').innerText()).trim();
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await takenOver(page);
    assert.equal(await page.locator('main').count(), 1, path);
    assert.equal((await page.locator('main').innerText()).trim(), prerendered, path);
    // Never an empty page or "Bezig met laden…" in between: only the one text.
    assert.deepEqual(await page.evaluate(() => window.mainTexts), [prerendered], path);
    // The app is in charge: its language switch works.
    assert.ok(await page.getByRole('banner').getByRole('button').first().isEnabled(), path);
  }
  expectNoProblems(page);
  await before.context().close();
  await page.context().close();
});

test('a visitor who chose English never sees the Dutch copy first', async () => {
  const page = await freshPage(browser, { viewport: PHONE });
  await page.context().addInitScript(() => {
    localStorage.setItem('middelpunt.lang', 'en');
    // Every heading laid out, from the first frame on (one may come while the page parses).
    window.headings = [];
    const record = () => {
      const h1 = document.querySelector('main h1');
      const text = h1?.checkVisibility() ? h1.textContent.trim() : '';
      if (text && window.headings.at(-1) !== text) window.headings.push(text);
      if (window.headings.length === 0) requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
  });
  for (const [path, heading] of [['/privacy', 'Privacy statement'], ['/prijzen', 'Prices']]) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.headings), [heading], path);
  }
  expectNoProblems(page);
  await page.context().close();
});
