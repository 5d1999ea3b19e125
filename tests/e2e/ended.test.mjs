// An organisation the KvK register lists as ended (issue 13): the demo manager also manages
// 96354429, KvK's inactive test case, which the embedded register lists as ended on 1 March
// 2024. The wizard says so at the KvK step in the error summary (focused, announced, "Fout: " in
// the title, its link leading to the refusal and on to another organisation), by keyboard alone;
// Beheer's organisation filter marks it in words. axe on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectNoProblems, launch, openPage } from './support.mjs';

const DEMO = { email: 'beheerder@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };
const ENDED = 'Global Stimflex Coöperatie U.A.';
const MESSAGE =
  'Het Handelsregister vermeldt Global Stimflex Coöperatie U.A. (KvK-nummer 96354429) als beëindigd op 01-03-2024. '
  + 'Voor een beëindigde organisatie kunt u geen eHerkenningsmiddelen bestellen; kies een andere organisatie.';
const MARK = 'Beëindigd volgens het Handelsregister: 01-03-2024';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function tabTo(page, locator) {
  for (let i = 0; i < 80; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`not reachable by Tab: ${locator}`);
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.id);

test('the wizard refuses an ended organisation at the KvK step, announced and by keyboard alone', async () => {
  const page = await openPage(browser, '/inloggen');
  const keys = page.keyboard;
  await tabTo(page, page.getByLabel('E-mailadres'));
  await keys.type(DEMO.email);
  await keys.press('Tab');
  await keys.type(DEMO.password);
  await keys.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'eHerkenning voor uw hele organisatie' }).waitFor();
  await page.goto('/bestellen');

  // Step 1: the ended organisation is marked in words, and can still be chosen.
  await page.getByRole('heading', { level: 1, name: 'Organisatie en betrouwbaarheidsniveau' }).waitFor();
  const ended = page.getByRole('radio', { name: ENDED });
  await ended.waitFor();
  await page.getByText(`KvK-nummer 96354429 · ${MARK}`).waitFor();
  await expectNoAxeViolations(page);
  await tabTo(page, page.getByRole('radio', { name: 'Test BV Donald' }));
  while (!(await ended.isChecked())) await keys.press('ArrowDown');
  await tabTo(page, page.getByRole('radio', { name: 'EH2', exact: true }));
  await keys.press('ArrowDown');
  await keys.press('ArrowDown');
  assert.ok(await page.getByRole('radio', { name: 'EH3' }).isChecked());
  await tabTo(page, page.getByRole('button', { name: 'Volgende' }));
  await keys.press('Enter');

  // Step 2: the register's answer refuses the order, in the error summary, which takes focus.
  await page.getByRole('heading', { level: 1, name: 'KvK-nummer en vestiging' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  const summary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
  assert.equal(await summary.getByRole('link').textContent(), MESSAGE);
  assert.match(await page.title(), /^Fout: Stap 2 van 6/);
  assert.equal(await page.locator('#organisation-ended p').first().textContent(), MESSAGE);
  assert.equal(await page.getByRole('button', { name: 'Volgende' }).count(), 0, 'no way on');
  await expectNoAxeViolations(page);

  // The summary's link leads to the refusal, and from there to another organisation.
  await keys.press('Tab');
  await keys.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'organisation-ended');
  await keys.press('Tab');
  const other = page.getByRole('link', { name: 'Kies een andere organisatie', exact: true });
  assert.ok(await other.evaluate((el) => el === document.activeElement), `focus on ${await focusedId(page)}`);
  await keys.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Organisatie en betrouwbaarheidsniveau' }).waitFor();

  // Step 3 refuses it too, when reached by its address.
  await page.goto('/bestellen/organisatiegegevens');
  await page.getByRole('heading', { level: 1, name: 'Controleer uw organisatiegegevens' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.equal(await page.getByRole('button', { name: 'Volgende' }).count(), 0);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
});

test("Beheer's organisation filter marks the ended organisation in words", async () => {
  const page = await openPage(browser, '/inloggen');
  await page.getByLabel('E-mailadres').fill(DEMO.email);
  await page.getByLabel('Wachtwoord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'eHerkenning voor uw hele organisatie' }).waitFor();
  await page.goto('/beheer/aanvragen');
  await page.getByRole('heading', { level: 1, name: 'Lopende aanvragen' }).waitFor();
  const option = page.getByLabel('Organisatie').locator('option', { hasText: ENDED });
  await option.waitFor({ state: 'attached' });
  assert.equal(await option.textContent(), `${ENDED} (KvK-nummer 96354429) – ${MARK}`);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
});
