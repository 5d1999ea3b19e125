// The manager's year (issue 11), as the demo manager would live it. Orders go through the API
// (the page's session) and the employees activate through the activation API, as in
// beheer.test.mjs; every name and address carries this run's tag, so the filters find exactly
// these people whatever else the database holds.
// Overzicht: each count is the total of the list its link opens (checked against the API for
// every item, and by following every non-zero link). Thirty people are selected with "all that
// match this filter" on page 1 of 2 and renewed for 3 years: the price is the price list's, the
// terms are asked, the order is placed; one user renews through the activation pages (which say
// that it is a renewal and that no identification is needed), the others through the API; every
// new means starts the day after the old one ends, which the user's page shows. Revoking three
// people of whom one is revoked already: 2 done, 1 skipped with the reason. In Lopende
// aanvragen two invitations are sent again (by keyboard alone: the old links stop working) and
// all four requests are cancelled with "all that match". axe on every new page and state; no
// sideways scrolling at 360 px. The wizard warns about a person who holds an active means at the
// order's level and offers the renewal instead.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectNoAxeViolations,
  expectNoProblems,
  freshPage,
  launch,
  waitForMessage,
} from './support.mjs';
import {
  activateByApi,
  activateThroughApi,
  call,
  checkNarrow,
  digits,
  heading,
  invitationPath,
  logInThrough,
  placeOrder,
  runTag,
  status,
  tabTo,
} from './manager.mjs';

const run = runTag('yr');
const tags = { renew: `${run}r`, revoke: `${run}v`, requests: `${run}q` };
const person = (first_names, last_name, tag) => ({
  first_names,
  infix: '',
  last_name,
  birth_date: '15-03-1985',
  birth_place: 'Utrecht',
  email: `${first_names.toLowerCase()}.${last_name.toLowerCase()}.${tag}@voorbeeld.nl`,
  mobile: `061${digits(7)}`,
  employed: 'J',
});
const LAST_NAMES = [
  'Aalders', 'Bakker', 'Claes', 'Dijkstra', 'Eekhof', 'Franken', 'Geerts', 'Hendriks', 'Jacobs',
  'Kramer', 'Lambers', 'Mulder', 'Nijhuis', 'Oosterhout', 'Peeters', 'Quist', 'Romijn', 'Smit',
  'Teunissen', 'Verbeek', 'Willems', 'Zwart', 'Aarts', 'Boer', 'Cornelissen', 'Dekker', 'Evers',
  'Faber', 'Gerritsen', 'Hoekstra',
];
const RENEW = LAST_NAMES.map((last) => person('Rik', last, tags.renew));
const REVOKE = ['Ahmed', 'Bos', 'Coster'].map((last) => person('Vera', last, tags.revoke));
const REQUESTS = ['Aydin', 'Brouwer', 'Cohen', 'Duits'].map((last) => person('Quinn', last, tags.requests));
const fullName = (p) => `${p.first_names} ${p.last_name}`;
const SERVICES = ['belastingdienst.mijn-zakelijk', 'uwv.werkgeversportaal'];
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus',
  'september', 'oktober', 'november', 'december'];

let browser;
let manager;
const links = {};
const means = {};

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** An ISO date `days` later. */
function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** An ISO date as the Dutch pages write it: `27 december 2026`. */
function longDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** Cents as the Dutch pages write them: `€ 1.234,50`. */
function euros(cents) {
  const whole = Math.floor(Math.abs(cents) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${cents < 0 ? '-' : ''}€ ${whole},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
}

/** A GET of the API with the page's session. */
async function get(page, path) {
  return page.evaluate(async (path) => {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: await response.json() };
  }, path);
}

/**
 * Orders for `users` at `level` for a year (EH3: with two machtigingen, which need EH3), and
 * their invitation links.
 */
async function order(page, level, users) {
  const number = await placeOrder(page, {
    kvk_number: '68750110',
    level,
    users,
    authorisations: level === 'EH3'
      ? { kind: 'selected', providers: [], services: SERVICES }
      : { kind: 'none' },
    term: 1,
  });
  for (const user of users) {
    links[user.email] = await invitationPath(page, user);
  }
  return number;
}

/** The number at the start of a count in words ("1.234 aanvragen …"), `0` for "Geen …". */
function leadingNumber(text) {
  const match = text.trim().match(/^(?:Bij )?([\d.]+)/);
  return match ? Number(match[1].replace(/\./g, '')) : 0;
}

test('the manager logs in; orders for 30 + 3 people are activated, 4 more wait for their users', async () => {
  manager = await freshPage(browser);
  await logInThrough(manager, '/beheer');
  await heading(manager, 'Overzicht');
  await order(manager, 'EH3', RENEW);
  await order(manager, 'EH2+', REVOKE);
  await order(manager, 'EH3', REQUESTS);
  for (const user of [...RENEW, ...REVOKE]) {
    means[user.email] = await activateByApi(manager, user, links[user.email]);
  }
  expectNoProblems(manager);
});

test('Overzicht: every count is its list\'s total, and every link opens exactly that list', async () => {
  const page = manager;
  await page.goto('/beheer');
  await heading(page, 'Overzicht');
  const subNav = page.getByRole('navigation', { name: 'Beheer' });
  assert.equal(await subNav.getByRole('link', { name: 'Overzicht' }).getAttribute('aria-current'), 'page');
  const items = page.locator('#attention-list > li');
  await items.first().waitFor();
  const overview = await get(page, '/api/v1/overview');
  assert.equal(overview.status, 200);
  assert.equal(await items.count(), overview.body.items.length);
  assert.equal(overview.body.items.length, 5, 'one line per kind, also when nothing is counted');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  const followed = [];
  for (const [i, item] of overview.body.items.entries()) {
    // The API's own list with the item's query answers the count the overview shows.
    const query = new URLSearchParams(Object.entries(item.query).filter(([, v]) => v != null));
    const list = item.list === 'users' ? 'users' : 'requests';
    const answer = await get(page, `/api/v1/${list}?${query}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.total, item.count, `${item.kind}: the overview's count is the list's total`);
    const line = items.nth(i);
    const text = (await line.textContent()).trim();
    assert.equal(leadingNumber(text), item.count, `${item.kind}: "${text}"`);
    const link = line.getByRole('link');
    if (item.count === 0) {
      assert.equal(await link.count(), 0, 'nothing to open');
      continue;
    }
    const href = await link.getAttribute('href');
    const url = new URL(href, 'http://x');
    assert.equal(url.pathname, item.list === 'users' ? '/beheer/gebruikers' : '/beheer/aanvragen');
    assert.deepEqual(Object.fromEntries(url.searchParams), Object.fromEntries(query), 'exactly the item\'s filter');
    followed.push({ href, count: item.count, kind: item.kind });
  }
  for (const { href, count, kind } of followed) {
    await page.goto('/beheer');
    await heading(page, 'Overzicht');
    await page.locator(`#attention-list a[href="${href}"]`).click();
    await page.locator('.result-count').filter({ hasText: /gevonden/ }).waitFor();
    const shown = await page.locator('.result-count').textContent();
    assert.equal(leadingNumber(shown), count, `${kind}: the list opened shows ${count}: "${shown}"`);
    await expectNoAxeViolations(page);
  }
  expectNoProblems(page);
});

test('30 people selected on page 1 of 2 with "all that match" are renewed for 3 years at the price list\'s price', async () => {
  const page = manager;
  await page.goto(`/beheer/gebruikers?q=${tags.renew}&per_page=20`);
  await status(page, '30 gebruikers gevonden');
  await page.getByRole('navigation', { name: 'Paginering' }).getByText('Pagina 1 van 2').waitFor();
  await page.getByRole('button', { name: 'Selecteer alle 30 die aan dit filter voldoen' }).click();
  await page.locator('#selection-count').filter({ hasText: 'Alle 30 geselecteerd' }).waitFor();
  await page.getByRole('link', { name: 'Verlengen', exact: true }).click();

  await heading(page, 'Middelen verlengen');
  await page.getByText('Voor: alle 30 gebruikers die aan het filter voldoen').waitFor();
  assert.equal(await page.getByRole('radio', { name: 'Houden zoals ze nu zijn' }).isChecked(), true, 'kept by default');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // No term: said in the error summary, which takes focus.
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Kies de geldigheidsduur' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.match(await page.title(), /^Fout: /);
  await expectNoAxeViolations(page);

  await page.getByRole('radio', { name: '3 jaar' }).check();
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.getByRole('heading', { name: 'Controleer en bevestig' }).waitFor();
  assert.equal(await page.locator('#action-summary').textContent(), 'Voor 30 van de 30 gebruikers');

  // The price: EH3 for 3 years × 30 from the price list, and the quote's total for that order.
  const prices = (await get(page, '/api/v1/prices')).body;
  const unit = prices.means.find((p) => p.level === 'EH3' && Number(p.term) === 3).price;
  const quote = await call(page, 'POST', '/api/v1/quotes', {
    level: 'EH3', term: 3, users: 30, authorisations_per_user: SERVICES.length,
  });
  assert.equal(quote.status, 200, JSON.stringify(quote.body));
  const table = page.locator('table.price-table');
  const firstLine = table.locator('tbody tr').first();
  assert.equal((await firstLine.locator('td').nth(1).textContent()).trim(), '30');
  // An amount's space is a non-breaking one (format::money): read as a plain space.
  const amount = async (cell) => (await cell.textContent()).replace(/\s+/g, ' ').trim();
  assert.equal(await amount(firstLine.locator('td').nth(3)), euros(unit * 30));
  assert.equal(await amount(page.locator('#price-total')), euros(quote.body.total_incl_vat));
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // The terms first.
  await page.getByRole('button', { name: 'Verlenging bestellen' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Ga akkoord met de voorwaarden om te bestellen' }).waitFor();
  await page.getByLabel(/Ik ga akkoord/).check();
  await page.getByRole('button', { name: 'Verlenging bestellen' }).click();
  await page.locator('#action-result').filter({ hasText: '30 gelukt, 0 overgeslagen' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  const orderLinks = page.locator('#action-orders a');
  assert.ok(await orderLinks.count() >= 1);
  let ordered = 0;
  for (const link of await orderLinks.all()) {
    const number = (await link.textContent()).trim();
    assert.match(number, /^MP-/);
    assert.equal(await link.getAttribute('href'), `/beheer/aanvragen?status=all&order_number=${encodeURIComponent(number)}`);
    ordered += (await get(page, `/api/v1/requests?status=all&order_number=${number}`)).body.total;
  }
  assert.equal(ordered, 30, 'the orders hold the 30 renewals');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // The order's link opens its requests; the selection is gone.
  await orderLinks.first().click();
  await heading(page, 'Lopende aanvragen');
  await page.locator('.result-count').filter({ hasText: /aanvragen gevonden/ }).waitFor();
  assert.match(await page.locator('table.data-table tbody').textContent(), /Verlenging/);
  await page.goto(`/beheer/gebruikers?q=${tags.renew}&per_page=20`);
  await page.locator('#selection-count').filter({ hasText: 'Niemand geselecteerd' }).waitFor();
  expectNoProblems(page);
});

test('the renewals complete through their links; each new means starts the day after the old one ends', async () => {
  const first = RENEW[0];
  const oldLink = links[first.email];
  const newLink = await invitationPath(manager, first, oldLink);
  const old = (await get(manager, `/api/v1/users?q=${encodeURIComponent(first.email)}&status=active`)).body.users
    .find((u) => !u.predecessor);
  assert.ok(old, 'the old means is still active');

  // One user through the pages, on a phone.
  const user = await freshPage(browser, { viewport: { width: 360, height: 740 } });
  await user.goto(newLink);
  await heading(user, 'Controleer uw gegevens');
  const notice = user.locator('#succession');
  assert.equal(
    (await notice.textContent()).trim(),
    `U verlengt uw eHerkenningsmiddel ${means[first.email]} (geldig t/m ${longDate(old.valid_until)}). `
      + 'Het nieuwe middel gaat in op de dag erna. U hoeft zich niet opnieuw te identificeren.',
  );
  await expectNoAxeViolations(user);
  await user.getByRole('button', { name: 'Volgende' }).click();
  await heading(user, 'Controleer uw mobiele nummer');
  await user.getByRole('button', { name: 'Volgende' }).click();
  await heading(user, 'Vul de sms-code in');
  const sms = await waitForMessage(user, `+31${first.mobile.slice(1)}`, (m) => m.kind === 'sms' && /\b\d{6}\b/.test(m.text));
  await user.getByLabel('SMS-code').fill(sms.text.match(/\b(\d{6})\b/)[1]);
  await user.getByRole('button', { name: 'Volgende' }).click();
  await heading(user, 'Controleer uw aanvraag');
  await user.getByLabel('Ik ga akkoord met de Gebruiksvoorwaarden').check();
  await user.getByRole('button', { name: 'Bestel' }).click();
  await heading(user, 'U beschikt nu over eHerkenning');
  await user.locator('#succession').waitFor();
  assert.match(await user.getByRole('main').textContent(), new RegExp(longDate(addDays(old.valid_until, 1))));
  await expectNoAxeViolations(user);
  expectNoProblems(user);

  // The others through the API.
  for (const other of RENEW.slice(1)) {
    const link = await invitationPath(manager, other, links[other.email]);
    const view = await activateThroughApi(manager, other, link);
    assert.equal(view.status, 'issued', `${other.email}: no identification while the means is valid`);
  }

  // Every renewal: valid from the day after its predecessor ends.
  const rows = (await get(manager, `/api/v1/users?q=${tags.renew}&status=active&per_page=100`)).body.users;
  const renewals = rows.filter((r) => r.predecessor?.kind === 'renewal');
  assert.equal(renewals.length, 30);
  for (const row of renewals) {
    const now = (await get(manager, `/api/v1/users/${row.request_id}`)).body;
    const before = (await get(manager, `/api/v1/users/${row.predecessor.request_id}`)).body;
    assert.equal(now.means.valid_from, addDays(before.means.valid_until, 1), row.name);
  }

  // Gebruikers: the renewal's page says whose renewal it is and from when it is valid.
  const renewal = renewals.find((r) => r.name === fullName(first));
  const page = manager;
  await page.goto(`/beheer/gebruikers?q=${encodeURIComponent(first.email)}`);
  await status(page, '2 gebruikers gevonden');
  await page.locator('tbody tr').filter({ has: page.locator('th .tag') }).getByRole('link', { name: fullName(first) }).click();
  await heading(page, fullName(first));
  assert.match(await page.locator('#predecessor').textContent(), new RegExp(`Verlenging van ${means[first.email]}`));
  const meansList = page.locator('dl').nth(1);
  assert.match(await meansList.textContent(), new RegExp(`Geldig vanaf${longDate(addDays(old.valid_until, 1))}`));
  await expectNoAxeViolations(page);
  await page.locator('#predecessor a').click();
  await heading(page, fullName(first));
  await page.locator('#successor').filter({ hasText: 'Verlenging besteld:' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/beheer/gebruikers/${renewal.predecessor.request_id}`);
  expectNoProblems(page);
});

test('revoking 3 people of whom 1 is revoked already: 2 done, 1 skipped with the reason', async () => {
  const page = manager;
  const gone = REVOKE[1];
  const revoked = await call(page, 'POST', `/api/v1/means/${means[gone.email]}/revocation`);
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));

  await page.goto(`/beheer/gebruikers?q=${tags.revoke}`);
  await status(page, '3 gebruikers gevonden');
  await page.getByRole('checkbox', { name: 'Selecteer alle op deze pagina' }).check();
  await page.locator('#selection-count').filter({ hasText: '3 geselecteerd' }).waitFor();
  await page.getByRole('link', { name: 'Intrekken', exact: true }).click();
  await heading(page, 'Middelen intrekken');
  await page.getByRole('heading', { name: 'Controleer en bevestig' }).waitFor();
  assert.equal(await page.locator('#action-summary').textContent(), 'Voor 2 van de 3 gebruikers');
  assert.match(await page.locator('#revoke-warning').textContent(), /intrekken gaat direct in/);
  const skipped = page.getByRole('table', { name: 'Gebruikers die worden overgeslagen, met de reden' });
  assert.equal(await skipped.locator('tbody tr').count(), 1);
  assert.match(await skipped.locator('tbody tr').textContent(), new RegExp(`${fullName(gone)}Overgeslagen: Middel niet actief`));
  assert.equal(await page.locator('table.price-table').count(), 0, 'no price for a revocation');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  await page.getByRole('button', { name: 'Ja, intrekken' }).click();
  await page.locator('#action-result').filter({ hasText: '2 gelukt, 1 overgeslagen' }).waitFor();
  const outcome = page.getByRole('table', { name: 'Uitkomst per gebruiker' });
  for (const user of REVOKE) {
    const row = outcome.getByRole('row').filter({ has: page.getByRole('link', { name: fullName(user) }) });
    assert.match(await row.textContent(), user === gone ? /Overgeslagen: Middel niet actief/ : /Gelukt/);
  }
  await expectNoAxeViolations(page);
  for (const user of REVOKE) {
    const rows = (await get(page, `/api/v1/users?q=${encodeURIComponent(user.email)}`)).body.users;
    assert.equal(rows[0].status, 'revoked', user.email);
  }
  expectNoProblems(page);
});

test('Lopende aanvragen: two invitations sent again by keyboard alone, then all four requests cancelled', async () => {
  const page = manager;
  await page.goto(`/beheer/aanvragen?q=${tags.requests}&per_page=2`);
  await status(page, '4 aanvragen gevonden');
  const statusSelect = page.getByLabel('Huidige stap');
  const options = await statusSelect.locator('option').allTextContents();
  assert.ok(options.includes('Wacht op gebruiker') && options.includes('Mislukt'), options.join(', '));
  await expectNoAxeViolations(page);

  // By keyboard: both rows of the page picked with Space, the action opened with Enter.
  const names = await page.locator('table.data-table tbody th a').allTextContents();
  for (const name of names) {
    await tabTo(page, page.getByRole('checkbox', { name: `Selecteer ${name}` }));
    await page.keyboard.press('Space');
  }
  await page.locator('#selection-count').filter({ hasText: '2 geselecteerd' }).waitFor();
  await checkNarrow(page);
  const resendLink = page.getByRole('link', { name: 'Uitnodiging opnieuw sturen' });
  await tabTo(page, resendLink, 60, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await heading(page, 'Uitnodigingen opnieuw sturen');
  await page.getByText('Voor: 2 geselecteerde aanvragen').waitFor();
  await page.getByRole('heading', { name: 'Controleer en bevestig' }).waitFor();
  assert.equal(await page.locator('#action-summary').textContent(), 'Voor 2 van de 2 aanvragen');
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  await tabTo(page, page.getByRole('button', { name: 'Uitnodigingen versturen' }));
  await page.keyboard.press('Enter');
  await page.locator('#action-result').filter({ hasText: '2 gelukt, 0 overgeslagen' }).waitFor();
  await expectNoAxeViolations(page);

  // Each of the two got a new link; the old one no longer works.
  const resent = REQUESTS.filter((u) => names.includes(fullName(u)));
  assert.equal(resent.length, 2);
  for (const user of resent) {
    const fresh = await invitationPath(page, user, links[user.email]);
    assert.notEqual(fresh, links[user.email]);
    const oldToken = links[user.email].split('/').pop();
    const answer = await page.evaluate(async (token) => (await fetch('/api/v1/activation', {
      headers: { Accept: 'application/json', 'X-Activation-Token': token },
    })).status, oldToken);
    assert.notEqual(answer, 200, 'the old link stops working');
    links[user.email] = fresh;
  }

  // All four, with "all that match" on a page of two, cancelled.
  await page.goto(`/beheer/aanvragen?q=${tags.requests}&per_page=2`);
  await status(page, '4 aanvragen gevonden');
  await page.getByRole('button', { name: 'Selecteer alle 4 die aan dit filter voldoen' }).click();
  await page.locator('#selection-count').filter({ hasText: 'Alle 4 geselecteerd' }).waitFor();
  await page.getByRole('link', { name: 'Aanvraag annuleren' }).click();
  await heading(page, 'Aanvragen annuleren');
  await page.getByText('Voor: alle 4 aanvragen die aan het filter voldoen').waitFor();
  await page.getByRole('heading', { name: 'Controleer en bevestig' }).waitFor();
  assert.equal(await page.locator('#action-summary').textContent(), 'Voor 4 van de 4 aanvragen');
  await page.getByRole('button', { name: 'Ja, annuleren' }).click();
  await page.locator('#action-result').filter({ hasText: '4 gelukt, 0 overgeslagen' }).waitFor();
  await expectNoAxeViolations(page);
  await page.goto(`/beheer/aanvragen?q=${tags.requests}`);
  await status(page, 'Geen aanvragen gevonden');
  await page.goto(`/beheer/aanvragen?q=${tags.requests}&status=all`);
  await status(page, '4 aanvragen gevonden');
  assert.equal((await page.locator('table.data-table tbody').textContent()).match(/Geannuleerd/g)?.length, 4);

  // A filter from the overview shows, and goes with its ×.
  await page.goto(`/beheer/aanvragen?q=${tags.requests}&status=all&ended_within=30`);
  const chip = page.getByRole('link', { name: 'Beëindigd in de laatste 30 dagen (filter verwijderen)' });
  await chip.waitFor();
  await expectNoAxeViolations(page);
  await chip.click();
  await page.waitForURL((url) => !url.search.includes('ended_within'));
  assert.equal(await chip.count(), 0);
  expectNoProblems(page);
});

test('the wizard warns about someone who holds an active EH3 means already, and offers the renewal', async () => {
  const page = manager;
  const holder = RENEW[5];
  await page.goto('/bestellen');
  await heading(page, 'Organisatie en betrouwbaarheidsniveau');
  await page.getByRole('radio', { name: 'Test BV Donald' }).check();
  await page.getByRole('radio', { name: 'EH3' }).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await heading(page, 'KvK-nummer en vestiging');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await heading(page, 'Controleer uw organisatiegegevens');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await heading(page, 'Geef de gebruikers op');
  await page.getByLabel('Volledige voornamen', { exact: true }).fill(holder.first_names);
  await page.getByLabel('Achternaam', { exact: true }).fill(holder.last_name);
  await page.getByLabel('Geboortedatum', { exact: true }).fill(holder.birth_date);
  await page.getByLabel('Geboorteplaats', { exact: true }).fill(holder.birth_place);
  await page.getByLabel('E-mailadres', { exact: true }).fill(holder.email);
  await page.getByLabel('Mobiel nummer', { exact: true }).fill(holder.mobile);
  await page.getByRole('radio', { name: 'Ja, in loondienst' }).check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  const warning = page.locator('#known-active');
  await warning.waitFor();
  const known = (await call(page, 'POST', '/api/v1/organisations/68750110/known-users', { emails: [holder.email] })).body;
  const active = known.known.filter((k) => k.status === 'active_means' && k.level === 'EH3');
  assert.ok(active.length >= 1, JSON.stringify(known));
  const item = warning.getByRole('listitem').first();
  assert.match(
    await item.textContent(),
    new RegExp(`^${holder.email.replace(/\./g, '\\.')} heeft al een actief eHerkenningsmiddel EH3 voor deze organisatie \\(geldig t/m \\d+ \\w+ \\d{4}\\)\\. Verleng het in Beheer in plaats van een nieuw te bestellen\\.$`),
  );
  const link = item.getByRole('link', { name: 'Verleng het in Beheer in plaats van een nieuw te bestellen.' });
  assert.match(await link.getAttribute('href'), /^\/beheer\/gebruikers\/[^/]+$/);
  assert.ok(active.map((k) => `/beheer/gebruikers/${k.request_id}`).includes(await link.getAttribute('href')));
  await expectNoAxeViolations(page);
  expectNoProblems(page);
});
