// Wizard step 4, "Geef de gebruikers op", on its own: the logged-in manager comes from a mocked
// `GET /api/v1/session`, so the step is tested without the login API. A file and the form end
// in one list; a wrong cell is marked with the engine's message and fixed in place; "Volgende"
// goes on only without errors; the error summary links to the exact cell; axe finds nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectNoProblems, launch } from './support.mjs';
import { HEADER, openUsersStep as open } from './users_step.mjs';

/** What Dutch Excel saves as "CSV (gescheiden door lijstscheidingsteken)": Windows-1252, `;`. */
function excelCsv(lines) {
  const text = [HEADER, ...lines].join('\r\n') + '\r\n';
  // Every character used here is in Latin-1, which Windows-1252 shares for these letters.
  return Buffer.from(text, 'latin1');
}

/** Three users; the second has a landline as mobile number. */
const THREE_USERS = excelCsv([
  'Jan;de;Vries;15-03-1985;Utrecht;jan.devries@voorbeeld.nl;06 12345678;J',
  'Zoë Anaïs;;Bakker;01-02-1990;Groningen;zoe.bakker@voorbeeld.nl;020 1234567;N',
  'José;van;Dijk;22-11-1978;Eindhoven;jose.vandijk@voorbeeld.nl;06 87654321;J',
]);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function uploadThreeUsers(page) {
  await page
    .getByLabel('Kies een bestand')
    .setInputFiles({ name: 'gebruikers.csv', mimeType: 'text/csv', buffer: THREE_USERS });
  await page.getByText('gebruikers.csv: 3 gebruikers gelezen, 1 met fouten.').waitFor();
}

function gridRows(page) {
  return page.getByRole('region', { name: 'Lijst van gebruikers (schuift horizontaal)' }).locator('tbody tr.users-table__row');
}

/** The text of the elements that describe `locator` (aria-describedby). */
async function description(locator) {
  return locator.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

test('a file and the form end in one list; the wrong cell is fixed in place; Volgende goes on', async () => {
  const page = await open(browser);
  assert.match(await page.title(), /^Stap 4 van 6 – Geef de gebruikers op – Middelpunt$/);
  assert.ok(await page.getByText('Er staan nog geen gebruikers in deze aanvraag.').isVisible());
  await expectNoAxeViolations(page);

  // The file: a real labelled input, with the two templates next to it.
  assert.equal(
    await page.getByRole('link', { name: 'Voorbeeld CSV-bestand downloaden' }).getAttribute('href'),
    '/api/v1/user-files/template.csv',
  );
  assert.equal(
    await page.getByRole('link', { name: 'Voorbeeld Excel-bestand (.xlsx) downloaden' }).getAttribute('href'),
    '/api/v1/user-files/template.xlsx',
  );
  await uploadThreeUsers(page);
  await page.getByRole('heading', { level: 2, name: 'Gebruikers in deze aanvraag (3)' }).waitFor();
  assert.equal(await gridRows(page).count(), 3);
  // Windows-1252 was read as such.
  assert.equal(await page.getByLabel('Volledige voornamen, rij 2', { exact: true }).inputValue(), 'Zoë Anaïs');
  assert.equal(await page.getByLabel('Loondienst (J/N), rij 2', { exact: true }).inputValue(), 'N');

  // The bad cell is marked, with the engine's message under it.
  const mobile = page.getByLabel('Mobiel nummer, rij 2', { exact: true });
  assert.equal(await mobile.getAttribute('aria-invalid'), 'true');
  assert.match(
    await description(mobile),
    /020 1234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678/,
  );
  assert.equal(await page.getByLabel('Mobiel nummer, rij 1', { exact: true }).getAttribute('aria-invalid'), null);
  // The error summary lists it, as the row and field.
  const summaryLink = page
    .getByRole('alert')
    .getByRole('link', { name: /^Rij 2, mobiel nummer: 020 1234567 is een vast nummer/ });
  await summaryLink.waitFor();
  assert.match(await page.title(), /^Fout: /);
  await expectNoAxeViolations(page);

  // Typing a mobile number fixes it at once: the cell had an error, so it re-validates as typed.
  await mobile.fill('06 23456789');
  await page.waitForFunction(
    () => !document.querySelector('[aria-label="Mobiel nummer, rij 2"]')?.hasAttribute('aria-invalid'),
  );
  assert.doesNotMatch(await description(mobile), /vast nummer/);
  await page.getByRole('alert').filter({ hasText: 'Er is een probleem' }).waitFor({ state: 'detached' });

  // A fourth user with the form; errors only show once a field is left.
  await page.getByLabel('Volledige voornamen', { exact: true }).fill('Anna Maria');
  await page.getByLabel('Achternaam', { exact: true }).fill('Jansen');
  await page.getByLabel('Geboortedatum', { exact: true }).fill('03-07-1992');
  await page.getByLabel('Geboorteplaats', { exact: true }).fill("'s-Hertogenbosch");
  await page.getByLabel('E-mailadres', { exact: true }).fill('anna.jansen@voorbeeld.nl');
  await page.getByLabel('Mobiel nummer', { exact: true }).fill('06 11223344');
  await page.getByLabel('Ja, in loondienst').check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Anna Maria Jansen is toegevoegd aan de lijst; daarin staan nu 4 gebruikers.').waitFor();
  assert.equal(await gridRows(page).count(), 4);
  assert.equal(await page.getByLabel('Achternaam, rij 4', { exact: true }).inputValue(), 'Jansen');
  assert.equal(await page.getByLabel('Volledige voornamen', { exact: true }).inputValue(), '', 'an empty form for the next');
  await page.waitForFunction(() => document.activeElement?.id === 'new-user-first-names');

  // A reload keeps the list, the fixed value included.
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'Gebruikers in deze aanvraag (4)' }).waitFor();
  assert.equal(await page.getByLabel('Mobiel nummer, rij 2', { exact: true }).inputValue(), '06 23456789');
  expectNoProblems(page);

  await page.getByRole('button', { name: 'Volgende', exact: true }).click();
  await page.waitForURL('**/bestellen/machtigingen');
  await page.context().close();
});

test('a failing Volgende lists every problem, and each link focuses its field or cell', async () => {
  const page = await open(browser);

  // Nothing in the list yet.
  await page.getByRole('button', { name: 'Volgende', exact: true }).click();
  const noUsers = page.getByRole('link', { name: /^Voeg minstens één gebruiker toe/ });
  await noUsers.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  await noUsers.click();
  await page.waitForFunction(() => document.activeElement?.id === 'new-user-first-names');

  // A form error shows once the field is left, not while typing.
  const firstNames = page.getByLabel('Volledige voornamen', { exact: true });
  await firstNames.fill('J.');
  assert.equal(await firstNames.getAttribute('aria-invalid'), null, 'no error while typing');
  await firstNames.press('Tab');
  await page.waitForFunction(
    () => document.getElementById('new-user-first-names')?.getAttribute('aria-invalid') === 'true',
  );
  assert.match(await description(firstNames), /voorletters of afkortingen/);
  await page.getByRole('button', { name: 'Formulier leegmaken' }).click();
  await page.getByText('Het formulier is leeggemaakt.').waitFor();

  // A file with an error, then "Volgende": the summary links to the exact cell.
  await uploadThreeUsers(page);
  await page.getByRole('button', { name: 'Volgende', exact: true }).click();
  const link = page.getByRole('link', { name: /^Rij 2, mobiel nummer: 020 1234567 is een vast nummer/ });
  await link.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.equal(new URL(page.url()).pathname, '/bestellen/gebruikers');
  assert.match(await page.title(), /^Fout: Stap 4 van 6/);
  await expectNoAxeViolations(page);
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Mobiel nummer, rij 2');

  // Removing the row: the button names the person; focus goes to the next row's button.
  await page.getByRole('button', { name: 'Verwijderen Zoë Anaïs Bakker' }).click();
  await page.getByText('Zoë Anaïs Bakker is verwijderd uit de lijst.').waitFor();
  assert.equal(await gridRows(page).count(), 2);
  await page.waitForFunction(() => document.activeElement?.textContent?.includes('José van Dijk'));
  await page.getByRole('alert').filter({ hasText: 'Er is een probleem' }).waitFor({ state: 'detached' });
  expectNoProblems(page);
  await page.context().close();
});

test('a dragged file is merged into the list, duplicates are caught, a wrong file says how to fix it', async () => {
  const page = await open(browser);
  await uploadThreeUsers(page);
  await page.getByLabel('Mobiel nummer, rij 2', { exact: true }).fill('06 23456789');

  // Drag and drop: the zone shows it will take the file; the list holds users, so the file waits
  // for a choice. Its first row has row 1's e-mail address: merged, it updates row 1 in place.
  const extra = Buffer.from(
    '\uFEFFvolledige voornamen,tussenvoegsel,achternaam,geboortedatum,geboorteplaats,e-mailadres,mobiel nummer,loondienst\n' +
      'Piet,,Bos,05-05-1980,Zwolle,JAN.DEVRIES@voorbeeld.nl,06 99887766,nee\n' +
      'Piet,,Bos,05-05-1980,Zwolle,piet.bos@voorbeeld.nl,06 99887755,nee\n',
    'utf8',
  );
  const dataTransfer = await page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'extra.csv', { type: 'text/csv' }));
    return transfer;
  }, [...extra]);
  await page.dispatchEvent('.file-drop', 'dragenter', { dataTransfer });
  await page.getByText('Laat het bestand los om het in te lezen').waitFor();
  assert.ok(await page.locator('.file-drop').evaluate((el) => el.classList.contains('file-drop--over')));
  await page.dispatchEvent('.file-drop', 'dragover', { dataTransfer });
  await page.dispatchEvent('.file-drop', 'drop', { dataTransfer });
  await page.getByRole('group', { name: 'Vervang de lijst of voeg toe?' }).waitFor();
  assert.ok(!(await page.locator('.file-drop').evaluate((el) => el.classList.contains('file-drop--over'))));
  await page.getByRole('button', { name: 'Voeg toe' }).click();
  await page.getByText('extra.csv: 1 toegevoegd, 1 bijgewerkt, 0 ongewijzigd.').waitFor();
  assert.equal(await gridRows(page).count(), 4);
  assert.equal(await page.getByLabel('Volledige voornamen, rij 1', { exact: true }).inputValue(), 'Piet');
  assert.equal(await page.getByLabel('Loondienst (J/N), rij 4', { exact: true }).inputValue(), 'N');
  // The second row is the same person as the updated row 1: an error on the later row naming it.
  const remove = page.getByRole('button', { name: 'Verwijderen Piet Bos' }).last();
  assert.match(await description(remove), /rij 1/i);
  await expectNoAxeViolations(page);

  // A file without the template's columns: nothing added, the engine's message says why.
  await page.getByLabel('Kies een bestand').setInputFiles({
    name: 'namen.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('naam;telefoon\nJan de Vries;0612345678\n', 'utf8'),
  });
  const alert = page.getByRole('alert').filter({ hasText: 'namen.csv is niet ingelezen' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /Er zijn geen gebruikers uit dit bestand toegevoegd/);
  assert.equal(await gridRows(page).count(), 4);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});

test('at 360 px the users are cards: neither the grid region nor the page scrolls sideways', async () => {
  const page = await open(browser, { viewport: { width: 360, height: 740 } });
  await uploadThreeUsers(page);
  const region = page.getByRole('region', { name: 'Lijst van gebruikers (schuift horizontaal)' });
  assert.equal(await region.getAttribute('tabindex'), '0');
  assert.equal(await region.locator('.users-card').filter({ visible: true }).count(), 3);
  const sizes = await region.evaluate((el) => ({
    region: [el.scrollWidth, el.clientWidth],
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
  }));
  assert.ok(sizes.region[0] <= sizes.region[1] + 1, `the grid does not scroll: ${JSON.stringify(sizes)}`);
  assert.ok(sizes.page[0] <= sizes.page[1], `the page does not: ${JSON.stringify(sizes)}`);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});
