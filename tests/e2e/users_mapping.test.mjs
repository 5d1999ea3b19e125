// Wizard step 4, column mapping (issue 10, item 5): a file whose headers the engine cannot all
// map ("Voornaam; Achternaam; Geb.datum; …") is not refused: a panel asks to match each field to
// a column, with the engine's guesses preselected and sample values shown; the choice is
// remembered in the browser and the next file with the same headers is mapped at once, said so
// in a notice with "Koppeling wijzigen". By keyboard; axe at 1280 and 360 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectNoHorizontalScroll, expectNoProblems, launch } from './support.mjs';
import { openUsersStep as open, person, upload } from './users_step.mjs';

// "Plaats geboorte", "Zakelijk mailadres" and "Nummer voor sms" are no header the engine knows
// (and there is no tussenvoegsel column): it answers `missing_columns` with a proposal.
const HEADERS = 'Voornaam;Achternaam;Geb.datum;Plaats geboorte;Zakelijk mailadres;Nummer voor sms;In dienst';

/** A `;`-separated CSV of people from `person` under HEADERS. */
function mappedCsv(people) {
  const lines = people.map((p) => [p.first, p.last, p.date, 'Utrecht', p.email, p.mobile, 'J'].join(';'));
  return Buffer.from([HEADERS, ...lines].join('\r\n') + '\r\n', 'latin1');
}

/** Field label → the value (0-based column, '' for none) the engine's guesses preselect. */
const GUESSES = [
  ['Volledige voornamen', '0'],
  ['Tussenvoegsel (optioneel)', ''],
  ['Achternaam', '1'],
  ['Geboortedatum', '2'],
  ['Geboorteplaats', '3'],
  ['E-mailadres', '4'],
  ['Mobiel nummer', '5'],
  ['Loondienst (J/N)', '6'],
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const panelOf = (page) => page.getByRole('region', { name: 'Koppel de kolommen van uw bestand' });
const summaryOf = (page) => page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
const activeId = (page) => page.evaluate(() => document.activeElement?.id);

async function expectListLength(page, n) {
  await page.getByRole('heading', { level: 2, name: `Gebruikers in deze aanvraag (${n})` }).waitFor();
}

test('matched by hand once (guesses, an error, the keyboard), then mapped automatically', async () => {
  const page = await open(browser);
  const first = [0, 1, 2].map((i) => person(i));
  await upload(page, 'medewerkers.csv', mappedCsv(first));

  // (a) The panel instead of a refusal, its heading focused; the guesses preselected.
  const panel = panelOf(page);
  await panel.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'users-mapping-heading');
  assert.equal(await page.locator('.users-file-error').count(), 0, 'no refusal');
  for (const [label, value] of GUESSES) {
    assert.equal(await panel.getByLabel(label, { exact: true }).inputValue(), value, label);
  }
  const dates = panel.getByLabel('Geboortedatum', { exact: true });
  assert.equal(
    (await dates.locator('option:checked').textContent()).trim(),
    `C: Geb.datum (bijv. ${first.map((p) => p.date).join(', ')})`,
  );
  assert.deepEqual(
    await panel.getByLabel('Tussenvoegsel (optioneel)').locator('option').first().textContent(),
    'Geen kolom',
  );
  await expectNoAxeViolations(page);

  // (b) By keyboard: first names set to no column, "Bestand inlezen" refuses it, announced in
  // the error summary (focused) and at the field.
  const firstNames = panel.getByLabel('Volledige voornamen', { exact: true });
  await firstNames.focus();
  await page.keyboard.press('ArrowUp');
  assert.equal(await firstNames.inputValue(), '');
  await page.keyboard.press('Tab');
  const read = panel.getByRole('button', { name: 'Bestand inlezen' });
  await read.focus();
  await page.keyboard.press('Enter');
  const summary = summaryOf(page);
  await summary.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.match(await summary.textContent(), /Kies een kolom voor volledige voornamen/);
  assert.match(await page.title(), /^Fout: /);
  assert.equal(await firstNames.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#users-map-first-names-error').textContent(), /^Fout:\s*Kies een kolom voor volledige voornamen/);
  assert.match(await firstNames.getAttribute('aria-describedby'), /users-map-first-names-error/);
  await expectListLength(page, 0);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1280, height: 720 });

  // The summary's link leads to the select; the arrow key puts column A back.
  await summary.getByRole('link', { name: 'Kies een kolom voor volledige voornamen' }).click();
  assert.equal(await activeId(page), 'users-map-first-names');
  await page.keyboard.press('ArrowDown');
  assert.equal(await firstNames.inputValue(), '0');
  await summary.waitFor({ state: 'detached' });
  assert.equal(await firstNames.getAttribute('aria-invalid'), null);
  await read.focus();
  await page.keyboard.press('Enter');

  // (c) The same file read again with the mapping: the users arrive in the list.
  await page.getByText('medewerkers.csv: 3 gebruikers gelezen, 0 met fouten.').waitFor();
  await expectListLength(page, 3);
  assert.equal(await panel.count(), 0);
  assert.equal(await page.getByLabel('E-mailadres, rij 2', { exact: true }).inputValue(), first[1].email);
  assert.equal(await page.getByLabel('Tussenvoegsel, rij 1', { exact: true }).inputValue(), '');

  // (d) The next file with the same headers: mapped at once (no panel), said so, and into the
  // list through the replace/merge question.
  const second = [3, 4, 5, 6].map((i) => person(i));
  await upload(page, 'medewerkers-december.csv', mappedCsv(second));
  const choice = page.getByRole('group', { name: 'Vervang de lijst of voeg toe?' });
  await choice.waitFor();
  await page.getByText('De kolommen zijn gekoppeld zoals bij uw vorige bestand.').waitFor();
  assert.equal(await panel.count(), 0, 'no mapping panel');
  await expectNoAxeViolations(page);
  await choice.getByRole('button', { name: 'Vervang de lijst' }).click();
  await expectListLength(page, 4);
  assert.equal(await page.getByLabel('E-mailadres, rij 1', { exact: true }).inputValue(), second[0].email);
  assert.equal(await page.getByLabel('Geboortedatum, rij 4', { exact: true }).inputValue(), second[3].date);

  // (e) "Koppeling wijzigen" opens the panel with the remembered choice; "Annuleren" leaves the
  // list as it is.
  await page.getByRole('button', { name: 'Koppeling wijzigen' }).click();
  await panel.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'users-mapping-heading');
  for (const [label, value] of GUESSES) {
    assert.equal(await panel.getByLabel(label, { exact: true }).inputValue(), value, label);
  }
  await panel.getByRole('button', { name: 'Annuleren' }).click();
  await page.getByText('medewerkers-december.csv is niet ingelezen; de lijst is niet veranderd.').waitFor();
  assert.equal(await panel.count(), 0);
  await expectListLength(page, 4);
  expectNoProblems(page);
  await page.context().close();
});

test('at 360 px the panel fits and is axe clean', async () => {
  const page = await open(browser, { viewport: { width: 360, height: 740 } });
  await upload(page, 'smal.csv', mappedCsv([person(7), person(8)]));
  await panelOf(page).waitFor();
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  // Annuleren: nothing added.
  await panelOf(page).getByRole('button', { name: 'Annuleren' }).click();
  await page.getByText('smal.csv is niet ingelezen; de lijst is niet veranderd.').waitFor();
  await expectListLength(page, 0);
  expectNoProblems(page);
  await page.context().close();
});
