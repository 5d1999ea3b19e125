// The pages a Dutch public service has (issue 18, item 6): algemene voorwaarden,
// gebruiksvoorwaarden, privacy, toegankelijkheid and contact, linked from every page's footer,
// in Dutch and English, each with its own text (from content/), axe-clean and without sideways
// scrolling at 320 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectNoProblems,
  freshPage,
  FOOTER_PAGES,
  launch,
  openPage,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});


test('every page of the footer opens with its own heading and text, in Dutch and in English', async () => {
  const page = await openPage(browser, '/');
  const footer = page.getByRole('navigation', { name: 'Over deze website' });
  for (const { path, nl } of FOOTER_PAGES) {
    const [title, text] = nl;
    await footer.getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, path);
    await page.getByRole('main').getByText(text).waitFor();
    assert.equal(await page.title(), `${title} – Middelpunt`);
    assert.equal(await footer.getByRole('link', { name: title, exact: true }).getAttribute('aria-current'), 'page');
    await expectNoAxeViolations(page);
  }

  // The language switch fetches the page's English text.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  const englishFooter = page.getByRole('navigation', { name: 'About this website' });
  for (const { path, nl, en } of FOOTER_PAGES) {
    const [title, text] = en;
    await englishFooter.getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, path);
    await page.getByRole('main').getByText(text).waitFor();
    const main = await page.getByRole('main').textContent();
    assert.doesNotMatch(main, nl[1], `${path} still shows its Dutch text in English`);
    await expectNoAxeViolations(page);
  }
  expectNoProblems(page);
  await page.context().close();
});

test('a link inside a page leads to another page of the site without reloading it', async () => {
  const page = await openPage(browser, '/privacy');
  await page.getByRole('heading', { level: 1, name: 'Privacyverklaring' }).waitFor();
  await page.evaluate(() => {
    window.__stayed = true;
  });
  await page.getByRole('main').getByRole('link', { name: 'Contact' }).click();
  await page.getByRole('heading', { level: 1, name: 'Contact', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => window.__stayed), true, 'the app navigated in place');
  await page.waitForFunction(() => document.activeElement?.id === 'page-heading');
  expectNoProblems(page);
  await page.context().close();
});

test('on a 320 px phone no page of the footer scrolls sideways, and each is axe-clean', async () => {
  const page = await freshPage(browser, { viewport: { width: 320, height: 640 } });
  for (const { path, nl } of FOOTER_PAGES) {
    await page.goto(path);
    await page.getByRole('main').getByText(nl[1]).waitFor();
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
  }
  expectNoProblems(page);
  await page.context().close();
});

test('a page whose text cannot be loaded says so, announced, instead of staying empty', async () => {
  const page = await freshPage(browser);
  await page.route('**/content/nl/privacy.html', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto('/privacy');
  await page.getByRole('heading', { level: 1, name: 'Privacyverklaring' }).waitFor();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Deze tekst kon niet worden geladen/);
  await expectNoAxeViolations(page);
  await page.context().close();
});
