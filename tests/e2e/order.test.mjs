// The manager's whole journey, as a new user would make it (issue 4): log in, order EH3 for a
// file of 3 users of which one cell is wrong and is fixed in the grid, add a fourth user by hand,
// choose two specific services and 3 years, check the price on the overview, accept the terms,
// order, and find four invitation e-mails in the development mailbox. axe on every step.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectNoHorizontalScroll, expectNoProblems, freshPage, launch, openPage } from './support.mjs';

const DEMO = { email: 'beheerder@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A users file the way Dutch Excel saves "CSV": Windows-1252, `;`, CRLF. */
function excelCsv(rows) {
  const text = rows.map((r) => r.join(';')).join('\r\n') + '\r\n';
  // Every character used here is Latin-1, which Windows-1252 shares for these code points.
  return Buffer.from(text, 'latin1');
}

function unique() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

async function logIn(page) {
  await page.getByLabel('E-mailadres').fill(DEMO.email);
  await page.getByLabel('Wachtwoord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
}

async function stepHeading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await expectNoAxeViolations(page);
}

test('a manager orders EH3 for a file of users plus one typed by hand, and everyone is invited', async () => {
  const run = unique();
  const page = await openPage(browser, '/bestellen');
  await page.waitForURL(/\/inloggen/);
  await logIn(page);

  // Step 1: organisation and level.
  await stepHeading(page, 'Organisatie en betrouwbaarheidsniveau');
  await page.getByRole('radio', { name: 'Test BV Donald' }).check();
  await page.getByRole('radio', { name: 'EH3' }).check();
  await page.getByRole('button', { name: 'Volgende' }).click();

  // Step 2: no branch restriction (the default).
  await stepHeading(page, 'KvK-nummer en vestiging');
  assert.ok(await page.getByRole('radio', { name: 'Nee, alle vestigingen' }).isChecked());
  await page.getByRole('button', { name: 'Volgende' }).click();

  // Step 3: the register's details.
  await stepHeading(page, 'Controleer uw organisatiegegevens');
  await page.getByText('Besloten vennootschap met gewone structuur').waitFor();
  await page.getByRole('button', { name: 'Volgende' }).click();

  // Step 4: a file of three users, one with a landline as mobile number.
  await stepHeading(page, 'Geef de gebruikers op');
  const file = excelCsv([
    ['volledige voornamen', 'tussenvoegsel', 'achternaam', 'geboortedatum', 'geboorteplaats', 'e-mailadres', 'mobiel nummer', 'loondienst'],
    ['René', '', 'Jansen', '3-4-1990', 'Zoetermeer', `rene.${run}@voorbeeld.nl`, '06-12345678', 'J'],
    ['Anna Maria', 'de', 'Vries', '12-12-1988', 'Den Haag', `anna.${run}@voorbeeld.nl`, '0201234567', 'N'],
    ['Sven', '', 'Bakker', '01-07-1979', 'Eindhoven', `sven.${run}@voorbeeld.nl`, '0687654321', 'J'],
  ]);
  await page.getByLabel('Kies een bestand').setInputFiles({ name: 'gebruikers.csv', mimeType: 'text/csv', buffer: file });
  await page.getByText('gebruikers.csv: 3 gebruikers gelezen, 1 met fouten.').waitFor();
  const badCell = page.getByLabel('Mobiel nummer, rij 2', { exact: true });
  assert.equal(await badCell.getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page);
  await badCell.fill('06 11223344');
  await badCell.press('Tab');
  await page.waitForFunction(() => !document.querySelector('[aria-invalid="true"]'));

  // A fourth user, typed into the form.
  await page.getByLabel('Volledige voornamen', { exact: true }).fill('Karel');
  await page.getByLabel('Achternaam', { exact: true }).fill('Appel');
  await page.getByLabel('Geboortedatum', { exact: true }).fill('20-10-1970');
  await page.getByLabel('Geboorteplaats', { exact: true }).fill('Amsterdam');
  await page.getByLabel('E-mailadres', { exact: true }).fill(`karel.${run}@voorbeeld.nl`);
  await page.getByLabel('Mobiel nummer', { exact: true }).fill('0655667788');
  await page.getByRole('radio', { name: 'Ja, in loondienst' }).check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Gebruikers in deze aanvraag (4)' }).waitFor();
  await page.getByRole('button', { name: 'Volgende' }).click();

  // Step 5: two specific services, 3 years.
  await stepHeading(page, 'Machtigingen en geldigheidsduur');
  await page.getByRole('radio', { name: 'Ja', exact: true }).check();
  await page.getByRole('radio', { name: 'Nee, ik kies specifieke diensten' }).check();
  await page.getByLabel('Zoek een dienst of dienstverlener').fill('Belasting');
  await page.getByRole('checkbox', { name: /^Mijn Belastingdienst Zakelijk/ }).check();
  await page.getByLabel('Zoek een dienst of dienstverlener').fill('UWV');
  await page.getByRole('checkbox', { name: /^Werkgeversportaal/ }).check();
  assert.ok(await page.getByRole('checkbox', { name: 'Mijn Gegevensdiensten' }).isDisabled(), 'EH4 cannot be chosen');
  await page.getByRole('radio', { name: '3 jaar' }).check();
  await page.getByText('Prijs voor 4 gebruikers: € 360,00 excl. btw (€ 435,60 incl. btw)').waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Volgende' }).click();

  // Step 6: the overview with the server's price.
  await stepHeading(page, 'Controleer het overzicht van uw aanvraag');
  const total = page.getByRole('row', { name: /Totaal incl. btw/ });
  // One line whatever the width: a non-breaking space between € and the number.
  assert.match(await total.textContent(), /€\u00a0435,60/);
  assert.match(await page.getByRole('main').textContent(), /karel\./);
  await page.getByRole('button', { name: 'Bestellen' }).click();
  await page.getByRole('link', { name: 'Ga akkoord met de voorwaarden om te bestellen' }).waitFor();
  await page.getByLabel(/Ik ga akkoord/).check();
  // Both terms are a link away, in a new tab, so that the overview keeps what was chosen.
  for (const [name, heading] of [
    ['algemene voorwaarden (opent in een nieuw tabblad)', 'Algemene voorwaarden'],
    ['gebruiksvoorwaarden van eHerkenning (opent in een nieuw tabblad)', 'Gebruiksvoorwaarden eHerkenning'],
  ]) {
    const [terms] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name, exact: true }).click(),
    ]);
    await terms.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    await terms.getByRole('main').locator('.content h2').first().waitFor();
    await terms.close();
  }
  assert.ok(await page.getByLabel(/Ik ga akkoord/).isChecked(), 'the overview kept the ticked box');
  await page.getByRole('button', { name: 'Bestellen' }).click();

  // Step 7: the confirmation.
  await page.getByRole('heading', { level: 1, name: 'Uw bestelling is geplaatst' }).waitFor();
  const number = await page.locator('.panel__number').textContent();
  assert.match(number, /^MP-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await expectNoAxeViolations(page);

  // Four invitations in the development mailbox.
  await page.goto('/dev/berichten');
  await page.getByRole('heading', { level: 1, name: 'Berichten (ontwikkeling)' }).waitFor();
  for (let i = 0; i < 50; i += 1) {
    const count = await page.getByRole('article').filter({ hasText: run }).count();
    if (count >= 4) break;
    await page.waitForTimeout(200);
    await page.getByRole('button', { name: 'Vernieuwen' }).click();
  }
  const invitations = page.getByRole('article').filter({ hasText: run });
  assert.equal(await invitations.count(), 4);
  const karel = invitations.filter({ hasText: `karel.${run}@voorbeeld.nl` });
  assert.match(await karel.textContent(), /Test BV Donald/);
  assert.match(await karel.textContent(), /\/activeren\//);
  await expectNoAxeViolations(page);
  await page.context().close();
});

/** Presses Tab until `locator` has focus (at most 80 times): proves it is reachable by keyboard. */
async function tabTo(page, locator) {
  for (let i = 0; i < 80; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`not reachable by Tab: ${locator}`);
}

test('the same journey works by keyboard alone, up to the placed order', async () => {
  const run = unique();
  const page = await openPage(browser, '/inloggen');
  const keys = page.keyboard;

  await tabTo(page, page.getByLabel('E-mailadres'));
  await keys.type(DEMO.email);
  await keys.press('Tab');
  await keys.type(DEMO.password);
  await keys.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'eHerkenning voor uw hele organisatie' }).waitFor();
  await page.goto('/bestellen');

  // Step 1: the first organisation with Space, then the level with the arrow keys.
  await page.getByRole('heading', { level: 1, name: 'Organisatie en betrouwbaarheidsniveau' }).waitFor();
  await page.getByRole('radio', { name: 'Test BV Donald' }).waitFor();
  await tabTo(page, page.getByRole('radio', { name: 'Test BV Donald' }));
  await keys.press('Space');
  await tabTo(page, page.getByRole('radio', { name: 'EH2', exact: true }));
  await keys.press('ArrowDown');
  await keys.press('ArrowDown');
  assert.ok(await page.getByRole('radio', { name: 'EH3' }).isChecked());
  await tabTo(page, page.getByRole('button', { name: 'Volgende' }));
  await keys.press('Enter');

  for (const heading of ['KvK-nummer en vestiging', 'Controleer uw organisatiegegevens']) {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByRole('button', { name: 'Volgende' }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Volgende' }));
    await keys.press('Enter');
  }

  // Step 4: one user, typed into the form.
  await page.getByRole('heading', { level: 1, name: 'Geef de gebruikers op' }).waitFor();
  const typeInto = async (label, text) => {
    await tabTo(page, page.getByLabel(label, { exact: true }));
    await keys.type(text);
  };
  await typeInto('Volledige voornamen', 'Toetsbord');
  await typeInto('Achternaam', 'Gebruiker');
  await typeInto('Geboortedatum', '01-01-1980');
  await typeInto('Geboorteplaats', 'Utrecht');
  await typeInto('E-mailadres', `toets.${run}@voorbeeld.nl`);
  await typeInto('Mobiel nummer', '0612121212');
  await tabTo(page, page.getByRole('radio', { name: 'Ja, in loondienst' }));
  await keys.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Opslaan' }));
  await keys.press('Enter');
  await page.getByRole('heading', { name: 'Gebruikers in deze aanvraag (1)' }).waitFor();
  await tabTo(page, page.getByRole('button', { name: 'Volgende' }));
  await keys.press('Enter');

  // Step 5: all services, 1 year.
  await page.getByRole('heading', { level: 1, name: 'Machtigingen en geldigheidsduur' }).waitFor();
  await tabTo(page, page.getByRole('radio', { name: 'Ja', exact: true }));
  await keys.press('Space');
  await page.getByRole('radio', { name: 'Ja, alle diensten' }).waitFor();
  await tabTo(page, page.getByRole('radio', { name: 'Ja, alle diensten' }));
  await keys.press('Space');
  await tabTo(page, page.getByRole('radio', { name: '1 jaar' }));
  await keys.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Volgende' }));
  await keys.press('Enter');

  // Step 6: accept the terms and order.
  await page.getByRole('heading', { level: 1, name: 'Controleer het overzicht van uw aanvraag' }).waitFor();
  await tabTo(page, page.getByLabel(/Ik ga akkoord/));
  await keys.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Bestellen' }));
  await keys.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Uw bestelling is geplaatst' }).waitFor();
  // The order's details load after the heading.
  await page.getByRole('main').getByText(new RegExp(`toets\\.${run}@voorbeeld\\.nl`)).first().waitFor();
  await page.context().close();
});

test('on a phone (360 px) neither the price list nor any step of the wizard scrolls sideways', async () => {
  const page = await freshPage(browser, { viewport: { width: 360, height: 740 } });
  await page.goto('/prijzen');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.locator('table.price-table').first().waitFor();
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);

  await page.goto('/bestellen');
  await page.waitForURL(/\/inloggen/);
  await logIn(page);
  const step = async (name) => {
    await stepHeading(page, name);
    await expectNoHorizontalScroll(page);
  };
  await step('Organisatie en betrouwbaarheidsniveau');
  await page.getByRole('radio', { name: 'Test BV Donald' }).check();
  await page.getByRole('radio', { name: 'EH3' }).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await step('KvK-nummer en vestiging');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await step('Controleer uw organisatiegegevens');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await step('Geef de gebruikers op');
  await page.getByLabel('Volledige voornamen', { exact: true }).fill('Karel');
  await page.getByLabel('Achternaam', { exact: true }).fill('Appel');
  await page.getByLabel('Geboortedatum', { exact: true }).fill('20-10-1970');
  await page.getByLabel('Geboorteplaats', { exact: true }).fill('Amsterdam');
  await page.getByLabel('E-mailadres', { exact: true }).fill(`karel.${unique()}@voorbeeld.nl`);
  await page.getByLabel('Mobiel nummer', { exact: true }).fill('0655667788');
  await page.getByRole('radio', { name: 'Ja, in loondienst' }).check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Gebruikers in deze aanvraag (1)' }).waitFor();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await step('Machtigingen en geldigheidsduur');
  await page.getByRole('radio', { name: 'Ja', exact: true }).check();
  await page.getByRole('radio', { name: 'Ja, alle diensten' }).check();
  await page.getByRole('radio', { name: '3 jaar' }).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await step('Controleer het overzicht van uw aanvraag');
  await page.getByRole('row', { name: /Totaal incl. btw/ }).waitFor();
  await expectNoHorizontalScroll(page);
  expectNoProblems(page);
  await page.context().close();
});
