// The SPA shell: home page in Dutch and English, the language choice persists, unknown routes
// show the 404 page, keyboard access, and axe on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectNoProblems, launch, openPage } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the home page says in Dutch what the portal is for', async () => {
  const page = await openPage(browser, '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.equal(
    await page.getByRole('heading', { level: 1 }).textContent(),
    'eHerkenning voor uw hele organisatie',
  );
  assert.match(await page.title(), /^eHerkenning voor uw hele organisatie – Middelpunt$/);
  const main = await page.getByRole('main').textContent();
  assert.match(main, /machtigingenbeheerder/);
  assert.match(main, /EH2\+/);
  assert.ok(await page.getByRole('navigation', { name: 'Hoofdmenu' }).isVisible());
  assert.ok(await page.getByRole('contentinfo').isVisible());
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});

test('switching to English translates the page and persists after a reload', async () => {
  const page = await openPage(browser, '/');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'eHerkenning for your whole organisation' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.title(), 'eHerkenning for your whole organisation – Middelpunt');
  assert.ok(await page.getByRole('navigation', { name: 'Main menu' }).isVisible());
  await expectNoAxeViolations(page);

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'eHerkenning for your whole organisation' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');

  await page.getByRole('button', { name: 'Schakel over naar Nederlands' }).click();
  await page.getByRole('heading', { level: 1, name: 'eHerkenning voor uw hele organisatie' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  expectNoProblems(page);
  await page.context().close();
});

test('a deep link to an unknown route shows the 404 page, in both languages', async () => {
  const page = await openPage(browser, '/bestaat/niet?x=1');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Pagina niet gevonden');
  assert.equal(await page.title(), 'Pagina niet gevonden – Middelpunt');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await page.getByRole('heading', { level: 1, name: 'eHerkenning for your whole organisation' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  expectNoProblems(page);
  await page.context().close();
});

test('the site works by keyboard: skip link first, focus moves to the new page heading', async () => {
  const page = await openPage(browser, '/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Direct naar de inhoud' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'skip link is focused first');
  assert.ok(await skip.isVisible(), 'the focused skip link is visible');

  const navLink = page.getByRole('navigation', { name: 'Over deze website' }).getByRole('link', { name: 'Toegankelijkheidsverklaring' });
  await navLink.focus();
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1, name: 'Toegankelijkheidsverklaring' });
  await heading.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'page-heading');
  assert.equal(await navLink.getAttribute('aria-current'), 'page');
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});
