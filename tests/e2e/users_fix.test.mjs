// Wizard step 4, "Snel herstellen" (issue 10 item 4): a finding that repeats across rows and has
// one certain fix is offered for all those rows at once, with a preview; applying it can be
// undone and redone from the notice. The session is mocked as in users_list.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectNoProblems, launch } from './support.mjs';
import { openUsersStep as open, peopleCsv as csv, person, upload } from './users_step.mjs';

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september'];
/** Refused by the engine, but with one meaning: a month name, or spaces between the parts. */
const NAMED_DATE_ROWS = [3, 11, 19];
const SPACED_DATE_ROWS = [27, 35];
const LANDLINE_ROWS = [43, 51, 59, 67];
const BAD_EMAIL_ROWS = [75, 83, 91];
const INFIX_ROWS = [5, 6, 7];

function writtenOtherwise(date, named) {
  const [day, month, year] = date.split('-');
  return named ? `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}` : `${day} ${month} ${year}`;
}

/** 100 people; 12 rows have an error: 5 dates in another notation, 4 landlines, 3 e-mails
 * without @; 3 last names start with a surname prefix (a warning). */
function hundred() {
  return Array.from({ length: 100 }, (_, i) => {
    const p = person(i);
    if (NAMED_DATE_ROWS.includes(i)) p.date = writtenOtherwise(p.date, true);
    if (SPACED_DATE_ROWS.includes(i)) p.date = writtenOtherwise(p.date, false);
    if (LANDLINE_ROWS.includes(i)) p.mobile = '020 1234567';
    if (BAD_EMAIL_ROWS.includes(i)) p.email = `persoon.${i}.voorbeeld.nl`;
    if (INFIX_ROWS.includes(i)) p.last = `van der ${p.last}`;
    return p;
  });
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const invalidCells = (page) => page.locator('.users-grid [aria-invalid="true"]').count();
const undoNotice = (page) => page.locator('.users-undo__text');
const fixes = (page) => page.getByRole('region', { name: 'Snel herstellen' });
const fixEntry = (page, text) => fixes(page).getByRole('listitem').filter({ hasText: text });
const cell = (page, label) => page.getByLabel(label, { exact: true });

test('5 dates in another notation: preview, fix exactly those, undo, redo; a prefix split by keyboard', async () => {
  const page = await open(browser);
  await upload(page, 'honderd.csv', csv(hundred()));
  await page.getByText('honderd.csv: 100 gebruikers gelezen, 12 met fouten.').waitFor();
  await page.getByText('12 rijen hebben een fout', { exact: true }).waitFor();
  assert.equal(await invalidCells(page), 12);

  // One entry per kind that applies to two rows or more.
  await fixes(page).waitFor();
  const dates = fixEntry(page, 'geboortedata');
  assert.equal(
    (await dates.locator('p').textContent()).trim(),
    `5 geboortedata staan in een andere notatie (zoals ${writtenOtherwise(person(3).date, true)}).`,
  );
  const infix = fixEntry(page, 'tussenvoegsel');
  assert.equal(
    (await infix.locator('p').textContent()).trim(),
    '3 achternamen beginnen met een tussenvoegsel (zoals van der Vries).',
  );
  assert.equal(await fixes(page).getByRole('listitem').count(), 2);

  // The preview: row, column, now → becomes, for exactly the 5 rows.
  const review = dates.getByRole('button', { name: 'Bekijk en herstel' });
  assert.equal(await review.getAttribute('aria-expanded'), 'false');
  await review.click();
  assert.equal(await review.getAttribute('aria-expanded'), 'true');
  const table = dates.getByRole('table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())),
  );
  const expected = [...NAMED_DATE_ROWS, ...SPACED_DATE_ROWS].map((i) => [
    String(i + 1),
    'Geboortedatum',
    writtenOtherwise(person(i).date, NAMED_DATE_ROWS.includes(i)),
    person(i).date,
  ]);
  assert.deepEqual(rows, expected);
  await expectNoAxeViolations(page);

  // Apply: exactly those 5 cells are valid now; the notice says so and offers undo.
  await dates.getByRole('button', { name: 'Herstel 5 rijen' }).click();
  await page.getByText('7 rijen hebben een fout', { exact: true }).waitFor();
  assert.equal(await invalidCells(page), 7);
  for (const i of [...NAMED_DATE_ROWS, ...SPACED_DATE_ROWS]) {
    const date = cell(page, `Geboortedatum, rij ${i + 1}`);
    assert.equal(await date.inputValue(), person(i).date);
    assert.equal(await date.getAttribute('aria-invalid'), null);
  }
  assert.equal((await undoNotice(page).textContent()).trim(), '5 geboortedata hersteld.');
  await page.waitForFunction(() => document.activeElement?.id === 'users-undo-button');
  assert.equal(await fixEntry(page, 'geboortedata').count(), 0);
  await expectNoAxeViolations(page);

  // Undo brings the 5 errors back, redo fixes them again.
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await page.getByText('12 rijen hebben een fout', { exact: true }).waitFor();
  assert.equal(await invalidCells(page), 12);
  assert.equal(await cell(page, 'Geboortedatum, rij 4').inputValue(), writtenOtherwise(person(3).date, true));
  assert.match(await undoNotice(page).textContent(), /^Ongedaan gemaakt: 5 geboortedata hersteld\./);
  await fixEntry(page, 'geboortedata').waitFor();
  await page.getByRole('button', { name: 'Opnieuw doen' }).click();
  await page.getByText('7 rijen hebben een fout', { exact: true }).waitFor();
  assert.equal(await invalidCells(page), 7);

  // "Annuleren" closes the preview and changes nothing; focus back on its button.
  const infixReview = infix.getByRole('button', { name: 'Bekijk en herstel' });
  await infixReview.click();
  await infix.getByRole('button', { name: 'Annuleren' }).click();
  assert.equal(await infixReview.getAttribute('aria-expanded'), 'false');
  await page.waitForFunction(() => document.activeElement?.id === 'users-fix-review-infix_in_last_name');
  assert.equal(await cell(page, 'Achternaam, rij 6').inputValue(), `van der ${person(5).last}`);

  // By keyboard only: Enter opens the preview, Tab reaches "Herstel 3 rijen", Enter applies.
  await page.keyboard.press('Enter');
  assert.equal(await infixReview.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Herstel 3 rijen');
  await page.keyboard.press('Enter');
  await page.getByText('3 tussenvoegsels uit de achternaam gehaald.').waitFor();
  for (const i of INFIX_ROWS) {
    assert.equal(await cell(page, `Tussenvoegsel, rij ${i + 1}`).inputValue(), 'van der');
    assert.equal(await cell(page, `Achternaam, rij ${i + 1}`).inputValue(), person(i).last);
  }
  await page.waitForFunction(() => document.activeElement?.id === 'users-undo-button');
  await fixes(page).waitFor({ state: 'hidden' });
  assert.equal(await invalidCells(page), 7);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});
