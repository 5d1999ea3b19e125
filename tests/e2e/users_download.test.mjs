// Wizard step 4, issue 10 item 4: the list goes to Excel with its errors and comes back. A
// 100-row list with 12 errors is downloaded as a workbook ("Download de lijst (Excel)", by
// keyboard), read by the server's own import (the same 100 rows, the same 12 errors, the column
// "Fouten" skipped), uploaded again with "Vervang de lijst" (the same list, the same errors),
// and downloaded as CSV. The real server writes the files, so the demo manager logs in for real
// (as the grid's bench does). axe runs on the state with the download actions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { expectNoAxeViolations, expectNoProblems, freshPage, launch } from './support.mjs';
import { logInThrough } from './manager.mjs';
import {
  BAD_DATE_ROWS,
  BAD_EMAIL_ROWS,
  LANDLINE_ROWS,
  hundredWithErrors,
  importWorkerListens,
  peopleCsv as csv,
  person,
  upload,
} from './users_step.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The users step with the demo manager logged in, once the import worker listens. */
async function openStep() {
  const page = await freshPage(browser, { viewport: { width: 1280, height: 900 } });
  await logInThrough(page, '/bestellen/gebruikers');
  // The step once more, with the session: a worker started before the login is gone.
  const worker = page.waitForEvent('worker');
  await page.goto('/bestellen/gebruikers');
  await page.getByRole('heading', { level: 1, name: 'Geef de gebruikers op' }).waitFor();
  await importWorkerListens(await worker);
  return page;
}

/** The server's import report of `bytes`, through the page's session. */
async function validate(page, bytes, name) {
  return page.evaluate(
    async ([data, name]) => {
      const session = await (await fetch('/api/v1/session')).json();
      const response = await fetch('/api/v1/user-files/validate', {
        method: 'POST',
        headers: { 'X-CSRF-Token': session.csrf_token, 'X-File-Name': name, 'Accept-Language': 'nl' },
        body: new Uint8Array(data),
      });
      return response.json();
    },
    [[...bytes], name],
  );
}

const errorLines = (report) => report.rows.filter((r) => r.errors.length > 0).map((r) => r.line);
/** The spreadsheet rows of the 12 errors: list position + 1 (the header is row 1). */
const EXPECTED_LINES = [...BAD_DATE_ROWS, ...LANDLINE_ROWS, ...BAD_EMAIL_ROWS].map((i) => i + 2);

const invalidCells = (page) => page.locator('.users-grid [aria-invalid="true"]').count();
const activeText = (page) => page.evaluate(() => document.activeElement?.textContent?.trim());

async function expectListLength(page, n) {
  await page.getByRole('heading', { level: 2, name: `Gebruikers in deze aanvraag (${n})` }).waitFor();
  assert.equal(await page.locator('.users-grid tbody tr.users-table__row').count(), n);
}

test('the list with 12 errors goes to Excel and back, and as CSV', async () => {
  const page = await openStep();
  // No list, no download actions.
  assert.equal(await page.getByRole('button', { name: 'Download de lijst (Excel)' }).count(), 0);
  await upload(page, 'honderd.csv', csv(hundredWithErrors()));
  await page.getByText('honderd.csv: 100 gebruikers gelezen, 12 met fouten.').waitFor();
  await expectListLength(page, 100);
  await page.getByText('12 rijen hebben een fout', { exact: true }).waitFor();
  const hint = page.getByText('Het bestand heeft een kolom ‘Fouten’ met de fouten van elke rij.');
  await hint.waitFor();
  await expectNoAxeViolations(page);

  // By keyboard: from "Naar de volgende fout", Tab reaches the Excel download; Enter fetches it.
  await page.getByRole('button', { name: 'Naar de volgende fout' }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await activeText(page), 'Download de lijst (Excel)');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused button shows its focus');
  const xlsxEvent = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const xlsx = await xlsxEvent;
  assert.equal(xlsx.suggestedFilename(), 'gebruikers-met-fouten.xlsx');
  const workbook = await readFile(await xlsx.path());
  assert.equal(workbook.subarray(0, 2).toString('latin1'), 'PK', 'a zip container');
  await page.getByText('gebruikers-met-fouten.xlsx is gedownload.').waitFor();

  // The server's import reads the same 100 rows and the same 12 errors, on the file's rows;
  // the column "Fouten" is skipped without a warning.
  const report = await validate(page, workbook, 'gebruikers-met-fouten.xlsx');
  assert.deepEqual(report.file_errors, []);
  assert.equal(report.file_warnings, undefined, JSON.stringify(report.file_warnings));
  assert.equal(report.rows.length, 100);
  assert.deepEqual(errorLines(report), EXPECTED_LINES);
  assert.equal(report.rows[3].values.birth_date, hundredWithErrors()[3].date, 'as typed');
  assert.match(report.rows[3].errors[0].message, /^Rij 5, geboortedatum/);

  // Uploaded again, "Vervang de lijst": the same list with the same errors.
  await upload(page, 'gebruikers-met-fouten.xlsx', workbook);
  const panel = page.getByRole('group', { name: 'Vervang de lijst of voeg toe?' });
  await panel.waitFor();
  assert.match(await panel.textContent(), /Toevoegen: 0 nieuw, 0 bijgewerkt, 100 ongewijzigd\./);
  await panel.getByRole('button', { name: 'Vervang de lijst' }).click();
  await page.getByText('De lijst is vervangen door de 100 gebruikers uit gebruikers-met-fouten.xlsx.').waitFor();
  await expectListLength(page, 100);
  await page.getByText('12 rijen hebben een fout', { exact: true }).waitFor();
  assert.equal(await invalidCells(page), 12);
  assert.equal(await page.getByLabel('Mobiel nummer, rij 44', { exact: true }).inputValue(), '020 1234567');
  assert.equal(await page.getByLabel('Mobiel nummer, rij 1', { exact: true }).inputValue(), person(0).mobile);

  // The CSV: UTF-8 with BOM, `;`, the column "Fouten" last; the import reads it the same way.
  const csvEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download de lijst (CSV)' }).click();
  const csvFile = await csvEvent;
  assert.equal(csvFile.suggestedFilename(), 'gebruikers-met-fouten.csv');
  const csvBytes = await readFile(await csvFile.path());
  const text = csvBytes.toString('utf8');
  assert.ok(
    text.startsWith(
      '\ufeffvolledige voornamen;tussenvoegsel;achternaam;geboortedatum;geboorteplaats;e-mailadres;mobiel nummer;loondienst;Fouten\r\n',
    ),
    text.slice(0, 200),
  );
  // The errors cell is quoted: its message holds a `;`.
  assert.match(text, /\r\nAnna;;Vries;04-13-1963;Utrecht;persoon\.3@voorbeeld\.nl;06 20000111;J;"Rij 5, geboortedatum: [^"\r\n]+"\r\n/);
  const fromCsv = await validate(page, csvBytes, 'gebruikers-met-fouten.csv');
  assert.equal(fromCsv.rows.length, 100);
  assert.equal(fromCsv.file_warnings, undefined);
  assert.deepEqual(errorLines(fromCsv), EXPECTED_LINES);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});

test('a refused download says why in an alert, and the list stays', async () => {
  const page = await openStep();
  await upload(page, 'drie.csv', csv([person(1), person(2), person(3)]));
  await expectListLength(page, 3);
  // No errors: the actions without the line about the errors column.
  await page.getByRole('button', { name: 'Download de lijst (CSV)' }).waitFor();
  assert.ok(await page.getByText('Het bestand heeft een kolom ‘Fouten’').isHidden());
  await page.route('**/api/v1/user-files/annotated.xlsx', (route) =>
    route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'too_many_users', message: 'De lijst heeft 101 gebruikers.' }),
    }),
  );
  const excel = page.getByRole('button', { name: 'Download de lijst (Excel)' });
  await excel.focus();
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: 'De lijst kon niet worden gedownload.' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /De lijst heeft 101 gebruikers\. De lijst hier is niet veranderd\./);
  await expectListLength(page, 3);
  assert.equal(await activeText(page), 'Download de lijst (Excel)', 'focus stays on the button');
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});
