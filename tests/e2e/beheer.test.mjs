// Beheer (issue 6), as a manager would use it. The demo manager orders EH3 for four employees
// and EH2+ for two more (through the API, with the page's session); every name carries this
// run's tag, so the filters find exactly these people whatever else the database holds.
// Gebruikers: found by the header's "Beheer", filtered by free text and level, the filter in the
// URL (reload keeps it), sorted, exported as CSV and XLSX and read back. A means is issued
// (the employee activates through the API) and revoked after a confirmation that names the
// person. Lopende aanvragen: a re-sent invitation refuses the old link and the new one works;
// a cancelled request's link is refused; a whole order is cancelled from its confirmation page's
// link. The audit log holds the export, the revocation, the re-send and the cancellations. One
// test does filter, open and action by keyboard alone. axe on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import {
  baseUrl,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  freshPage,
  expectNoProblems,
  launch,
  waitForMessage,
} from './support.mjs';
import {
  MANAGER,
  PHONE,
  activateByApi,
  checkNarrow,
  heading,
  invitationPath,
  placeOrder,
  status,
  tabTo,
} from './manager.mjs';

const OPERATOR = { email: 'operator@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };

const run = `bh${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const digits = (n) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');
const person = (first_names, infix, last_name, key) => ({
  first_names,
  infix,
  last_name,
  birth_date: '15-03-1985',
  birth_place: 'Utrecht',
  email: `${key}.${run}@voorbeeld.nl`,
  mobile: `061${digits(7)}`,
  employed: 'J',
});
const ANNA = person('Anna', 'de', 'Vries', 'anna');
const BRAM = person('Bram', 'van den', 'Berg', 'bram');
const CEES = person('Cees', '', 'Claassen', 'cees');
const DAAN = person('Daan', '', 'Dekker', 'daan');
const EVA = person('Eva', '', 'Evers', 'eva');
const FEMKE = person('Femke', '', 'Fokker', 'femke');
const fullName = (p) => [p.first_names, p.infix, p.last_name].filter(Boolean).join(' ');
/** The EH3 users in the order "Gebruikers" sorts them: "de Vries" under V. */
const EH3_SORTED = [BRAM, CEES, DAAN, ANNA].map(fullName);

let browser;
let manager;
const orders = {};
const links = {};

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The names in the table's rows, top to bottom. */
async function rowNames(page) {
  return page.locator('table.data-table tbody th a').allTextContents();
}

/** Clicks `link` and returns the downloaded file's bytes and suggested name. */
async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** Every text of an XLSX workbook's first sheet (shared and inline strings), and its rows. */
function xlsxSheet(bytes) {
  const files = unzipSync(new Uint8Array(bytes));
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  const shared = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']) : '';
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const texts = (xml) => [...xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => unescape(m[1]));
  const sharedTexts = texts(shared);
  // Each row's first cell: inline (<is><t>) or an index into the shared strings.
  const firstCells = [...sheet.matchAll(/<row[^>]*>(.*?)<\/row>/gs)].map((row) => {
    const cell = row[1].match(/<c [^>]*?(t="(\w+)")?[^>]*>(.*?)<\/c>/s);
    if (!cell) return '';
    const inline = cell[3].match(/<t[^>]*>([^<]*)<\/t>/);
    if (inline) return unescape(inline[1]);
    const index = cell[3].match(/<v>(\d+)<\/v>/);
    return index ? sharedTexts[Number(index[1])] : '';
  });
  return { firstCells, texts: [...texts(sheet), ...sharedTexts] };
}

test('a manager sent to the login page comes back to the filtered list, and orders for six people', async () => {
  manager = await freshPage(browser);
  await manager.goto(`/beheer/aanvragen?q=${run}`);
  await manager.waitForURL(/\/inloggen\?terug=/);
  await heading(manager, 'Inloggen');
  await manager.getByLabel('E-mailadres').fill(MANAGER.email);
  await manager.getByLabel('Wachtwoord').fill(MANAGER.password);
  await manager.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await heading(manager, 'Lopende aanvragen');
  assert.equal(new URL(manager.url()).search, `?q=${run}`);
  await status(manager, 'Geen aanvragen gevonden');
  assert.equal(await manager.getByLabel('Zoek op naam of e-mailadres').inputValue(), run);

  orders.eh3 = await placeOrder(manager, {
    kvk_number: '68750110',
    level: 'EH3',
    users: [ANNA, BRAM, CEES, DAAN],
    authorisations: {
      kind: 'selected',
      providers: [],
      services: ['belastingdienst.mijn-zakelijk', 'uwv.werkgeversportaal'],
    },
    term: 3,
  });
  orders.eh2 = await placeOrder(manager, {
    kvk_number: '69599084',
    level: 'EH2+',
    users: [EVA, FEMKE],
    authorisations: { kind: 'all_services' },
    term: 1,
  });
  for (const user of [ANNA, BRAM, CEES, DAAN, EVA, FEMKE]) {
    links[user.email] = await invitationPath(manager, user);
  }
  await manager.reload();
  await heading(manager, 'Lopende aanvragen');
  await status(manager, '6 aanvragen gevonden');
  await expectNoAxeViolations(manager);
  expectNoProblems(manager);
});

test('Gebruikers: found by the nav, filtered by text and level, kept in the URL, exported as CSV and XLSX', async () => {
  const page = manager;
  await page.goto('/');
  await heading(page, 'eHerkenning voor uw hele organisatie');
  await page.getByRole('banner').getByRole('link', { name: 'Beheer', exact: true }).click();
  await heading(page, 'Overzicht');
  const subNav = page.getByRole('navigation', { name: 'Beheer' });
  assert.equal(await subNav.getByRole('link', { name: 'Overzicht' }).getAttribute('aria-current'), 'page');
  await subNav.getByRole('link', { name: 'Gebruikers' }).click();
  await heading(page, 'Gebruikers');
  assert.equal(await subNav.getByRole('link', { name: 'Gebruikers' }).getAttribute('aria-current'), 'page');
  await page.locator('.result-count').filter({ hasText: /gevonden/ }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByLabel('Zoek op naam of e-mailadres').fill(run);
  await page.getByLabel('Betrouwbaarheidsniveau').selectOption('EH3');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await status(page, '4 gebruikers gevonden');
  assert.equal(new URL(page.url()).search, `?level=EH3&q=${run}`);
  assert.deepEqual(await rowNames(page), EH3_SORTED, 'sorted the Dutch way: "de Vries" under V');
  const nameHeader = page.getByRole('columnheader', { name: /^Naam/ });
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
  const anna = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Anna de Vries' }) });
  assert.match(await anna.textContent(), /In aanvraag/);
  assert.match(await anna.textContent(), /Test BV Donald/);
  assert.match(await anna.textContent(), /UWV: Werkgeversportaal/);
  await expectNoAxeViolations(page);

  // A bookmark: the reload shows the same list and the same filter.
  await page.reload();
  await heading(page, 'Gebruikers');
  await status(page, '4 gebruikers gevonden');
  assert.equal(await page.getByLabel('Zoek op naam of e-mailadres').inputValue(), run);
  assert.equal(await page.getByLabel('Betrouwbaarheidsniveau').inputValue(), 'EH3');
  assert.deepEqual(await rowNames(page), EH3_SORTED);

  // Sorted the other way by the column's link; focus stays on it.
  await page.getByRole('link', { name: /^Naam/ }).click();
  await page.waitForURL(/sort=-name/);
  await page.waitForFunction((first) => document.querySelector('table.data-table tbody th a')?.textContent === first, EH3_SORTED[3]);
  assert.deepEqual(await rowNames(page), [...EH3_SORTED].reverse());
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'descending');
  await page.waitForFunction(() => document.activeElement?.id === 'sort-name');

  // The exports carry the filter: exactly these four people.
  const csvLink = page.getByRole('link', { name: 'Exporteer als CSV' });
  assert.equal(await csvLink.getAttribute('href'), `/api/v1/users/export.csv?level=EH3&q=${run}&sort=-name`);
  const csv = await download(page, csvLink);
  assert.match(csv.name, /^gebruikers-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
  assert.match(lines[0], /^Naam;E-mailadres;Mobiel nummer;Organisatie;KvK-nummer;/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(';')[0]), [...EH3_SORTED].reverse());
  assert.ok(lines[1].includes(`;anna.${run}@voorbeeld.nl;`), lines[1]);

  const xlsx = await download(page, page.getByRole('link', { name: 'Exporteer als Excel (XLSX)' }));
  assert.match(xlsx.name, /\.xlsx$/);
  const sheet = xlsxSheet(xlsx.bytes);
  assert.equal(sheet.firstCells[0], 'Naam');
  assert.deepEqual(sheet.firstCells.slice(1), [...EH3_SORTED].reverse());
  assert.ok(sheet.texts.includes(`bram.${run}@voorbeeld.nl`));
  assert.ok(!sheet.texts.some((t) => t.includes(`eva.${run}`)), 'EH2+ users are not in the EH3 export');

  // At 360 px the table scrolls inside its own focusable region, not the page.
  const region = page.getByRole('region', { name: 'Tabel gebruikers' });
  assert.equal(await region.getAttribute('tabindex'), '0');
  await checkNarrow(page);

  // A filter the server cannot take is said at the field, without asking it.
  await page.getByLabel('Vestigingsnummer').fill('1234');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Vul een vestigingsnummer van 12 cijfers in' }).waitFor();
  assert.equal(await page.getByLabel('Vestigingsnummer').getAttribute('aria-invalid'), 'true');
  assert.match(page.url(), /sort=-name$/, 'the list stays as it was');
  await expectNoAxeViolations(page);

  // Two per page: "Pagina 1 van 2"; "Volgende pagina" keeps the filter and the sort.
  await page.goto(`/beheer/gebruikers?level=EH3&q=${run}&sort=-name&per_page=2`);
  await status(page, '4 gebruikers gevonden');
  const paging = page.getByRole('navigation', { name: 'Paginering' });
  await paging.getByText('Pagina 1 van 2').waitFor();
  assert.deepEqual(await rowNames(page), [...EH3_SORTED].reverse().slice(0, 2));
  assert.equal(await paging.getByRole('link', { name: 'Vorige pagina' }).count(), 0);
  await paging.getByRole('link', { name: 'Volgende pagina' }).click();
  await paging.getByText('Pagina 2 van 2').waitFor();
  assert.equal(new URL(page.url()).search, `?level=EH3&q=${run}&sort=-name&page=2&per_page=2`);
  assert.deepEqual(await rowNames(page), [...EH3_SORTED].reverse().slice(2));
  await page.waitForFunction(() => document.activeElement?.id === 'pager-previous');
  assert.equal(await paging.getByRole('link', { name: 'Volgende pagina' }).count(), 0);
  assert.equal(
    await page.getByRole('link', { name: 'Exporteer als CSV' }).getAttribute('href'),
    `/api/v1/users/export.csv?level=EH3&q=${run}&sort=-name`,
    'an export holds every page',
  );
  await expectNoAxeViolations(page);
  expectNoProblems(page);
});

test('a user with an issued means: the means is revoked after a confirmation that names the person', async () => {
  const page = manager;
  const meansId = await activateByApi(page, ANNA, links[ANNA.email]);
  await page.goto(`/beheer/gebruikers?q=anna.${run}`);
  await status(page, '1 gebruiker gevonden');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Anna de Vries' }) });
  assert.match(await row.textContent(), /Actief/);
  await page.getByRole('link', { name: 'Anna de Vries' }).click();

  await heading(page, 'Anna de Vries');
  const main = page.getByRole('main');
  await main.locator('.means-id', { hasText: meansId }).waitFor();
  assert.equal(await page.locator('#user-status').textContent(), 'Actief');
  const authorisations = page.getByRole('table', { name: 'Machtigingen' });
  assert.match(await authorisations.getByRole('row', { name: /UWV: Werkgeversportaal/ }).textContent(), /\d{4}/);
  assert.match(await main.textContent(), /Middel uitgegeven/, 'the timeline');
  // The timeline says who did what: the user confirmed, Middelpunt issued.
  const said = (what) => main.locator('.timeline__item').filter({ has: page.locator('.timeline__what', { hasText: what }) }).locator('.timeline__who').textContent();
  assert.equal(await said('Aanvraag bevestigd'), 'door de gebruiker');
  assert.equal(await said('Middel uitgegeven'), 'door Middelpunt (automatisch)');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Intrekken', exact: true }).click();
  const question = 'Weet u zeker dat u het eHerkenningsmiddel van Anna de Vries wilt intrekken?';
  const confirm = page.getByRole('group', { name: new RegExp(`^${question}`) });
  await confirm.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('confirm'));
  await expectNoAxeViolations(page);
  await confirm.getByRole('button', { name: 'Ja, intrekken' }).click();

  await page.getByText('Het eHerkenningsmiddel van Anna de Vries is ingetrokken.').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  await page.locator('#user-status', { hasText: 'Ingetrokken' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Intrekken', exact: true }).count(), 0);
  assert.match(await main.textContent(), /Ingetrokken op/);
  assert.match(await main.textContent(), /Middel ingetrokken/, 'the timeline');
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  await waitForMessage(page, ANNA.email, (m) => m.kind === 'email' && /ingetrokken/.test(m.subject ?? ''));
  expectNoProblems(page);
});

test('Lopende aanvragen: a re-sent invitation refuses the old link, and the new one works', async () => {
  const page = manager;
  await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Lopende aanvragen' }).click();
  await heading(page, 'Lopende aanvragen');
  await page.getByLabel('Zoek op naam of e-mailadres').fill(`bram.${run}`);
  await page.getByRole('button', { name: 'Filteren' }).click();
  await status(page, '1 aanvraag gevonden');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Bram van den Berg' }) });
  assert.match(await row.textContent(), /Uitgenodigd: e-mailadres nog niet bevestigd/);
  assert.match(await row.textContent(), new RegExp(orders.eh3));
  assert.match(await row.textContent(), /minder dan een minuut|\d+ minuten?/);
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  await page.getByRole('link', { name: 'Bram van den Berg' }).click();
  await heading(page, 'Aanvraag van Bram van den Berg');
  assert.match(await page.getByRole('main').textContent(), /Uitgenodigd/);
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // The server's refusal of a correction, at its field and in the summary.
  await page.getByLabel('Nieuw e-mailadres').fill('bram-zonder-apenstaartje');
  await page.getByRole('button', { name: 'E-mailadres corrigeren' }).click();
  await page.getByRole('alert').getByRole('link').first().waitFor();
  assert.equal(await page.getByLabel('Nieuw e-mailadres').getAttribute('aria-invalid'), 'true');
  assert.match(await page.title(), /^Fout: /);
  await expectNoAxeViolations(page);

  const oldLink = links[BRAM.email];
  await page.getByRole('button', { name: 'Uitnodiging opnieuw versturen' }).click();
  await page.getByText(`Er is een nieuwe uitnodiging verstuurd naar bram.${run}@voorbeeld.nl. De vorige link werkt niet meer.`).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  await page.getByText('Uitnodiging opnieuw verstuurd', { exact: true }).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'the earlier problem is gone');
  await expectNoAxeViolations(page);
  const newLink = await invitationPath(page, BRAM, oldLink);
  assert.notEqual(newLink, oldLink);

  const user = await freshPage(browser, { viewport: PHONE });
  await user.goto(oldLink);
  await heading(user, 'Deze link werkt niet');
  await user.context().close();
  const again = await freshPage(browser, { viewport: PHONE });
  await again.goto(newLink);
  await heading(again, 'Controleer uw gegevens');
  assert.deepEqual(again.problems, []);
  await again.context().close();
  expectNoProblems(page);
});

test('cancelling a request stops its link; a whole order is cancelled from its confirmation page', async () => {
  const page = manager;
  await page.goto(`/beheer/aanvragen?q=cees.${run}`);
  await page.getByRole('link', { name: 'Cees Claassen' }).click();
  await heading(page, 'Aanvraag van Cees Claassen');
  await page.getByRole('button', { name: 'Aanvraag annuleren' }).click();
  const confirm = page.getByRole('group', { name: /^Weet u zeker dat u de aanvraag van Cees Claassen wilt annuleren\?/ });
  await confirm.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('confirm'));
  await expectNoAxeViolations(page);
  await confirm.getByRole('button', { name: 'Ja, aanvraag annuleren' }).click();
  await page.getByText('De aanvraag van Cees Claassen is geannuleerd.').waitFor();
  await page.locator('#request-status', { hasText: 'Geannuleerd' }).waitFor();
  await page.getByText('Deze aanvraag is afgerond: er is niets meer aan te doen.').waitFor();
  await expectNoAxeViolations(page);

  const user = await freshPage(browser, { viewport: PHONE });
  await user.goto(links[CEES.email]);
  await heading(user, 'Deze aanvraag is geannuleerd');
  await user.context().close();

  // The order's confirmation page (the order wizard, another app) links to its requests.
  await page.goto(`/bestellen/bevestiging/${orders.eh2}`);
  await heading(page, 'Uw bestelling is geplaatst');
  await page.getByRole('link', { name: 'Volg de aanvragen in Lopende aanvragen' }).click();
  await heading(page, 'Lopende aanvragen');
  assert.equal(new URL(page.url()).search, `?order_number=${orders.eh2}`);
  await status(page, '2 aanvragen gevonden');
  assert.deepEqual((await rowNames(page)).sort(), [fullName(EVA), fullName(FEMKE)]);
  await page.getByRole('link', { name: 'Eva Evers' }).click();
  await heading(page, 'Aanvraag van Eva Evers');
  await page.getByRole('button', { name: 'Hele bestelling annuleren' }).click();
  const order = page.getByRole('group', { name: new RegExp(`^Weet u zeker dat u de hele bestelling ${orders.eh2} wilt annuleren\\?`) });
  await order.waitFor();
  await expectNoAxeViolations(page);
  await order.getByRole('button', { name: 'Ja, hele bestelling annuleren' }).click();
  await page.getByText(`Bestelling ${orders.eh2} is geannuleerd: 2 lopende aanvragen zijn gestopt.`).waitFor();
  await page.locator('#request-status', { hasText: 'Geannuleerd' }).waitFor();

  // Finished requests stay findable with the filter.
  await page.goto(`/beheer/aanvragen?order_number=${orders.eh2}`);
  await status(page, 'Geen aanvragen gevonden');
  await page.getByLabel('Huidige stap').selectOption('all');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await status(page, '2 aanvragen gevonden');
  assert.equal(new URL(page.url()).search, `?status=all&order_number=${orders.eh2}`);
  assert.equal(await page.getByRole('cell', { name: 'Geannuleerd' }).count(), 2);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
});

test('by keyboard alone: filter Lopende aanvragen, open a request, re-send its invitation, open and close a confirmation', async () => {
  const page = await freshPage(browser);
  const keys = page.keyboard;
  await page.goto('/inloggen?terug=/beheer/aanvragen');
  await heading(page, 'Inloggen');
  await tabTo(page, page.getByLabel('E-mailadres'));
  await keys.type(MANAGER.email);
  await keys.press('Tab');
  await keys.type(MANAGER.password);
  await keys.press('Enter');
  await heading(page, 'Lopende aanvragen');

  await tabTo(page, page.getByLabel('Zoek op naam of e-mailadres'));
  await keys.type(`daan.${run}`);
  await keys.press('Enter');
  await status(page, '1 aanvraag gevonden');
  await tabTo(page, page.getByRole('link', { name: 'Daan Dekker' }));
  await keys.press('Enter');
  await heading(page, 'Aanvraag van Daan Dekker');
  await page.waitForFunction(() => document.activeElement?.id === 'page-heading');

  await tabTo(page, page.getByRole('button', { name: 'Uitnodiging opnieuw versturen' }));
  await keys.press('Enter');
  await page.getByText(`Er is een nieuwe uitnodiging verstuurd naar daan.${run}@voorbeeld.nl.`).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');

  await tabTo(page, page.getByRole('button', { name: 'Aanvraag annuleren' }));
  await keys.press('Enter');
  await page.waitForFunction(() => document.activeElement?.classList.contains('confirm'));
  await keys.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Ja, aanvraag annuleren');
  await keys.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Nee, terug');
  await keys.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'cancel-request');
  assert.match(await page.locator('#request-status').textContent(), /Uitgenodigd/, 'nothing cancelled');
  expectNoProblems(page);
  await page.context().close();
});

test('the audit log holds the export, the revocation, the re-send and the cancellations', async () => {
  const page = manager;
  await page.goto('/beheer/gebruikers');
  await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Auditlog' }).click();
  await heading(page, 'Auditlog');
  await page.locator('.result-count').filter({ hasText: /gevonden/ }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByLabel('Zoek in onderwerp en details').fill(run);
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.waitForURL(new RegExp(`\\?q=${run}$`));
  const table = page.getByRole('table', { name: /^Auditlog/ });
  const entry = (action, text) => table.getByRole('row').filter({ hasText: action }).filter({ hasText: text });
  await entry('Gebruikers geëxporteerd', `level=EH3&q=${run}`).first().waitFor();
  await entry('Middel ingetrokken', `anna.${run}@voorbeeld.nl`).waitFor();
  await entry('Uitnodiging opnieuw verstuurd', `bram.${run}@voorbeeld.nl`).waitFor();
  await entry('Aanvraag geannuleerd', `cees.${run}@voorbeeld.nl`).waitFor();
  assert.match(await entry('Middel ingetrokken', 'Anna de Vries').textContent(), /Bea Beheerder/);
  await expectNoAxeViolations(page);

  // The order's cancellation, found by its number.
  await page.getByLabel('Zoek in onderwerp en details').fill(orders.eh2);
  await page.getByRole('button', { name: 'Filteren' }).click();
  await entry('Bestelling geannuleerd', orders.eh2).waitFor();

  // One action, exported with the filter.
  await page.getByLabel('Zoek in onderwerp en details').fill(run);
  await page.getByLabel('Actie').selectOption('means_revoked');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await status(page, '1 regel gevonden');
  assert.equal(new URL(page.url()).search, `?action=means_revoked&q=${run}`);
  const link = page.getByRole('link', { name: 'Exporteer als CSV' });
  assert.equal(await link.getAttribute('href'), `/api/v1/audit/export.csv?action=means_revoked&q=${run}`);
  const csv = await download(page, link);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[1], /Middel ingetrokken/);
  assert.match(lines[1], new RegExp(`anna\\.${run}@voorbeeld\\.nl`));
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  expectNoProblems(page);
});

test('Gebruikers starts an order, as the seed does, for the organisation its filter chose', async () => {
  await manager.goto('/beheer/gebruikers?organisation=69599084');
  await heading(manager, 'Gebruikers');
  const start = manager.getByRole('link', { name: 'Gebruikers toevoegen' });
  assert.equal(await start.getAttribute('href'), '/bestellen/organisatie?organisatie=69599084');
  await start.click();
  await heading(manager, 'Organisatie en betrouwbaarheidsniveau');
  const chosen = manager.locator('input[type=radio][name=organisation]:checked');
  await chosen.waitFor();
  assert.equal(await chosen.getAttribute('value'), '69599084');
  await expectNoAxeViolations(manager);
  // Without one organisation in the filter, the button starts where the wizard starts.
  await manager.goto('/beheer/gebruikers');
  await heading(manager, 'Gebruikers');
  assert.equal(
    await manager.getByRole('link', { name: 'Gebruikers toevoegen' }).getAttribute('href'),
    '/bestellen/organisatie',
  );
  expectNoProblems(manager);
});

test('the development mailbox shows one recipient\'s messages, its links on the page\'s own origin', async () => {
  // The server's public URL names localhost; the page is opened on 127.0.0.1.
  const origin = baseUrl.replace('//localhost:', '//127.0.0.1:');
  assert.notEqual(origin, baseUrl, `the browser tests run on localhost: ${baseUrl}`);
  const page = await freshPage(browser, { baseURL: origin });
  await page.goto('/dev/berichten');
  await heading(page, 'Berichten (ontwikkeling)');
  await page.getByLabel('Alleen berichten aan').fill(BRAM.email);
  await page.getByRole('button', { name: 'Tonen', exact: true }).click();
  await page.waitForURL(/[?&]aan=/);
  const recipients = page.locator('.message__meta strong');
  await recipients.first().waitFor();
  // The unfiltered list may still show for a moment: wait (at most 5 s) for the filtered one.
  await page.waitForFunction((email) => {
    const shown = [...document.querySelectorAll('.message__meta strong')];
    return shown.length > 0 && shown.every((el) => el.textContent === email);
  }, BRAM.email, { timeout: 5000 }).catch(() => {});
  assert.deepEqual([...new Set(await recipients.allTextContents())], [BRAM.email]);
  const link = page.locator('.message a[href*="/activeren/"]').first();
  const href = await link.getAttribute('href');
  assert.ok(href.startsWith(`${origin}/activeren/`), href);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Alle berichten tonen' }).click();
  await page.waitForURL((url) => !url.search.includes('aan='));
  expectNoProblems(page);
  await page.context().close();
});

test('Beheer is refused to an operator', async () => {
  const page = await freshPage(browser);
  await page.goto('/inloggen?terug=/beheer/gebruikers');
  await heading(page, 'Inloggen');
  await page.getByLabel('E-mailadres').fill(OPERATOR.email);
  await page.getByLabel('Wachtwoord').fill(OPERATOR.password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await heading(page, 'Geen toegang');
  await page.getByText('U bent ingelogd als Olga Operator').waitFor();
  assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Beheer', exact: true }).count(), 0);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
  await manager.context().close();
});
