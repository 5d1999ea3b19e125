// Wizard step 4, the list as a whole (issue 10): a second file replaces the list or is merged
// into it (never beyond 100 users), list-wide changes can be undone and redone, and with many
// errors the step leads with them: a count, "only rows with errors", "next error" and a capped
// error summary. The session is mocked as in users.test.mjs; axe runs in every state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectNoProblems, launch } from './support.mjs';
import {
  hundredWithErrors,
  openUsersStep as open,
  peopleCsv as csv,
  person,
  upload,
} from './users_step.mjs';

const hundredClean = () => Array.from({ length: 100 }, (_, i) => person(i));

/** The merge file: 3 new people and 2 of the first 10 with another mobile number. */
function threeNewTwoChanged() {
  return [
    person(100),
    person(101),
    person(102),
    person(1, { mobile: '06 99990001' }),
    person(4, { mobile: '06 99990004' }),
  ];
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A file into a list that holds users: the panel appears and takes focus. */
async function uploadForChoice(page, name, buffer) {
  await upload(page, name, buffer);
  const panel = page.getByRole('group', { name: 'Vervang de lijst of voeg toe?' });
  await panel.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'users-file-choice');
  return panel;
}

function gridRows(page) {
  return page.getByRole('region', { name: 'Lijst van gebruikers (schuift horizontaal)' }).locator('tbody tr.users-table__row');
}

const invalidCells = (page) => page.locator('.users-grid [aria-invalid="true"]').count();
const focusedLabel = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
const undoNotice = (page) => page.locator('.users-undo__text');

async function expectListLength(page, n) {
  await page.getByRole('heading', { level: 2, name: `Gebruikers in deze aanvraag (${n})` }).waitFor();
  assert.equal(await gridRows(page).count(), n);
}

test('the page leads with the file, then the list, then the form', async () => {
  const page = await open(browser);
  const order = await page.evaluate(() =>
    [...document.querySelectorAll('main h2')].map((h) => h.textContent.trim()),
  );
  assert.deepEqual(order.slice(0, 3), [
    'Gebruikers uit een bestand',
    'Gebruikers in deze aanvraag (0)',
    'Gebruiker toevoegen',
  ]);
  expectNoProblems(page);
  await page.context().close();
});

test('100 rows with 12 errors: errors first; a corrected file replaces the list; undo and redo', async () => {
  const page = await open(browser);
  await upload(page, 'honderd.csv', csv(hundredWithErrors()));
  await page.getByText('honderd.csv: 100 gebruikers gelezen, 12 met fouten.').waitFor();
  await expectListLength(page, 100);

  // (a) The count, the capped summary.
  await page.getByText('12 rijen hebben een fout', { exact: true }).waitFor();
  const summary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
  await summary.waitFor();
  assert.equal(await summary.getByRole('link').count(), 10);
  assert.match(
    await summary.textContent(),
    /En nog 2 fouten\. Gebruik ‘Naar de volgende fout’ of ‘Toon alleen rijen met fouten’\./,
  );
  await expectNoAxeViolations(page);

  // Only the rows with errors, numbered as in the whole list.
  const only = page.getByRole('button', { name: 'Toon alleen rijen met fouten' });
  assert.equal(await only.getAttribute('aria-pressed'), 'false');
  await only.click();
  assert.equal(await only.getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(
    () => document.querySelectorAll('.users-grid tbody tr.users-table__row').length === 12,
  );
  const numbers = await gridRows(page).locator('th').allTextContents();
  assert.deepEqual(numbers.map(Number), [4, 12, 20, 28, 36, 44, 52, 60, 68, 76, 84, 92]);
  await page.getByText('12 van de 100 rijen getoond').waitFor();
  await expectNoAxeViolations(page);
  // A row fixed while the filter is on stays in view (it does not vanish under the cursor);
  // switching the filter off and on again leaves it out.
  const date4 = page.getByLabel('Geboortedatum, rij 4', { exact: true });
  await date4.fill('04-04-1963');
  await page.getByText('11 rijen hebben een fout', { exact: true }).waitFor();
  assert.equal(await gridRows(page).count(), 12);
  await only.click();
  await only.click();
  await page.waitForFunction(
    () => document.querySelectorAll('.users-grid tbody tr.users-table__row').length === 11,
  );
  await only.click();
  await page.waitForFunction(
    () => document.querySelectorAll('.users-grid tbody tr.users-table__row').length === 100,
  );
  await page.getByLabel('Geboortedatum, rij 4', { exact: true }).fill('04-13-1963');
  await page.getByLabel('Geboortedatum, rij 4', { exact: true }).press('Tab');
  await page.getByText('12 rijen hebben een fout', { exact: true }).waitFor();
  await only.click();
  await page.waitForFunction(
    () => document.querySelectorAll('.users-grid tbody tr.users-table__row').length === 12,
  );
  await only.click();
  await page.waitForFunction(
    () => document.querySelectorAll('.users-grid tbody tr.users-table__row').length === 100,
  );

  // "Naar de volgende fout": the first wrong cell, then the next, each announced.
  const next = page.getByRole('button', { name: 'Naar de volgende fout' });
  await next.click();
  assert.equal(await focusedLabel(page), 'Geboortedatum, rij 4');
  await page.getByText('Fout 1 van 12: rij 4, Geboortedatum').waitFor();
  await next.click();
  assert.equal(await focusedLabel(page), 'Geboortedatum, rij 12');
  await page.getByText('Fout 2 van 12: rij 12, Geboortedatum').waitFor();
  // From a cell further down, the next error after it.
  await page.getByLabel('Achternaam, rij 50', { exact: true }).focus();
  await page.evaluate(() => document.getElementById('users-next-error').click());
  assert.equal(await focusedLabel(page), 'Mobiel nummer, rij 52');

  // (b) The corrected file, "Vervang de lijst".
  const panel = await uploadForChoice(page, 'verbeterd.csv', csv(hundredClean()));
  assert.match(
    await panel.textContent(),
    /Het bestand verbeterd\.csv heeft 100 rijen\. Er staan al 100 gebruikers in de lijst\. Wat wilt u doen\?/,
  );
  assert.match(await panel.textContent(), /Toevoegen: 0 nieuw, 12 bijgewerkt, 88 ongewijzigd\./);
  await expectNoAxeViolations(page);
  // Each row of the file is a person in the list: the grid keeps their rows (the same elements)
  // and redraws only what changed.
  await page.evaluate(() => {
    for (const tr of document.querySelectorAll('.users-grid tbody tr.users-table__row')) tr.drawnBefore = true;
  });
  await panel.getByRole('button', { name: 'Vervang de lijst' }).click();
  await page.getByText('De lijst is vervangen door de 100 gebruikers uit verbeterd.csv.').waitFor();
  await expectListLength(page, 100);
  assert.equal(
    await page.evaluate(() => [...document.querySelectorAll('.users-grid tbody tr.users-table__row')].filter((tr) => tr.drawnBefore).length),
    100,
  );
  assert.equal(await invalidCells(page), 0);
  assert.ok(await page.getByText('12 rijen hebben een fout').isHidden());
  await page.getByRole('alert').filter({ hasText: 'Er is een probleem' }).waitFor({ state: 'detached' });
  await expectNoAxeViolations(page);

  // Undo: the 100 rows with their errors are back; focus on the notice's "Opnieuw doen".
  assert.match(await undoNotice(page).textContent(), /Lijst vervangen door de 100 gebruikers uit verbeterd\.csv/);
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await page.getByText('12 rijen hebben een fout', { exact: true }).waitFor();
  await expectListLength(page, 100);
  assert.equal(await invalidCells(page), 12);
  assert.equal(await page.getByLabel('Geboortedatum, rij 4', { exact: true }).inputValue(), '04-13-1963');
  const redo = page.getByRole('button', { name: 'Opnieuw doen' });
  await page.waitForFunction(() => document.activeElement?.id === 'users-undo-button');
  assert.match(await undoNotice(page).textContent(), /^Ongedaan gemaakt: /);
  await expectNoAxeViolations(page);

  // Redo: clean again.
  await redo.click();
  await page.getByRole('button', { name: 'Ongedaan maken' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.users-grid [aria-invalid="true"]'));
  await expectListLength(page, 100);

  // (d) A merge beyond 100 is refused and changes nothing; "Vervang de lijst" then works.
  const again = await uploadForChoice(page, 'erbij.csv', csv(threeNewTwoChanged()));
  assert.match(await again.textContent(), /Toevoegen: 3 nieuw, 2 bijgewerkt, 0 ongewijzigd\./);
  await again.getByRole('button', { name: 'Voeg toe' }).click();
  await page
    .getByText(
      'Met dit bestand komen er 103 gebruikers in de lijst. Het maximum is 100 per bestelling. Kies ‘Vervang de lijst’ of haal 3 rijen uit het bestand.',
    )
    .waitFor();
  await expectListLength(page, 100);
  assert.equal(await page.getByLabel('Mobiel nummer, rij 2', { exact: true }).inputValue(), person(1).mobile);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Voeg toe');
  await expectNoAxeViolations(page);
  // (f) By keyboard: back to the first button and Enter.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Vervang de lijst');
  await page.keyboard.press('Enter');
  await page.getByText('De lijst is vervangen door de 5 gebruikers uit erbij.csv.').waitFor();
  await expectListLength(page, 5);
  expectNoProblems(page);
  await page.context().close();
});

test('a merge adds the new people and updates the changed ones in place', async () => {
  const page = await open(browser);
  await upload(page, 'tien.csv', csv(hundredClean().slice(0, 10)));
  await page.getByText('tien.csv: 10 gebruikers gelezen, 0 met fouten.').waitFor();
  await expectListLength(page, 10);

  // (c) 3 new, 2 changed (same e-mail, other mobile number), 1 unchanged.
  const panel = await uploadForChoice(page, 'erbij.csv', csv([...threeNewTwoChanged(), person(7)]));
  assert.match(await panel.textContent(), /Toevoegen: 3 nieuw, 2 bijgewerkt, 1 ongewijzigd\./);
  // (f) The panel's buttons by keyboard: Tab to "Voeg toe", Enter.
  for (let i = 0; i < 10; i += 1) {
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Voeg toe') break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.getByText('erbij.csv: 3 toegevoegd, 2 bijgewerkt, 1 ongewijzigd.').waitFor();
  await expectListLength(page, 13);
  assert.equal(await page.getByLabel('Mobiel nummer, rij 2', { exact: true }).inputValue(), '06 99990001');
  assert.equal(await page.getByLabel('Mobiel nummer, rij 5', { exact: true }).inputValue(), '06 99990004');
  assert.equal(await page.getByLabel('E-mailadres, rij 11', { exact: true }).inputValue(), 'persoon.100@voorbeeld.nl');
  await expectNoAxeViolations(page);

  // Undo the merge: the ten as they were.
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await expectListLength(page, 10);
  assert.equal(await page.getByLabel('Mobiel nummer, rij 2', { exact: true }).inputValue(), person(1).mobile);

  // "Annuleren" changes nothing and says so.
  const cancelled = await uploadForChoice(page, 'nog-een.csv', csv([person(150)]));
  await cancelled.getByRole('button', { name: 'Annuleren' }).click();
  await page.getByText('nog-een.csv is niet ingelezen; de lijst is niet veranderd.').waitFor();
  await expectListLength(page, 10);
  await page.waitForFunction(() => document.activeElement?.id === 'users-file-input');
  expectNoProblems(page);
  await page.context().close();
});

test('removing a row and emptying the list can be undone; the form takes no 101st user', async () => {
  const page = await open(browser);
  await upload(page, 'tien.csv', csv(hundredClean().slice(0, 10)));
  await expectListLength(page, 10);

  // (e) Remove row 3, undo: back at row 3.
  const third = person(2);
  await page.getByRole('button', { name: `Verwijderen ${third.first} ${third.last}` }).click();
  await page.getByText(`Rij 3: ${third.first} ${third.last} is verwijderd uit de lijst.`).waitFor();
  await expectListLength(page, 9);
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await expectListLength(page, 10);
  assert.equal(await page.getByLabel('E-mailadres, rij 3', { exact: true }).inputValue(), third.email);
  await page.waitForFunction(() => document.activeElement?.id === 'users-undo-button');
  await expectNoAxeViolations(page);

  // "Lijst leegmaken", undo.
  await page.getByRole('button', { name: 'Lijst leegmaken' }).click();
  await page.getByText('10 gebruikers verwijderd; de lijst is leeg.').waitFor();
  await page.getByText('Er staan nog geen gebruikers in deze aanvraag.').waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await expectListLength(page, 10);
  assert.equal(await page.getByLabel('E-mailadres, rij 10', { exact: true }).inputValue(), person(9).email);

  // A full list: the form refuses a 101st user and keeps what was typed.
  const panel = await uploadForChoice(page, 'honderd.csv', csv(hundredClean()));
  await panel.getByRole('button', { name: 'Vervang de lijst' }).click();
  await expectListLength(page, 100);
  const extra = person(160);
  await page.getByLabel('Volledige voornamen', { exact: true }).fill(extra.first);
  await page.getByLabel('Achternaam', { exact: true }).fill(extra.last);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('De lijst telt al 100 gebruikers, het maximum per bestelling.').waitFor();
  await expectListLength(page, 100);
  assert.equal(await page.getByLabel('Volledige voornamen', { exact: true }).inputValue(), extra.first);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});
