// Koppelingen (issue 12): the demo manager adds an API client in Beheer and uses its secret.
// The list opens from Beheer's navigation; the empty form is refused with an error summary
// that takes focus and links every field; a refusal of the server (an end date too far ahead)
// is shown at its field with everything else kept; filled in (EH2, 1 year, the terms accepted)
// the client is made and its page shows the secret once (`mpk_…`), which then answers 200 on
// `GET /api/v1/users` as a bearer token (asked from Node, without the browser's session). A
// reload no longer shows it. A new secret (by keyboard): a different one, shown once, the page
// says until when the previous one works, and both answer 200. Revoking (by keyboard): status
// Ingetrokken, and every secret answers 401; the audit log names all three; the list says
// Ingetrokken. A webhook before that: http:// to another machine is refused at the field (the
// address kept); to 127.0.0.1 it is saved and its signing secret (`whsec_…`) shown once, with
// how to check a signature; a reload forgets the secret and shows the address; removing asks
// first and brings the form back. axe on every page and state, at 1280 px and at 360 px (no
// sideways scrolling).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseUrl,
  expectNoAxeViolations,
  expectNoProblems,
  freshPage,
  launch,
} from './support.mjs';
import {
  call,
  checkNarrow,
  focusedId,
  heading,
  logInThrough,
  runTag,
  tabTo,
} from './manager.mjs';

const run = runTag('kp');
const NAME = `Entra ID ${run}`;
const KVK = '68750110';

let browser;
let page;
let clientId;
const secrets = {};

/** Middelpunt's SCIM extension of the User (docs/clients-api.md). */
const SCIM_EXTENSION = 'urn:middelpunt:params:scim:schemas:extension:eherkenning:2.0:User';

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** `GET /api/v1/users` with `secret` as the bearer token, from Node: no session cookie. */
async function bearerStatus(secret) {
  const response = await fetch(new URL('/api/v1/users', baseUrl), {
    headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Cents as the Dutch pages write them: `€ 1.234,50`. */
function euros(cents) {
  const whole = Math.floor(Math.abs(cents) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${cents < 0 ? '-' : ''}€ ${whole},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
}

/** Presses Tab until `locator` has focus, then Enter. */
async function pressByKeyboard(locator) {
  await tabTo(page, locator);
  await page.keyboard.press('Enter');
}

test('Koppelingen opens from Beheer\'s navigation; the empty form is refused field by field', async () => {
  page = await freshPage(browser);
  await logInThrough(page, '/beheer');
  await heading(page, 'Overzicht');
  const subNav = page.getByRole('navigation', { name: 'Beheer' });
  await pressByKeyboard(subNav.getByRole('link', { name: 'Koppelingen' }));
  await heading(page, 'Koppelingen');
  assert.equal(await subNav.getByRole('link', { name: 'Koppelingen' }).getAttribute('aria-current'), 'page');
  await page.getByText(/SCIM 2\.0/).first().waitFor();
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  await pressByKeyboard(page.getByRole('link', { name: 'Koppeling toevoegen' }));
  await heading(page, 'Koppeling toevoegen');
  await page.waitForURL(/\/beheer\/koppelingen\/nieuw$/);
  // All three permissions by default; the expiry a year ahead; no machtigingen by default.
  for (const name of ['Gebruikers lezen', 'Middelen bestellen', 'Middelen intrekken en aanvragen annuleren']) {
    assert.equal(await page.getByRole('checkbox', { name }).isChecked(), true, name);
  }
  assert.match(await page.locator('#expires-on').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(await page.getByRole('radio', { name: 'Geen machtigingen' }).isChecked(), true);
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  await pressByKeyboard(page.getByRole('button', { name: 'Koppeling aanmaken' }));
  const summary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
  await summary.getByRole('link', { name: 'Vul de naam van de koppeling in' }).waitFor();
  for (const text of [
    'Kies het betrouwbaarheidsniveau van de middelen',
    'Kies de geldigheidsduur',
    'Ga akkoord met de voorwaarden: ze gelden voor elke bestelling van de koppeling',
  ]) {
    await summary.getByRole('link', { name: text }).waitFor();
  }
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.match(await page.title(), /^Fout: /);
  assert.equal(await page.locator('#client-name').getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // Each link of the summary leads to its field.
  await summary.getByRole('link', { name: 'Vul de naam van de koppeling in' }).click();
  assert.equal(await focusedId(page), 'client-name');
  await summary.getByRole('link', { name: 'Kies de geldigheidsduur' }).click();
  assert.equal(await focusedId(page), 'term');
  expectNoProblems(page);
});

test('filled in, the client is made and its page shows the secret once; the secret works', async () => {
  await page.locator('#client-name').fill(NAME);
  const organisation = page.locator('#client-organisation');
  if ((await organisation.inputValue()) !== KVK) await organisation.selectOption(KVK);
  await page.getByRole('radio', { name: 'EH2', exact: true }).check();
  await page.getByRole('radio', { name: '1 jaar' }).check();

  // The price of one user, as the server quotes it.
  const quote = await call(page, 'POST', '/api/v1/quotes', {
    level: 'EH2', term: 1, users: 1, authorisations_per_user: 0,
  });
  assert.equal(quote.status, 200, JSON.stringify(quote.body));
  await page.locator('#client-price #price-total').filter({ hasText: euros(quote.body.total_incl_vat) }).waitFor();

  await page.getByLabel(/Ik ga akkoord/).check();

  // The server's refusal lands at its field (by the problem's location); nothing typed is lost.
  const aYearAhead = await page.locator('#expires-on').inputValue();
  await page.locator('#expires-on').fill('2099-01-01');
  await page.getByRole('button', { name: 'Koppeling aanmaken' }).click();
  const refused = page.getByRole('alert').getByRole('link', { name: /^Kies een einddatum na vandaag en uiterlijk/ });
  await refused.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.equal(await refused.getAttribute('href'), '#expires-on');
  assert.equal(await page.locator('#expires-on').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#client-name').inputValue(), NAME);
  assert.equal(await page.getByRole('radio', { name: 'EH2', exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel(/Ik ga akkoord/).isChecked(), true);
  await expectNoAxeViolations(page);
  await refused.click();
  assert.equal(await focusedId(page), 'expires-on');
  await page.locator('#expires-on').fill(aYearAhead);

  await pressByKeyboard(page.getByRole('button', { name: 'Koppeling aanmaken' }));
  await page.waitForURL(/\/beheer\/koppelingen\/KP-[A-Z0-9-]+$/);
  clientId = new URL(page.url()).pathname.split('/').pop();
  await heading(page, NAME);
  await page.locator('#beheer-notice').filter({ hasText: `Koppeling ${NAME} is aangemaakt.` }).waitFor();
  await page.getByText('Dit geheim wordt maar één keer getoond').waitFor();
  secrets.first = await page.locator('#client-secret').inputValue();
  assert.match(secrets.first, /^mpk_[A-Za-z0-9_-]{20,}$/);
  assert.equal(await page.locator('#client-status').textContent(), 'Actief');
  assert.match(await page.locator('#scim-url').textContent(), /\/scim\/v2$/);
  assert.match(await page.locator('#client-price').textContent(), /excl\. btw/);
  assert.equal(await page.locator('#client-permissions li').count(), 3);
  // Nowhere but on the page: not in the address, nor in the browser's storage.
  assert.ok(!page.url().includes(secrets.first));
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(secrets.first), 'the secret is in no storage');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // The copy button says how it went (in a status region).
  await pressByKeyboard(page.getByRole('button', { name: 'Kopieer' }));
  await page.locator('#copy-outcome').waitFor();

  assert.equal(await bearerStatus(secrets.first), 200, 'the secret reads the users');
  assert.equal(await bearerStatus(`${secrets.first}x`), 401, 'a wrong secret does not');
  expectNoProblems(page);
});

test('a reload no longer shows the secret', async () => {
  await page.reload();
  await heading(page, NAME);
  await page.locator('#client-status').waitFor();
  assert.equal(await page.locator('#client-secret').count(), 0);
  assert.ok(!(await page.content()).includes(secrets.first), 'the secret is gone from the page');
  assert.match(await page.locator('#secret-hint').textContent(), /^mpk_/);
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  expectNoProblems(page);
});

test('a new secret (by keyboard): shown once, the previous one works for a while, both answer 200', async () => {
  await pressByKeyboard(page.getByRole('button', { name: 'Nieuw geheim maken' }));
  await page.getByText(/Het huidige geheim blijft nog 24 uur werken/).waitFor();
  await expectNoAxeViolations(page);
  await pressByKeyboard(page.getByRole('button', { name: 'Ja, nieuw geheim maken' }));
  await page.locator('#beheer-notice').filter({ hasText: `Er is een nieuw geheim gemaakt voor ${NAME}.` }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  secrets.second = await page.locator('#client-secret').inputValue();
  assert.match(secrets.second, /^mpk_/);
  assert.notEqual(secrets.second, secrets.first);
  await page.locator('#previous-secret').filter({ hasText: 'Het vorige geheim werkt nog tot' }).waitFor();
  assert.equal(await bearerStatus(secrets.first), 200, 'the previous secret still works');
  assert.equal(await bearerStatus(secrets.second), 200, 'the new secret works');
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  expectNoProblems(page);
});

test('a webhook: refused at its field, saved with its signing secret shown once, removed', async () => {
  const section = page.locator('#webhook');
  await section.getByRole('heading', { name: 'Webhook', level: 2 }).waitFor();
  await section.locator('#webhook-none').waitFor();
  const field = page.getByLabel('Adres (URL)');
  assert.equal(await field.getAttribute('type'), 'url');
  assert.equal(await field.getAttribute('inputmode'), 'url');
  assert.equal(await field.getAttribute('autocomplete'), 'off');

  // Empty: refused here first.
  await pressByKeyboard(page.getByRole('button', { name: 'Webhook opslaan' }));
  const summary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
  await summary.getByRole('link', { name: 'Vul het adres van de webhook in' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));

  // http:// to another machine: the server's refusal at the field; the address is kept.
  const refusedUrl = 'http://example.org/hook';
  await field.fill(refusedUrl);
  await page.getByRole('button', { name: 'Webhook opslaan' }).click();
  const refused = summary.getByRole('link', { name: /^Het adres moet met https:\/\/ beginnen/ });
  await refused.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.equal(await refused.getAttribute('href'), '#webhook-url');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await field.inputValue(), refusedUrl);
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  await refused.click();
  assert.equal(await focusedId(page), 'webhook-url');

  // To this machine (nothing listens on port 9, so deliveries fail: that is fine here).
  const url = 'http://127.0.0.1:9/hook';
  await field.fill(url);
  await pressByKeyboard(page.getByRole('button', { name: 'Webhook opslaan' }));
  await page.locator('#beheer-notice').filter({ hasText: `De webhook van ${NAME} is opgeslagen.` }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'beheer-notice');
  await section.getByText('Dit geheim wordt niet meer getoond').waitFor();
  secrets.webhook = await page.locator('#webhook-secret').inputValue();
  assert.match(secrets.webhook, /^whsec_[A-Za-z0-9_-]{20,}$/);
  await section.getByText(/Middelpunt-Signature: t=…,v1=…/).waitFor();
  await section.getByText(/HMAC-SHA256 over t\.body/).waitFor();
  assert.equal(await page.locator('#webhook-address').textContent(), url);
  assert.equal(await page.locator('#webhook-secret-hint').textContent(), `${secrets.webhook.slice(0, 10)}…`);
  assert.equal(await page.locator('#webhook-form').count(), 0, 'the form is gone once saved');
  await page.getByRole('button', { name: 'Webhook wijzigen' }).waitFor();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(secrets.webhook), 'the signing secret is in no storage');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // "Webhook wijzigen" opens the form with the address in it; "Niet wijzigen" goes back.
  await pressByKeyboard(page.getByRole('button', { name: 'Webhook wijzigen' }));
  await page.waitForFunction(() => document.activeElement?.id === 'webhook-url');
  assert.equal(await field.inputValue(), url);
  await expectNoAxeViolations(page);
  await pressByKeyboard(page.getByRole('button', { name: 'Niet wijzigen' }));
  await page.waitForFunction(() => document.activeElement?.id === 'change-webhook');

  assert.equal(await page.locator('#webhook-last').textContent(), 'Nog niets verstuurd');

  // An identity provider creates a joiner through SCIM: the koppeling's webhook is called
  // (nothing listens, so it fails), and the page tells so after a reload.
  const joiner = await fetch(new URL('/scim/v2/Users', baseUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${secrets.second}`, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', SCIM_EXTENSION],
      userName: 'webhook-joiner@voorbeeld.nl',
      name: { givenName: 'Wim', familyName: 'Haak' },
      emails: [{ value: 'webhook-joiner@voorbeeld.nl', type: 'work', primary: true }],
      phoneNumbers: [{ value: '06 12345678', type: 'mobile' }],
      [SCIM_EXTENSION]: { firstNames: 'Wim', birthDate: '1980-02-29', birthPlace: 'Delft', employed: true },
    }),
  });
  assert.equal(joiner.status, 201, await joiner.text());

  // A reload forgets the signing secret; the webhook stays, with how its last call went.
  let last = '';
  for (let i = 0; i < 50 && !last.includes('Mislukt'); i += 1) {
    await page.reload();
    await heading(page, NAME);
    last = await page.locator('#webhook-last').textContent();
    if (!last.includes('Mislukt')) await page.waitForTimeout(200);
  }
  assert.match(last, /^.+: Mislukt \(geen antwoord\)$/);
  await page.getByText('1 mislukte poging sinds de laatste gelukte').waitFor();
  await page.locator('#webhook-address').filter({ hasText: url }).waitFor();
  assert.equal(await page.locator('#webhook-secret').count(), 0);
  assert.ok(!(await page.content()).includes(secrets.webhook), 'the signing secret is gone from the page');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // Removing asks first (by keyboard); then the form is back.
  await pressByKeyboard(page.getByRole('button', { name: 'Webhook verwijderen' }));
  await page.getByText(/berichten die nog wachten, vervallen/).waitFor();
  await expectNoAxeViolations(page);
  await pressByKeyboard(page.getByRole('button', { name: 'Ja, webhook verwijderen' }));
  await page.locator('#beheer-notice').filter({ hasText: `De webhook van ${NAME} is verwijderd.` }).waitFor();
  await page.locator('#webhook-none').waitFor();
  await page.getByRole('button', { name: 'Webhook opslaan' }).waitFor();
  assert.equal(await page.locator('#webhook-address').count(), 0);
  assert.equal(await field.inputValue(), '');
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  expectNoProblems(page);
});

test('revoking (by keyboard) stops it at once: Ingetrokken, and the secrets answer 401', async () => {
  await pressByKeyboard(page.getByRole('button', { name: 'Koppeling intrekken' }));
  await page.getByText(/Dat gaat direct in: elk systeem dat haar gebruikt/).waitFor();
  await expectNoAxeViolations(page);
  await pressByKeyboard(page.getByRole('button', { name: 'Ja, intrekken' }));
  await page.locator('#beheer-notice').filter({ hasText: `Koppeling ${NAME} is ingetrokken` }).waitFor();
  await page.locator('#client-status').filter({ hasText: 'Ingetrokken' }).waitFor();
  assert.equal(await page.locator('#client-secret').count(), 0, 'no secret left to copy');
  assert.equal(await page.getByRole('button', { name: 'Nieuw geheim maken' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Koppeling intrekken' }).count(), 0);
  assert.equal(await bearerStatus(secrets.second), 401, 'the new secret stopped');
  assert.equal(await bearerStatus(secrets.first), 401, 'the previous secret stopped too');
  await expectNoAxeViolations(page);
  await checkNarrow(page);

  // The audit log names what happened.
  await page.goto('/beheer/audit');
  await heading(page, 'Auditlog');
  const log = page.locator('table.data-table tbody');
  await log.locator('tr').first().waitFor();
  const entries = await log.textContent();
  for (const what of [
    'Koppeling gemaakt',
    'Nieuw geheim voor koppeling gemaakt',
    'Webhook van koppeling ingesteld',
    'Webhook van koppeling verwijderd',
    'Koppeling ingetrokken',
  ]) {
    assert.ok(entries.includes(what), `the audit log says "${what}"`);
  }

  await page.goto(`/beheer/koppelingen/${clientId}`);
  await heading(page, NAME);
  await page.getByRole('link', { name: 'Terug naar Koppelingen' }).click();
  await heading(page, 'Koppelingen');
  const row = page.locator(`#client-${clientId}`);
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(NAME));
  assert.equal((await row.locator('.client-status').textContent()).trim(), 'Ingetrokken');
  await expectNoAxeViolations(page);
  await checkNarrow(page);
  expectNoProblems(page);
});
