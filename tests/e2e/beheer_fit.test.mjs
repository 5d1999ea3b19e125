// Beheer that fits (issue 18, item 3). At 1280 px "Gebruikers", "Lopende aanvragen" and the
// audit log fit without scrolling sideways (the page nor the table's region), every column
// header inside the window, a long e-mail address wrapped rather than cut; a row names the
// organisation only for a manager of several, never its KvK number, which the person's and the
// request's pages show. At 360 px the lists are cards (every person and request of the page, a
// checkbox each that still selects), the filters fold behind "Filters (n)", an aria-expanded
// button that opens them by keyboard, and the results follow it. axe in every state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectNoProblems,
  freshPage,
  launch,
} from './support.mjs';
import {
  PHONE,
  heading,
  logInThrough,
  person,
  placeOrder,
  runTag,
  status,
  tabTo,
} from './manager.mjs';

const WIDE = { width: 1280, height: 800 };
const SECOND = { email: 'beheerder2@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };
const run = runTag('fit');
// A long address, to be wrapped rather than cut off or widen the table.
const LONG = person('Wilhelmina', 'Langeadresbezitter',
  `w.langeadresbezitter-personeelszaken.${run}@een-bijzonder-lange-domeinnaam-voor-de-proef.example.nl`);
const PEOPLE = [
  LONG,
  person('Karel', 'Kort', `karel.${run}@voorbeeld.nl`),
  person('Lotte', 'Lang', `lotte.${run}@voorbeeld.nl`),
];
const OTHER = person('Mira', 'Midden', `mira.${run}@voorbeeld.nl`);
const ONE_ORG = person('Otto', 'Enkel', `otto.${run}@voorbeeld.nl`);
const fullName = (p) => [p.first_names, p.infix, p.last_name].filter(Boolean).join(' ');
const ALL = [...PEOPLE, OTHER].map(fullName).sort();

let browser;
let manager;

before(async () => {
  browser = await launch();
  manager = await freshPage(browser, { viewport: WIDE });
  await logInThrough(manager, `/beheer/gebruikers?q=${run}`);
  await heading(manager, 'Gebruikers');
  await placeOrder(manager, {
    kvk_number: '68750110',
    level: 'EH3',
    users: PEOPLE,
    authorisations: {
      kind: 'selected',
      providers: [],
      services: ['belastingdienst.mijn-zakelijk', 'uwv.werkgeversportaal'],
    },
    term: 3,
  });
  await placeOrder(manager, {
    kvk_number: '69599084',
    level: 'EH2+',
    users: [OTHER],
    authorisations: { kind: 'all_services' },
    term: 1,
  });
});
after(async () => {
  await browser?.close();
});

/** The page's and the list region's widths, for the record (and the report). */
async function widths(page) {
  return page.evaluate(() => {
    const region = document.getElementById('table-region');
    return {
      window: window.innerWidth,
      page: document.documentElement.scrollWidth,
      region: region?.clientWidth,
      content: region?.scrollWidth,
    };
  });
}

/** Nothing scrolls sideways: not the page, not the table's own region. */
async function expectFits(page, what) {
  await expectNoHorizontalScroll(page);
  const measured = await widths(page);
  console.log(`${what} at ${measured.window} px: ${JSON.stringify(measured)}`);
  assert.ok(measured.content <= measured.region, `${what}: the table scrolls sideways: ${measured.content} > ${measured.region}`);
}

/** Every column header is shown, inside the window. */
async function expectHeadersInView(page) {
  const width = page.viewportSize().width;
  const headers = page.getByRole('columnheader');
  const count = await headers.count();
  assert.ok(count >= 5, `${count} column headers`);
  for (let i = 0; i < count; i += 1) {
    const box = await headers.nth(i).boundingBox();
    const name = (await headers.nth(i).textContent()).trim();
    assert.ok(box && box.width > 0, `column ${i} (${name}) is shown`);
    assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5,
      `column ${i} (${name}) lies outside the window: ${box.x}..${box.x + box.width} of ${width}`);
  }
}

/** The text of the column headers. */
const headerNames = async (page) => (await page.getByRole('columnheader').allTextContents()).map((t) => t.trim());

test('at 1280 px Gebruikers fits: every column in view, the long address wrapped, no KvK number in a row', async () => {
  const page = manager;
  await page.goto(`/beheer/gebruikers?q=${run}`);
  await status(page, '4 gebruikers gevonden');
  await expectFits(page, 'Gebruikers');
  await expectHeadersInView(page);
  const names = await headerNames(page);
  assert.ok(names.some((n) => n.startsWith('Organisatie')), `a manager of four organisations sees them: ${names}`);
  assert.ok(names.some((n) => n.startsWith('Machtigingen')), `Machtigingen is shown: ${names}`);
  assert.ok(names.some((n) => n.startsWith('E-mailadres')), names.join());
  await page.getByRole('checkbox', { name: 'Selecteer alle op deze pagina' }).waitFor();

  // The long address is there in full, wrapped inside its cell.
  const cell = page.getByRole('cell', { name: LONG.email });
  assert.equal((await cell.textContent()).trim(), LONG.email);
  const fits = await cell.evaluate((el) => el.scrollWidth <= el.clientWidth && el.clientHeight > 30);
  assert.ok(fits, 'the address wraps inside its cell');

  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: fullName(PEOPLE[1]) }) });
  const text = await row.textContent();
  assert.match(text, /Test BV Donald/);
  assert.doesNotMatch(text, /KvK|68750110/, 'the KvK number is on the person\'s page');
  await row.getByRole('checkbox', { name: `Selecteer ${fullName(PEOPLE[1])}` }).waitFor();
  await expectNoAxeViolations(page);

  // The person's page names the KvK number.
  await page.getByRole('link', { name: fullName(PEOPLE[1]) }).click();
  await heading(page, fullName(PEOPLE[1]));
  assert.equal(await page.locator('#kvk-number').textContent(), '68750110');
  expectNoProblems(page);
});

test('at 1280 px Lopende aanvragen and the audit log fit, every column in view', async () => {
  const page = manager;
  await page.goto(`/beheer/aanvragen?q=${run}`);
  await status(page, '4 aanvragen gevonden');
  await expectFits(page, 'Lopende aanvragen');
  await expectHeadersInView(page);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: fullName(OTHER) }) });
  assert.doesNotMatch(await row.textContent(), /KvK|69599084/);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: fullName(OTHER) }).click();
  await heading(page, `Aanvraag van ${fullName(OTHER)}`);
  assert.equal(await page.locator('#kvk-number').textContent(), '69599084');

  await page.goto('/beheer/audit');
  await page.locator('.result-count').filter({ hasText: /gevonden/ }).waitFor();
  await expectFits(page, 'Auditlog');
  await expectHeadersInView(page);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
});

test('at 360 px the people are cards, the filters fold behind "Filters (2)" and open by keyboard', async () => {
  const page = manager;
  await page.setViewportSize(PHONE);
  await page.goto(`/beheer/gebruikers?level=EH3&q=${run}`);
  await status(page, '3 gebruikers gevonden');
  const toggle = page.getByRole('button', { name: 'Filters (2)' });
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByRole('search').count(), 0, 'the filters are folded');
  const form = page.locator('#list-filters');
  assert.equal(await form.isVisible(), false);

  // Every person of the page is a card: the name a link, status, level and the address.
  const cards = page.locator('ul.cards > li');
  await cards.first().waitFor();
  assert.equal(await cards.count(), 3);
  const names = await page.locator('ul.cards h2 a').allTextContents();
  assert.deepEqual([...names].sort(), PEOPLE.map(fullName).sort());
  const card = cards.filter({ has: page.getByRole('link', { name: fullName(LONG) }) });
  const facts = await card.locator('dt').allTextContents();
  assert.ok(['Status', 'Niveau', 'E-mailadres'].every((f) => facts.includes(f)), facts.join());
  assert.match(await card.textContent(), /In aanvraag/);
  assert.match(await card.textContent(), /EH3/);
  assert.doesNotMatch(await card.textContent(), /KvK|68750110/);
  assert.equal(await page.getByRole('table').count(), 0);

  // The results follow the button.
  const below = await page.evaluate(() => ({
    button: document.getElementById('filters-toggle').getBoundingClientRect().bottom + window.scrollY,
    count: document.querySelector('.result-count').getBoundingClientRect().top + window.scrollY,
    firstCard: document.querySelector('ul.cards > li').getBoundingClientRect().top + window.scrollY,
  }));
  console.log(`Gebruikers at 360 px, folded: ${JSON.stringify(below)}`);
  assert.ok(below.count - below.button < 80, `the count follows the button: ${JSON.stringify(below)}`);
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);

  // The selection works on the cards.
  await card.getByRole('checkbox', { name: `Selecteer ${fullName(LONG)}` }).check();
  await page.locator('#selection-count').filter({ hasText: '1 geselecteerd' }).waitFor();
  await page.getByRole('checkbox', { name: 'Selecteer alle op deze pagina' }).check();
  await page.locator('#selection-count').filter({ hasText: '3 geselecteerd' }).waitFor();
  await page.getByRole('link', { name: 'Machtiging toevoegen' }).waitFor();
  await page.getByRole('button', { name: 'Selectie wissen' }).click();
  await page.locator('#selection-count').filter({ hasText: 'Niemand geselecteerd' }).waitFor();

  // Opened by keyboard: the form shows, the button says so, Tab goes into the form.
  await tabTo(page, toggle, 90, 'Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.getByRole('search').waitFor();
  assert.equal(await page.getByLabel('Zoek op naam of e-mailadres').inputValue(), run);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-q');
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);

  // Sent by keyboard: the results follow, the filters fold again, focus on the button.
  await tabTo(page, page.getByLabel('Betrouwbaarheidsniveau'));
  await page.getByLabel('Betrouwbaarheidsniveau').selectOption('');
  await tabTo(page, page.getByRole('button', { name: 'Filteren' }));
  await page.keyboard.press('Enter');
  await status(page, '4 gebruikers gevonden');
  const one = page.getByRole('button', { name: 'Filters (1)' });
  await one.waitFor();
  assert.equal(await one.getAttribute('aria-expanded'), 'false');
  await page.waitForFunction(() => document.activeElement?.id === 'filters-toggle');
  await page.waitForFunction(() => document.querySelectorAll('ul.cards > li').length === 4);
  assert.deepEqual((await page.locator('ul.cards h2 a').allTextContents()).sort(), ALL);
  await expectNoAxeViolations(page);
  expectNoProblems(page);
});

test('at 360 px every request is a card; back at 1280 px the table returns with focus kept', async () => {
  const page = manager;
  await page.setViewportSize(PHONE);
  await page.goto(`/beheer/aanvragen?q=${run}`);
  await status(page, '4 aanvragen gevonden');
  await page.getByRole('button', { name: 'Filters (1)' }).waitFor();
  const cards = page.locator('ul.cards > li');
  await cards.first().waitFor();
  assert.deepEqual((await page.locator('ul.cards h2 a').allTextContents()).sort(), ALL);
  const card = cards.filter({ has: page.getByRole('link', { name: fullName(OTHER) }) });
  assert.match(await card.textContent(), /Uitgenodigd/);
  assert.match(await card.textContent(), /EH2\+/);
  assert.match(await card.textContent(), /Test EMZ Dagobert/, 'a manager of several sees the organisation');
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);

  // The checkbox that has focus keeps it when the window widens and the table returns.
  const box = card.getByRole('checkbox', { name: `Selecteer ${fullName(OTHER)}` });
  await box.focus();
  await page.keyboard.press('Space');
  await page.locator('#selection-count').filter({ hasText: '1 geselecteerd' }).waitFor();
  await page.setViewportSize(WIDE);
  await page.getByRole('table').waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('select-box')
    && document.activeElement.closest('tr') !== null);
  assert.equal(await page.evaluate(() => document.activeElement.checked), true);
  await page.getByRole('button', { name: 'Selectie wissen' }).click();
  expectNoProblems(page);
});

test('a manager of one organisation sees no organisation column; the request\'s page has the KvK number', async () => {
  const page = await freshPage(browser, { viewport: WIDE });
  await logInThrough(page, `/beheer/aanvragen?q=${run}`, SECOND);
  await heading(page, 'Lopende aanvragen');
  await placeOrder(page, {
    kvk_number: '68727720',
    level: 'EH2+',
    users: [ONE_ORG],
    authorisations: { kind: 'all_services' },
    term: 1,
  });
  await page.reload();
  await status(page, '1 aanvraag gevonden');
  await expectFits(page, 'Lopende aanvragen (one organisation)');
  await expectHeadersInView(page);
  assert.ok(!(await headerNames(page)).some((n) => n.startsWith('Organisatie')));
  await page.goto(`/beheer/gebruikers?q=${run}`);
  await status(page, '1 gebruiker gevonden');
  assert.ok(!(await headerNames(page)).some((n) => n.startsWith('Organisatie')));
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: fullName(ONE_ORG) }) });
  assert.doesNotMatch(await row.textContent(), /KvK|68727720/);
  await expectNoAxeViolations(page);
  await page.goto(`/beheer/aanvragen?q=${run}`);
  await page.getByRole('link', { name: fullName(ONE_ORG) }).click();
  await heading(page, `Aanvraag van ${fullName(ONE_ORG)}`);
  assert.equal(await page.locator('#kvk-number').textContent(), '68727720');
  await expectNoAxeViolations(page);
  expectNoProblems(page);
  await page.context().close();
});
