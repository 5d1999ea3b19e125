// The manager logs in and out; a wrong password is said plainly, in the error summary that gets
// focus and at the field; the wizard sends a visitor who is not logged in to the login page and
// back afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectNoProblems, launch, openPage } from './support.mjs';

export const DEMO = { email: 'beheerder@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a wrong password is refused with a message in the error summary, which gets focus', async () => {
  const page = await openPage(browser, '/inloggen');
  await page.getByLabel('E-mailadres').fill(DEMO.email);
  await page.getByLabel('Wachtwoord').fill('niet-het-wachtwoord');
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  const summary = page.getByRole('alert');
  await summary.getByText('E-mailadres of wachtwoord klopt niet').waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.match(await page.title(), /^Fout: /);
  assert.equal(await page.getByLabel('E-mailadres').inputValue(), DEMO.email, 'what was typed stays');
  await expectNoAxeViolations(page);
  // The 401 of the refused login is the only console error, and it is expected.
  assert.ok(page.problems.every((p) => p.includes('401')), page.problems.join('\n'));
  await page.context().close();
});

test('when the server fails, the message names the request id for the help desk', async () => {
  const page = await openPage(browser, '/inloggen');
  await page.context().route('**/api/v1/session', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({
            code: 'internal_error',
            message: 'Er ging bij ons iets mis. Probeer het later opnieuw.',
            request_id: '3f9c2a7e1b',
          }),
        })
      : route.continue(),
  );
  await page.getByLabel('E-mailadres').fill(DEMO.email);
  await page.getByLabel('Wachtwoord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page
    .getByRole('alert')
    .getByText('Er ging bij ons iets mis. Probeer het later opnieuw. Neemt u contact op? Noem dan deze foutcode: 3f9c2a7e1b.')
    .waitFor();
  assert.equal(await page.getByLabel('E-mailadres').inputValue(), DEMO.email, 'what was typed stays');
  await expectNoAxeViolations(page);
  assert.ok(page.problems.every((p) => p.includes('500')), page.problems.join('\n'));
  await page.context().close();
});

test('empty fields are named in the summary and at each field, without asking the server', async () => {
  const page = await openPage(browser, '/inloggen');
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('link', { name: 'Vul uw e-mailadres in' }).waitFor();
  await page.getByRole('link', { name: 'Vul uw wachtwoord in' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
  assert.equal(await page.getByLabel('Wachtwoord').getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});

test('the wizard sends a visitor to the login page and back, and logging out ends the session', async () => {
  const page = await openPage(browser, '/bestellen');
  await page.waitForURL(/\/inloggen\?terug=/);
  await page.getByLabel('E-mailadres').fill(DEMO.email);
  await page.getByLabel('Wachtwoord').fill(DEMO.password);
  await page.getByLabel('Wachtwoord').press('Enter');
  await page.waitForURL(/\/bestellen\/organisatie$/);
  await page.getByRole('heading', { level: 1, name: 'Organisatie en betrouwbaarheidsniveau' }).waitFor();
  assert.ok(await page.getByRole('banner').getByText('Bea Beheerder').isVisible(), 'the header names the manager');

  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByText('U bent uitgelogd.').waitFor();
  await page.goto('/bestellen');
  await page.waitForURL(/\/inloggen\?terug=/);
  expectNoProblems(page);
  await page.context().close();
});

test('the e-mail address and the password can be pasted (WCAG 2.2: no cognitive test at login)', async () => {
  const page = await openPage(browser, '/inloggen');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  const paste = async (locator, text) => {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await locator.focus();
    await page.keyboard.press('Control+V');
    assert.equal(await locator.inputValue(), text, 'the pasted text is in the field');
  };
  await paste(page.getByLabel('E-mailadres'), DEMO.email);
  await paste(page.getByLabel('Wachtwoord'), DEMO.password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));
  await page.context().close();
});
