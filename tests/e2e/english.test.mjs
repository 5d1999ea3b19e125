// One language at a time (issue 18, item 4): every page walked in English fails on any word of
// the interface's own Dutch texts. Those words come from the `texts!` tables themselves
// (src/i18n): every word of a Dutch text that no English text uses. Data shown as it was
// entered or registered (service names, the KvK register's names, people's names and places) is
// Dutch whatever the language, so its words are left out. Also: a server's message on screen
// follows a switch of language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_PAGES, e164, expectNoProblems, freshPage, launch, waitForMessage } from './support.mjs';
import { MANAGER, call, digits, invitationPath, runTag } from './manager.mjs';

const OPERATOR = { email: 'operator@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };
const ROOT = new URL('../../', import.meta.url).pathname;

/** Every `.rs` file under `dir`. */
function rustFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return rustFiles(path);
    return entry.name.endsWith('.rs') ? [path] : [];
  });
}

/** The words of `text`, lower case, placeholders such as `{n}` left out. */
const words = (text) =>
  (text.replace(/\{[a-z_]+\}/g, ' ').match(/\p{L}+/gu) ?? []).map((w) => w.toLowerCase());

/** The words of every string in a JSON value. */
function jsonWords(value) {
  if (typeof value === 'string') return words(value);
  if (Array.isArray(value)) return value.flatMap(jsonWords);
  if (value && typeof value === 'object') return Object.values(value).flatMap(jsonWords);
  return [];
}

/**
 * The interface's own Dutch words: in a Dutch text of the `texts!` tables, in no English one,
 * not in the data the pages show, and at least four letters long (so that "de", "van", "en" and
 * the like, which English names and data also hold, are no signal).
 */
function dutchInterfaceWords() {
  const pair = /=>\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*;/g;
  const dutch = new Set();
  const english = new Set();
  for (const file of rustFiles(join(ROOT, 'src/i18n'))) {
    for (const [, nl, en] of readFileSync(file, 'utf8').matchAll(pair)) {
      words(nl).forEach((w) => dutch.add(w));
      words(en).forEach((w) => english.add(w));
    }
  }
  const data = new Set([
    ...jsonWords(JSON.parse(readFileSync(join(ROOT, 'crates/server/data/catalogue.json'), 'utf8'))),
    ...jsonWords(JSON.parse(readFileSync(join(ROOT, 'crates/server/data/kvk_test_register.json'), 'utf8'))),
    ...words(Object.values(PEOPLE).map((p) => `${p.first_names} ${p.last_name} ${p.birth_place} ${p.email}`).join(' ')),
    // The example provider's name in content/ (which a provider replaces by its own).
    ...words('Voorbeeld eHerkenning B.V.'),
  ]);
  return new Set([...dutch].filter((w) => w.length >= 4 && !english.has(w) && !data.has(w) && !ENGLISH_TOO.has(w)));
}

/** Dutch words of the interface that are English words as well ("direct damage", "English"). */
const ENGLISH_TOO = new Set(['direct', 'english']);

const run = runTag('en');
const PEOPLE = {
  employee: {
    first_names: 'Emma',
    infix: '',
    last_name: 'Walker',
    birth_date: '02-04-1990',
    birth_place: 'Leiden',
    email: `emma.${run}@voorbeeld.nl`,
    mobile: `063${digits(7)}`,
    employed: 'J',
  },
  other: {
    first_names: 'Oliver',
    infix: '',
    last_name: 'Brown',
    birth_date: '21-08-1979',
    birth_place: 'Delft',
    email: `oliver.${run}@voorbeeld.nl`,
    mobile: `064${digits(7)}`,
    employed: 'N',
  },
};
const DUTCH = dutchInterfaceWords();

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A page whose interface is in English from its first load. */
async function englishPage() {
  const page = await freshPage(browser);
  await page.context().addInitScript(() => localStorage.setItem('middelpunt.lang', 'en'));
  return page;
}

/** Logs in on the (Dutch or English) login page as `who`; the page is left on `/`. */
async function logIn(page, who) {
  await page.goto('/inloggen');
  await page.locator('main h1').waitFor();
  await page.locator('input[type=email]').fill(who.email);
  await page.locator('input[type=password]').fill(who.password);
  await page.locator('main form button[type=submit]').first().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));
}

/**
 * Leaves out, for this page only, the words of the data that `paths` of the API give (in English
 * where they have words of their own): what the manager's and the operator's pages list, such as
 * the people of the demo organisation and the managers, whose names other tests make up ("Lang",
 * "Nieuw"). The other tests keep the whole list.
 */
async function leaveOutData(page, paths) {
  const data = await page.evaluate(async (paths) => {
    const get = (path) => fetch(path, { headers: { 'Accept-Language': 'en' } }).then((r) => r.text());
    return (await Promise.all(paths.map(get))).join('\n');
  }, paths);
  page.dutch = new Set(DUTCH);
  for (const word of words(data)) page.dutch.delete(word);
}

/** The Dutch interface words on the page as it is now: its text, labels, title and hints. */
async function dutchOnPage(page) {
  const text = await page.evaluate(() => {
    // The visible text, but not a part marked as another language (`lang="nl"`: a Dutch
    // name cited in English, the audit log's details as they were recorded).
    const parts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !element.checkVisibility() || element.closest('script, style, noscript')) continue;
      if (!(element.closest('[lang]')?.getAttribute('lang') ?? 'en').startsWith('en')) continue;
      parts.push(node.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
      }
    }
    return parts.join('\n');
  });
  const dutch = page.dutch ?? DUTCH;
  return [...new Set(words(text).filter((w) => dutch.has(w)))];
}

/** Opens `path` (or stays, without one), waits for its h1, and fails on any Dutch word. */
async function expectEnglish(page, path, seen) {
  if (path) await page.goto(path);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const found = await dutchOnPage(page);
  seen.push(new URL(page.url()).pathname);
  assert.deepEqual(found, [], `Dutch on ${page.url()} in English`);
}

test('the Dutch interface words are found, and an English text holds none of them', () => {
  // The list is real: it holds the words a Dutch page is made of, and none an English one is.
  for (const word of ['inloggen', 'volgende', 'gebruikers', 'wachtwoord', 'bestellen']) {
    assert.ok(DUTCH.has(word), word);
  }
  for (const word of ['login', 'next', 'users', 'request', 'password', 'middelpunt', 'eherkenning']) {
    assert.ok(!DUTCH.has(word), word);
  }
});

test('every public page is English in English', async () => {
  const page = await englishPage();
  const seen = [];
  for (const path of PUBLIC_PAGES) {
    await expectEnglish(page, path, seen);
  }
  // A refused login: the server's message is English too.
  await page.goto('/inloggen');
  await page.locator('input[type=email]').fill(`nobody.${run}@voorbeeld.nl`);
  await page.locator('input[type=password]').fill('not the password');
  await page.locator('main form button[type=submit]').first().click();
  await page.locator('.error-summary').waitFor();
  await expectEnglish(page, null, seen);
  await page.context().close();
});

test('on every public page a switch to English leaves no Dutch, without a reload', async () => {
  const page = await freshPage(browser);
  const seen = [];
  for (const path of PUBLIC_PAGES) {
    await page.goto(path);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    // The page as a Dutch visitor opened it (from its prerendered copy where it has one).
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('button', { name: 'Schakel over naar Nederlands' }).waitFor();
    // What is fetched again in English (a page's prose) may take a moment: up to 5 s.
    let found = await dutchOnPage(page);
    for (let i = 0; i < 50 && found.length > 0; i++) {
      await page.waitForTimeout(100);
      found = await dutchOnPage(page);
    }
    assert.deepEqual(found, [], `Dutch left on ${path} after the switch`);
    seen.push(path);
    // Back to Dutch for the next page, as a fresh visitor would be.
    await page.evaluate(() => localStorage.removeItem('middelpunt.lang'));
  }
  assert.deepEqual(seen, PUBLIC_PAGES);
  expectNoProblems(page);
  await page.context().close();
});

test("a server's message on screen follows a switch of language", async () => {
  const page = await freshPage(browser);
  await page.goto('/inloggen');
  await page.getByLabel('E-mailadres').fill(`niemand.${run}@voorbeeld.nl`);
  await page.getByLabel('Wachtwoord').fill('niet het wachtwoord');
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  const dutch = await summary.innerText();
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  await page.waitForFunction((before) => document.querySelector('.error-summary')?.innerText !== before, dutch);
  assert.deepEqual(await dutchOnPage(page), [], `Dutch left after the switch: ${await summary.innerText()}`);
  await page.context().close();
});

test("the manager's and the operator's pages are English in English", async () => {
  const page = await freshPage(browser);
  await logIn(page, MANAGER);
  await page.evaluate(() => localStorage.setItem('middelpunt.lang', 'en'));
  // Something to see: an order of two, one of whom is issued at once.
  const order = await call(page, 'POST', '/api/v1/orders', {
    kvk_number: '68750110',
    level: 'EH3',
    users: [PEOPLE.employee, PEOPLE.other],
    authorisations: { kind: 'selected', providers: [], services: ['belastingdienst.mijn-zakelijk'] },
    term: 3,
    accepted_terms: true,
  }, { 'Idempotency-Key': `e2e-${run}` });
  assert.ok([200, 201].includes(order.status), JSON.stringify(order.body));
  await leaveOutData(page, ['/api/v1/users/export.csv', '/api/v1/api-clients']);
  const seen = [];
  for (const path of [
    '/beheer',
    '/beheer/gebruikers',
    '/beheer/aanvragen',
    '/beheer/audit',
    '/beheer/koppelingen',
    '/beheer/koppelingen/nieuw',
    '/account',
    '/bestellen/organisatie',
  ]) {
    await expectEnglish(page, path, seen);
  }
  // A request's own page, and the wizard's first step refusing an empty KvK number.
  await page.goto('/beheer/aanvragen');
  await page.locator(`main a:has-text("Walker")`).first().click();
  await expectEnglish(page, null, seen);
  await page.goto('/bestellen/organisatie');
  await page.locator('main form button[type=submit]').first().click();
  await page.locator('.error-summary').waitFor();
  await expectEnglish(page, null, seen);
  await page.context().close();

  const operator = await freshPage(browser);
  await logIn(operator, OPERATOR);
  await operator.evaluate(() => localStorage.setItem('middelpunt.lang', 'en'));
  await leaveOutData(operator, ['/api/v1/admin/managers?q=', '/api/v1/admin/organisations']);
  for (const path of ['/identificaties', '/backoffice/beheerders', '/backoffice/organisaties']) {
    await expectEnglish(operator, path, seen);
  }
  await operator.context().close();
});

test("the user's activation is English in English, up to the identification", async () => {
  const manager = await freshPage(browser);
  await logIn(manager, MANAGER);
  const path = await invitationPath(manager, PEOPLE.other);
  const page = await englishPage();
  const seen = [];
  await page.goto(path);
  await page.waitForURL(/\/activeren\/gegevens$/);
  await expectEnglish(page, null, seen);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/activeren\/mobiel$/);
  await expectEnglish(page, null, seen);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/activeren\/code$/);
  await expectEnglish(page, null, seen);
  // A wrong code: the server's refusal is English.
  await page.locator('main input').first().fill('000000');
  await page.locator('main form button[type=submit]').first().click();
  await page.locator('.error-summary').waitFor();
  await expectEnglish(page, null, seen);
  // The right code, pasted as from the SMS (WCAG 2.2: paste is allowed in every code field).
  const sms = await waitForMessage(manager, e164(PEOPLE.other.mobile), (m) => m.kind === 'sms');
  const code = page.locator('main input').first();
  await code.fill('');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate((text) => navigator.clipboard.writeText(text), sms.text.match(/\b(\d{6})\b/)[1]);
  await code.focus();
  await page.keyboard.press('Control+V');
  assert.match(await code.inputValue(), /^\d{6}$/);
  await page.locator('main form button[type=submit]').first().click();
  await page.waitForURL(/\/activeren\/overzicht$/);
  await expectEnglish(page, null, seen);
  await page.locator('main input[type=checkbox]').check();
  await page.locator('main form button[type=submit]').first().click();
  await page.waitForURL(/\/activeren\/resultaat$/);
  await expectEnglish(page, null, seen);
  await page.context().close();
  await manager.context().close();
});
