// Phone first (issue 18, item 2): every page reachable by URL, at 320 and at 360 px, neither
// scrolls sideways nor has an axe violation; logged out, as the demo manager (Beheer, the
// account, every step of the order wizard, a user's page) and as the demo operator
// (identifications, the back office). The header on a phone: the navigation folds behind a
// "Menu" button (a disclosure, by keyboard, Escape gives focus back), the header stays at most
// 80 px high at 360×740, and the activation's pages show only the name and the language switch.
// Amounts never break between "€" and the number.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectNoProblems,
  freshPage,
  launch,
  PUBLIC_PAGES,
} from './support.mjs';
import {
  activateByApi,
  digits,
  heading,
  invitationPath,
  logInThrough,
  placeOrder,
  runTag,
} from './manager.mjs';

const OPERATOR = { email: 'operator@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };
const NARROW = { width: 320, height: 640 };
const PHONE = { width: 360, height: 740 };
const WIDTHS = [NARROW, PHONE];
const MAX_HEADER = 80;

const LOGGED_OUT = PUBLIC_PAGES;
const MANAGER_PAGES = [
  '/account',
  '/beheer',
  '/beheer/gebruikers',
  '/beheer/aanvragen',
  '/beheer/audit',
  '/beheer/koppelingen',
];
const OPERATOR_PAGES = ['/identificaties', '/backoffice/beheerders', '/backoffice/organisaties'];

// Two people with long names and addresses, the hardest case for a narrow screen: one who has
// the means (a page under Gebruikers), one whose request is open (under Lopende aanvragen).
const run = runTag('ph');
const person = (first_names, key) => ({
  first_names,
  infix: 'van der',
  last_name: 'Wolfeschlegelsteinhausen',
  birth_date: '15-03-1985',
  birth_place: 'Hellevoetsluis',
  email: `${key}.wolfeschlegelsteinhausen.${run}@voorbeeld-organisatie.nl`,
  mobile: `061${digits(7)}`,
  employed: 'J',
});
const ISSUED = person('Maximiliaan Alexander', 'max');
const OPEN = person('Charlotte Wilhelmina', 'charlotte');

let browser;
let manager;
let operator;
before(async () => {
  browser = await launch();
  manager = await freshPage(browser, { viewport: PHONE });
  await logInThrough(manager, '/account');
  await placeOrder(manager, {
    kvk_number: '68750110',
    level: 'EH3',
    users: [ISSUED, OPEN],
    authorisations: { kind: 'selected', providers: [], services: ['belastingdienst.mijn-zakelijk'] },
    term: 3,
  });
  await activateByApi(manager, ISSUED, await invitationPath(manager, ISSUED));
  operator = await freshPage(browser, { viewport: PHONE });
  await logInThrough(operator, '/identificaties', OPERATOR);
});
after(async () => {
  await browser?.close();
});

/** Waits until the page has drawn its heading and what it loads (no request in flight). */
async function settle(page) {
  await page.locator('main h1').waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('main [role="status"]').filter({ hasText: /^(Laden|Bezig)/ }).waitFor({ state: 'detached' }).catch(() => {});
}

/**
 * At 320 and at 360 px no sideways scrolling, the page as it is now; at 320 px, where the most
 * can go wrong, no axe violation either (one axe run per page keeps the test run short).
 * Beheer's wide tables scroll inside their own region (`.table-region`), never the page.
 */
async function checkWidths(page) {
  for (const viewport of WIDTHS) {
    await page.setViewportSize(viewport);
    await expectNoHorizontalScroll(page);
    if (viewport === NARROW) await expectNoAxeViolations(page);
  }
  await page.setViewportSize(PHONE);
}

/** Opens `path` on `page` and checks it at both widths. */
async function visit(page, path) {
  await page.goto(path);
  await settle(page);
  await checkWidths(page);
}

/** The header's height in px. */
const headerHeight = (page) => page.locator('header.site-header').evaluate((el) => el.getBoundingClientRect().height);

for (const path of LOGGED_OUT) {
  test(`logged out, ${path} fits 320 and 360 px and is axe-clean`, async () => {
    const page = await freshPage(browser, { viewport: PHONE });
    await visit(page, path);
    expectNoProblems(page);
    await page.context().close();
  });
}

for (const path of MANAGER_PAGES) {
  test(`the manager's ${path} fits 320 and 360 px and is axe-clean`, async () => {
    await visit(manager, path);
  });
}

for (const [list, who] of [['/beheer/gebruikers', ISSUED], ['/beheer/aanvragen', OPEN]]) {
  test(`the manager's page of one person under ${list} fits 320 and 360 px`, async () => {
    await manager.goto(`${list}?q=${run}`);
    await settle(manager);
    const link = manager.getByRole('main').getByRole('link', { name: new RegExp(who.first_names) });
    await visit(manager, await link.first().getAttribute('href'));
  });
}

test('every step of the order wizard fits 320 and 360 px; no amount breaks inside', async () => {
  const page = manager;
  const step = async (name) => {
    await heading(page, name);
    await settle(page);
    await checkWidths(page);
    await page.setViewportSize(NARROW);
  };
  await page.setViewportSize(NARROW);
  await page.goto('/bestellen/organisatie');
  await step('Organisatie en betrouwbaarheidsniveau');
  // The long word breaks (hyphenated where the browser can) inside the heading's box.
  const h1 = page.getByRole('heading', { level: 1 });
  assert.ok(await h1.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the heading fits its box');
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
  await page.getByLabel('E-mailadres', { exact: true }).fill(`karel.${Date.now()}@voorbeeld.nl`);
  await page.getByLabel('Mobiel nummer', { exact: true }).fill('0655667788');
  await page.getByRole('radio', { name: 'Ja, in loondienst' }).check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Gebruikers in deze aanvraag (1)' }).waitFor();
  await checkWidths(page);
  await page.setViewportSize(NARROW);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await step('Machtigingen en geldigheidsduur');
  await page.getByRole('radio', { name: 'Ja', exact: true }).check();
  await page.getByRole('radio', { name: 'Ja, alle diensten' }).check();
  await page.getByRole('radio', { name: '3 jaar' }).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await step('Controleer het overzicht van uw aanvraag');
  await page.getByRole('row', { name: /Totaal incl. btw/ }).waitFor();
  await page.setViewportSize(NARROW);
  await expectAmountsWhole(page, 'table.price-table td.number');
  // The amount itself holds together too (format::money), wherever it is shown.
  assert.match(await page.locator('#price-total').textContent(), /^€\u00a0\d/);
});

test('the price list fits 320 px and no amount breaks between € and the number', async () => {
  const page = await freshPage(browser, { viewport: NARROW });
  await page.goto('/prijzen');
  await page.locator('table.price-table').first().waitFor();
  await expectNoHorizontalScroll(page);
  await expectAmountsWhole(page, 'table.price-table td.number');
  expectNoProblems(page);
  await page.context().close();
});

/** Every element matched by `selector` that holds an amount shows it on one line. */
async function expectAmountsWhole(page, selector) {
  const broken = await page.locator(selector).evaluateAll((cells) => cells
    .filter((cell) => cell.textContent.includes('€'))
    .filter((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return lines.size > 1;
    })
    .map((cell) => cell.textContent));
  assert.ok((await page.locator(selector).count()) > 0, `no ${selector}`);
  assert.deepEqual(broken, [], 'amounts broken over two lines');
}

for (const path of OPERATOR_PAGES) {
  test(`the operator's ${path} fits 320 and 360 px and is axe-clean`, async () => {
    await visit(operator, path);
  });
}

test('on a phone the header is at most 80 px high, logged out and logged in', async () => {
  const page = await freshPage(browser, { viewport: PHONE });
  await page.goto('/');
  await settle(page);
  const heights = { loggedOut: await headerHeight(page) };
  for (const [who, p] of [['manager', manager], ['operator', operator]]) {
    await p.setViewportSize(PHONE);
    await p.goto('/account');
    await settle(p);
    heights[who] = await headerHeight(p);
  }
  for (const [who, height] of Object.entries(heights)) {
    assert.ok(height <= MAX_HEADER, `the header is ${height} px high (${who}): ${JSON.stringify(heights)}`);
  }
  await page.context().close();
});

test('on a phone the navigation is behind a Menu button that works by keyboard', async () => {
  const page = await freshPage(browser, { viewport: PHONE });
  await page.goto('/');
  await settle(page);
  const banner = page.getByRole('banner');
  const button = banner.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  const expanded = () => button.getAttribute('aria-expanded');
  assert.equal(await expanded(), 'false');
  assert.equal(await button.getAttribute('aria-controls'), 'site-menu');
  assert.equal(await nav.isVisible(), false, 'closed: the navigation is hidden');
  assert.equal(await banner.getByRole('link', { name: 'Inloggen' }).isVisible(), false);
  assert.ok((await headerHeight(page)) <= MAX_HEADER);
  await expectNoAxeViolations(page);

  // Tab: skip link, the name, the Menu button; Enter opens, the next Tab enters the menu.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.ok(await button.evaluate((el) => el === document.activeElement), 'Menu is third in the Tab order');
  await page.keyboard.press('Enter');
  assert.equal(await expanded(), 'true');
  assert.ok(await nav.isVisible(), 'open: the navigation shows');
  await expectNoAxeViolations(page);
  await page.keyboard.press('Tab');
  const start = nav.getByRole('link', { name: 'Start' });
  assert.ok(await start.evaluate((el) => el === document.activeElement), 'Tab goes into the menu');

  // Nothing covers what has focus while the menu is open.
  for (const item of [start, nav.getByRole('link', { name: 'Prijzen' }), banner.getByRole('link', { name: 'Inloggen' }), banner.getByRole('button', { name: 'Switch to English' })]) {
    await item.focus();
    const covered = await item.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return !(top && (top === el || el.contains(top)));
    });
    assert.equal(covered, false, `${item} is covered`);
  }

  // Escape closes it and gives focus back to the button.
  await start.focus();
  await page.keyboard.press('Escape');
  assert.equal(await expanded(), 'false');
  assert.equal(await nav.isVisible(), false);
  assert.ok(await button.evaluate((el) => el === document.activeElement), 'Escape returns focus to Menu');

  // Space opens it too; choosing a page closes it.
  await page.keyboard.press('Space');
  assert.equal(await expanded(), 'true');
  await nav.getByRole('link', { name: 'Prijzen' }).click();
  await heading(page, 'Prijzen');
  assert.equal(await expanded(), 'false', 'the menu closes on navigation');
  assert.equal(await nav.isVisible(), false);
  await expectNoAxeViolations(page);

  // Above 40em the navigation stands in the header and there is no Menu button.
  await page.setViewportSize({ width: 1280, height: 720 });
  assert.ok(await nav.isVisible());
  assert.ok(await banner.getByRole('link', { name: 'Inloggen' }).isVisible());
  assert.equal(await button.isVisible(), false);
  expectNoProblems(page);
  await page.context().close();
});

test("the manager's menu on a phone holds Beheer, the account and Uitloggen", async () => {
  await manager.setViewportSize(PHONE);
  await manager.goto('/account');
  await settle(manager);
  const banner = manager.getByRole('banner');
  const beheer = banner.getByRole('link', { name: 'Beheer', exact: true });
  assert.equal(await beheer.isVisible(), false);
  await banner.getByRole('button', { name: 'Menu' }).click();
  assert.ok(await beheer.isVisible());
  assert.ok(await banner.getByRole('button', { name: 'Uitloggen' }).isVisible());
  await expectNoAxeViolations(manager);
  await expectNoHorizontalScroll(manager);
  await beheer.click();
  await heading(manager, 'Overzicht');
  assert.equal(await beheer.isVisible(), false, 'the menu closes on navigation');
});

test('the activation pages show only the name and the language switch', async () => {
  const page = await freshPage(browser, { viewport: PHONE });
  await page.goto('/activeren/dit-is-geen-geldige-link');
  await heading(page, 'Deze link werkt niet');
  const banner = page.getByRole('banner');
  assert.match(await banner.textContent(), /Middelpunt/);
  assert.equal(await banner.getByRole('link').count(), 0, 'no link in the header');
  assert.equal(await banner.getByRole('link', { name: 'Inloggen' }).count(), 0);
  assert.equal(await banner.getByRole('link', { name: 'Prijzen' }).count(), 0);
  assert.equal(await page.getByRole('navigation', { name: 'Hoofdmenu' }).count(), 0);
  assert.equal(await banner.getByRole('button', { name: 'Menu' }).count(), 0);
  assert.deepEqual(await banner.getByRole('button').allTextContents(), ['English']);
  assert.ok((await headerHeight(page)) <= MAX_HEADER);
  await expectNoAxeViolations(page);

  // The language switch still works, and sets the page's language.
  await banner.getByRole('button', { name: 'Switch to English' }).click();
  await heading(page, 'This link does not work');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.setViewportSize({ width: 1280, height: 720 });
  assert.equal(await banner.getByRole('link').count(), 0);
  expectNoProblems(page);
  await page.context().close();
});
