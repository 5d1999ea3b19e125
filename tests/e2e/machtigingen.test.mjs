// Machtigingen beheren (issue 15), as a manager would. The demo manager orders through the API
// (the page's session) and the employees activate through the API, as in beheer.test.mjs; every
// name and address carries this run's tag, so the filters find exactly these people.
// One person's means, ordered with "Nee, nu niet", gets "Mijn Belastingdienst Zakelijk" from the
// user's page (after the form's own errors), which the page, Gebruikers and the manager's
// confirmation e-mail show; a second one is added by keyboard alone; the first is withdrawn after
// a confirmation naming the service and the person, the second stays and gets a new end date
// (the server's refusal of a date too far shown at the field first); the person is made
// co-manager and the role withdrawn. Twenty people are selected in Gebruikers and get a machtiging
// at once: 18 done, 2 skipped (an EH2 means for an EH3 service, a revoked means); then the
// same machtiging is withdrawn from "all that match this filter", selected on a page of five.
// axe on every new page state; no sideways scrolling at 360 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectNoProblems,
  freshPage,
  launch,
  waitForMessage,
} from './support.mjs';
import {
  MANAGER,
  activateByApi,
  call,
  checkNarrow,
  focusedId,
  heading,
  invitationPath,
  person,
  placeOrder,
  runTag,
  status,
  tabTo,
} from './manager.mjs';

const TAX = /^Mijn Belastingdienst Zakelijk/;
const UWV = /^Werkgeversportaal/;

const run = runTag('mt');
const bulkTag = `${run}x`;
const JAN = person('Jan', 'Jansen', `jan.${run}@voorbeeld.nl`);
const LAST_NAMES = [
  'Aalders', 'Bakker', 'Claes', 'Dijkstra', 'Eekhof', 'Franken', 'Geerts', 'Hendriks', 'Jacobs',
  'Kramer', 'Lambers', 'Mulder', 'Nijhuis', 'Oosterhout', 'Peeters', 'Quist', 'Romijn', 'Smit',
  'Teunissen', 'Verbeek',
];
const BULK = LAST_NAMES.map((last) => person('Bo', last, `${last.toLowerCase()}.${bulkTag}@voorbeeld.nl`));
/** The EH2 means (for an EH3 service: skipped) and the means that is revoked (skipped). */
const LOW = BULK[3];
const REVOKED = BULK[18];
const fullName = (p) => `${p.first_names} ${p.last_name}`;

let browser;
let manager;
const links = {};

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Orders for `users` without machtigingen ("Nee, nu niet") and activates each of them. */
async function orderAndActivate(page, level, users) {
  await placeOrder(page, {
    kvk_number: '68750110',
    level,
    users,
    authorisations: { kind: 'none' },
    term: 1,
  });
  const means = {};
  for (const user of users) {
    links[user.email] = await invitationPath(page, user);
    means[user.email] = await activateByApi(page, user, links[user.email]);
  }
  return means;
}

/** The row of the machtigingen table whose header matches `label`. */
function authorisationRow(page, label) {
  return page.getByRole('table', { name: 'Machtigingen' }).getByRole('row').filter({
    has: page.getByRole('rowheader', { name: label }),
  });
}

test('the manager logs in and orders for a person without machtigingen ("Nee, nu niet")', async () => {
  manager = await freshPage(browser);
  await manager.goto('/beheer/gebruikers');
  await manager.waitForURL(/\/inloggen\?terug=/);
  await heading(manager, 'Inloggen');
  await manager.getByLabel('E-mailadres').fill(MANAGER.email);
  await manager.getByLabel('Wachtwoord').fill(MANAGER.password);
  await manager.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await heading(manager, 'Gebruikers');
  await orderAndActivate(manager, 'EH3', [JAN]);
  expectNoProblems(manager);
});

test('one person: a machtiging added from the user\'s page, shown there and in Gebruikers, confirmed by e-mail', async () => {
  const page = manager;
  await page.goto(`/beheer/gebruikers?q=jan.${run}`);
  await status(page, '1 gebruiker gevonden');
  await page.getByRole('link', { name: 'Jan Jansen' }).click();
  await heading(page, 'Jan Jansen');
  await page.getByText('Nog geen machtigingen').first().waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Machtigingen toevoegen' }).click();
  await heading(page, 'Machtigingen toevoegen voor Jan Jansen');
  assert.match(await page.title(), /^Machtigingen toevoegen voor Jan Jansen – /);
  const until = page.getByLabel('Geldig tot en met');
  const meansEnd = await until.inputValue();
  assert.match(meansEnd, /^\d{4}-\d{2}-\d{2}$/, 'the means\' end is the default');
  assert.equal(await until.getAttribute('max'), meansEnd);
  await page.getByText(/^Uiterlijk \d+ \w+ \d{4}, de einddatum van het middel$/).waitFor();
  await expectNoAxeViolations(page);

  // Nothing chosen: the question, then the group of services, carry the error.
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
  await summary.getByRole('link', { name: 'Kies of Jan Jansen een machtiging voor alle diensten krijgt' }).waitFor();
  assert.match(await page.title(), /^Fout: /);
  await page.getByRole('radio', { name: 'Nee, ik kies specifieke diensten' }).check();
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  await summary.getByRole('link', { name: 'Kies minstens één dienst of dienstverlener' }).waitFor();
  const group = page.getByRole('group', { name: 'Diensten', exact: true });
  assert.match(await group.getAttribute('aria-describedby'), /services-error/);
  assert.equal(await page.getByLabel('Zoek een dienst of dienstverlener').getAttribute('aria-invalid'), null, 'not the search box');
  await summary.getByRole('link', { name: 'Kies minstens één dienst of dienstverlener' }).click();
  assert.equal(await focusedId(page), 'services');
  await expectNoAxeViolations(page);

  await page.getByLabel('Zoek een dienst of dienstverlener').fill('Belasting');
  await page.getByRole('checkbox', { name: TAX }).check();
  assert.ok(await page.getByRole('checkbox', { name: 'Mijn Gegevensdiensten' }).count() === 0
    || await page.getByRole('checkbox', { name: 'Mijn Gegevensdiensten' }).isDisabled());
  const price = page.locator('.price-estimate');
  await price.getByText(/^Gratis/).waitFor();
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  await page.getByRole('button', { name: 'Toevoegen' }).click();
  await heading(page, 'Jan Jansen');
  await page.getByText(/^Machtiging toegevoegd: .*Mijn Belastingdienst Zakelijk/).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  const tax = authorisationRow(page, /Mijn Belastingdienst Zakelijk/);
  assert.match(await tax.textContent(), /Actief/);
  assert.match(await page.getByRole('main').textContent(), /Machtigingen toegevoegd/, 'the timeline');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Gebruikers' }).click();
  await heading(page, 'Gebruikers');
  await page.goto(`/beheer/gebruikers?q=jan.${run}`);
  await status(page, '1 gebruiker gevonden');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Jan Jansen' }) });
  assert.match(await row.textContent(), /Mijn Belastingdienst Zakelijk/);

  const mail = await waitForMessage(page, MANAGER.email, (m) => m.kind === 'email'
    && /Machtigingen toegevoegd voor Jan Jansen/.test(m.subject ?? ''));
  assert.match(mail.text, /Mijn Belastingdienst Zakelijk/);
  expectNoProblems(page);
});

test('by keyboard alone: a second machtiging is added from the user\'s page', async () => {
  const page = manager;
  await page.getByRole('link', { name: 'Jan Jansen' }).click();
  await heading(page, 'Jan Jansen');
  const keys = page.keyboard;
  await tabTo(page, page.getByRole('link', { name: 'Machtigingen toevoegen' }));
  await keys.press('Enter');
  await heading(page, 'Machtigingen toevoegen voor Jan Jansen');
  await tabTo(page, page.getByRole('radio', { name: 'Ja, alle diensten' }));
  await keys.press('ArrowDown');
  assert.ok(await page.getByRole('radio', { name: 'Nee, ik kies specifieke diensten' }).isChecked());
  await tabTo(page, page.getByLabel('Zoek een dienst of dienstverlener'));
  await keys.type('Werkgevers');
  await tabTo(page, page.getByRole('checkbox', { name: UWV }));
  await keys.press('Space');
  assert.ok(await page.getByRole('checkbox', { name: UWV }).isChecked());
  await page.locator('.price-estimate').getByText(/^Gratis/).waitFor();
  await tabTo(page, page.getByRole('button', { name: 'Toevoegen' }));
  await keys.press('Enter');
  await heading(page, 'Jan Jansen');
  await page.getByText(/^Machtiging toegevoegd: .*Werkgeversportaal/).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  assert.match(await authorisationRow(page, /Werkgeversportaal/).textContent(), /Actief/);
  expectNoProblems(page);
});

test('one machtiging is withdrawn after a confirmation naming the service and the person; the other stays and gets a new end date', async () => {
  const page = manager;
  await page.getByRole('button', { name: /^Intrekken .*Mijn Belastingdienst Zakelijk/ }).click();
  const confirm = page.getByRole('group', { name: /^Machtiging ‘.*Mijn Belastingdienst Zakelijk.*’ van Jan Jansen intrekken\?/ });
  await confirm.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('confirm'));
  await expectNoAxeViolations(page);
  await confirm.getByRole('button', { name: 'Ja, machtiging intrekken' }).click();
  await page.getByText(/^Machtiging ‘.*Mijn Belastingdienst Zakelijk.*’ van Jan Jansen is ingetrokken\.$/).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  const tax = authorisationRow(page, /Mijn Belastingdienst Zakelijk/);
  await tax.getByText(/^Ingetrokken op/).waitFor();
  assert.equal(await tax.getByRole('button').count(), 0, 'a withdrawn machtiging has no actions');
  const uwv = authorisationRow(page, /Werkgeversportaal/);
  assert.match(await uwv.textContent(), /Actief/);
  assert.match(await page.getByRole('main').textContent(), /Machtiging ingetrokken/, 'the timeline');
  await expectNoAxeViolations(page);
  await waitForMessage(page, MANAGER.email, (m) => m.kind === 'email'
    && /Machtigingen ingetrokken voor Jan Jansen/.test(m.subject ?? ''));

  // A new end date: a date too far is refused at the field; a near one is taken.
  await uwv.getByRole('button', { name: /^Einddatum wijzigen/ }).click();
  const field = page.getByLabel(/^Nieuwe einddatum van ‘.*Werkgeversportaal/);
  await page.waitForFunction(() => document.activeElement?.id === 'new-end');
  const latest = await field.getAttribute('max');
  await field.fill('2099-12-31');
  await page.getByRole('button', { name: 'Einddatum opslaan' }).click();
  await page.getByRole('alert').filter({ hasText: 'Er is een probleem' }).waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await field.inputValue(), '2099-12-31', 'what was typed stays');
  await expectNoAxeViolations(page);
  const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  assert.ok(soon <= latest, `${soon} <= ${latest}`);
  await field.fill(soon);
  await page.getByRole('button', { name: 'Einddatum opslaan' }).click();
  await page.getByText(/^Machtiging ‘.*Werkgeversportaal.*’ van Jan Jansen is nu geldig tot en met/).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  assert.match(await authorisationRow(page, /Werkgeversportaal/).textContent(), /Actief/);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
});

test('beyond the free machtigingen of a means the price shows, and the terms are asked for', async () => {
  const page = manager;
  await page.getByRole('link', { name: 'Machtigingen toevoegen' }).click();
  await heading(page, 'Machtigingen toevoegen voor Jan Jansen');
  await page.getByRole('radio', { name: 'Nee, ik kies specifieke diensten' }).check();
  for (const service of [/^Aangifte dividendbelasting/, /^EU Portalen/, /^Mijn Kadaster/, /^Alle digitale diensten/, /^Publieke dienst in België/]) {
    await page.getByRole('checkbox', { name: service }).check();
  }
  const price = page.locator('.price-estimate');
  await price.getByText(/^Prijs: €\s\d+,\d{2} excl\. btw \(€\s\d+,\d{2} incl\. btw\)$/).waitFor();
  const terms = page.getByRole('checkbox', { name: /^Ik ga akkoord met de algemene voorwaarden/ });
  await terms.waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Ga akkoord met de voorwaarden om te bestellen' }).waitFor();
  assert.equal(await terms.getAttribute('aria-describedby'), 'accept-terms-error');
  assert.ok(await page.getByRole('checkbox', { name: /^Mijn Kadaster/ }).isChecked(), 'the choice stays');
  await expectNoAxeViolations(page);
  await terms.check();
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  await heading(page, 'Jan Jansen');
  await page.getByText(/^Machtigingen toegevoegd: .*Mijn Kadaster/).waitFor();
  assert.match(await authorisationRow(page, /Mijn Kadaster/).textContent(), /Actief/);
  expectNoProblems(page);
});

test('the person is made co-manager (an e-mail to set up an account), and the role is withdrawn', async () => {
  const page = manager;
  const section = page.getByRole('region', { name: 'Machtigingenbeheerder' });
  await section.getByRole('button', { name: 'Maak machtigingenbeheerder' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Kies het niveau' }).waitFor();
  await section.getByRole('radio', { name: 'EH2+' }).check();
  await section.getByRole('button', { name: 'Maak machtigingenbeheerder' }).click();
  const confirm = page.getByRole('group', { name: /^Jan Jansen machtigingenbeheerder maken, tot en met niveau EH2\+\? Jan Jansen krijgt een e-mail/ });
  await confirm.waitFor();
  await expectNoAxeViolations(page);
  await confirm.getByRole('button', { name: 'Ja, maak machtigingenbeheerder' }).click();
  await page.getByText(/^Jan Jansen is machtigingenbeheerder, tot en met niveau EH2\+\./).waitFor();
  await page.locator('#role-status', { hasText: /^Machtigingenbeheerder sinds .*, niveau EH2\+, account: uitgenodigd$/ }).waitFor();
  await waitForMessage(page, JAN.email, (m) => m.kind === 'email' && /\/account\/instellen/.test(m.text));
  await expectNoAxeViolations(page);

  await section.getByRole('button', { name: 'Rol intrekken' }).click();
  const withdraw = page.getByRole('group', { name: /^Weet u zeker dat u de rol van machtigingenbeheerder van Jan Jansen wilt intrekken\?/ });
  await withdraw.waitFor();
  await withdraw.getByRole('button', { name: 'Ja, rol intrekken' }).click();
  await page.getByText('Jan Jansen is geen machtigingenbeheerder meer.').waitFor();
  await section.getByRole('button', { name: 'Maak machtigingenbeheerder' }).waitFor();
  expectNoProblems(page);
});

test('twenty selected people get a machtiging at once: 18 done, 2 skipped (an EH2 means, a revoked means)', async () => {
  const page = manager;
  const low = await orderAndActivate(page, 'EH2', [LOW]);
  const high = await orderAndActivate(page, 'EH3', BULK.filter((p) => p !== LOW));
  const revoked = await call(page, 'POST', `/api/v1/means/${high[REVOKED.email]}/revocation`);
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  assert.ok(low[LOW.email]);

  await page.goto(`/beheer/gebruikers?q=${bulkTag}`);
  await status(page, '20 gebruikers gevonden');
  const count = page.locator('#selection-count');
  await count.getByText('Niemand geselecteerd').waitFor();
  assert.equal(await page.getByRole('button', { name: /^Selecteer alle \d+ die aan dit filter voldoen$/ }).count(), 0, 'the page holds them all');
  // By keyboard: the header's checkbox selects the whole page.
  await tabTo(page, page.getByRole('checkbox', { name: 'Selecteer alle op deze pagina' }));
  await page.keyboard.press('Space');
  await count.getByText('20 geselecteerd').waitFor();
  assert.equal(await page.getByRole('checkbox', { name: /^Selecteer Bo / }).evaluateAll((boxes) => boxes.filter((b) => b.checked).length), 20);
  const first = page.getByRole('checkbox', { name: `Selecteer ${fullName(BULK[0])}` });
  await first.uncheck();
  await count.getByText('19 geselecteerd').waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Selecteer alle op deze pagina' }).isChecked(), false);
  await first.check();
  await count.getByText('20 geselecteerd').waitFor();
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // Back from the change keeps the selection.
  await page.getByRole('link', { name: 'Machtiging toevoegen' }).click();
  await heading(page, 'Machtiging toevoegen voor de selectie');
  await page.getByText('Voor: 20 geselecteerde gebruikers').waitFor();
  await page.goBack();
  await heading(page, 'Gebruikers');
  await count.getByText('20 geselecteerd').waitFor();
  await page.getByRole('link', { name: 'Machtiging toevoegen' }).click();
  await heading(page, 'Machtiging toevoegen voor de selectie');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Kies of de gebruikers een machtiging voor alle diensten krijgen' }).waitFor();
  await page.getByRole('radio', { name: 'Nee, ik kies specifieke diensten' }).check();
  await page.getByLabel('Zoek een dienst of dienstverlener').fill('Belasting');
  await page.getByRole('checkbox', { name: TAX }).check();
  await checkNarrow(page);
  await page.getByRole('button', { name: 'Doorgaan' }).click();

  await page.getByRole('heading', { name: 'Controleer en bevestig' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'check-title');
  await page.getByText('Voor 18 van de 20 gebruikers').waitFor();
  await page.getByText(/^Machtigingen die worden toegevoegd: Belastingdienst: Mijn Belastingdienst Zakelijk/).waitFor();
  const skipped = page.getByRole('table', { name: 'Gebruikers die worden overgeslagen, met de reden' });
  assert.equal(await skipped.locator('tbody tr').count(), 2);
  assert.match(await skipped.getByRole('row').filter({ hasText: fullName(LOW) }).textContent(), /Niveau te laag/);
  assert.match(await skipped.getByRole('row').filter({ hasText: fullName(REVOKED) }).textContent(), /Middel niet actief/);
  await page.getByText(/^Gratis/).waitFor();
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByText('De wijziging is doorgevoerd: 18 gelukt, 2 overgeslagen.').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  await page.getByText('18 gelukt, 2 overgeslagen', { exact: true }).waitFor();
  const outcome = page.getByRole('table', { name: 'Uitkomst per gebruiker' });
  assert.equal(await outcome.locator('tbody tr').count(), 20);
  assert.equal(await outcome.getByRole('cell', { name: 'Gelukt', exact: true }).count(), 18);
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  await waitForMessage(page, MANAGER.email, (m) => m.kind === 'email'
    && /Machtigingen toegevoegd voor 18 gebruikers/.test(m.subject ?? ''));

  await page.getByRole('link', { name: 'Terug naar Gebruikers' }).first().click();
  await heading(page, 'Gebruikers');
  await page.goto(`/beheer/gebruikers?q=${bulkTag}`);
  await status(page, '20 gebruikers gevonden');
  await page.locator('#selection-count').getByText('Niemand geselecteerd').waitFor();
  const row = (p) => page.getByRole('row').filter({ has: page.getByRole('link', { name: fullName(p) }) });
  assert.match(await row(BULK[0]).textContent(), /Mijn Belastingdienst Zakelijk/);
  assert.doesNotMatch(await row(LOW).textContent(), /Mijn Belastingdienst Zakelijk/);
  expectNoProblems(page);
});

test('"select all that match this filter" on a page of five: the machtiging is withdrawn from all twenty that have it', async () => {
  const page = manager;
  await page.goto(`/beheer/gebruikers?q=${bulkTag}&per_page=5`);
  await status(page, '20 gebruikers gevonden');
  const count = page.locator('#selection-count');
  await page.getByRole('button', { name: 'Selecteer alle 20 die aan dit filter voldoen' }).click();
  await count.getByText('Alle 20 geselecteerd').waitFor();
  assert.ok(await page.getByRole('checkbox', { name: 'Selecteer alle op deze pagina' }).isChecked());
  await page.getByRole('button', { name: 'Selectie wissen' }).waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('navigation', { name: 'Paginering' }).getByRole('link', { name: 'Volgende pagina' }).click();
  await page.getByRole('navigation', { name: 'Paginering' }).getByText('Pagina 2 van 4').waitFor();
  await count.getByText('Alle 20 geselecteerd').waitFor();

  await page.getByRole('link', { name: 'Machtiging intrekken' }).click();
  await heading(page, 'Machtiging intrekken bij de selectie');
  await page.getByText('Voor: alle 20 gebruikers die aan het filter voldoen').waitFor();
  await page.getByRole('radio', { name: 'Nee, ik kies specifieke diensten' }).check();
  await page.getByLabel('Zoek een dienst of dienstverlener').fill('Belasting');
  await page.getByRole('checkbox', { name: TAX }).check();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.getByText('Voor 18 van de 20 gebruikers').waitFor();
  await page.getByText(/^Machtigingen die worden ingetrokken: Belastingdienst: Mijn Belastingdienst Zakelijk/).waitFor();

  // "Keuze wijzigen" goes back with the choice kept.
  await page.getByRole('button', { name: 'Keuze wijzigen' }).click();
  assert.ok(await page.getByRole('checkbox', { name: TAX }).isChecked());
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.getByText('Voor 18 van de 20 gebruikers').waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByText('18 gelukt, 2 overgeslagen', { exact: true }).waitFor();
  await expectNoAxeViolations(page);

  await page.goto(`/beheer/gebruikers?q=${bulkTag}`);
  await status(page, '20 gebruikers gevonden');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: fullName(BULK[0]) }) });
  assert.doesNotMatch(await row.textContent(), /Mijn Belastingdienst Zakelijk/);
  expectNoProblems(page);
});
