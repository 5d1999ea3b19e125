// Shared set-up of the browser tests: Debian's Chromium through playwright-core, against the
// server that `cargo xtask test` started (MIDDELPUNT_E2E_URL), and an axe-core check.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';

export const baseUrl = process.env.MIDDELPUNT_E2E_URL ?? 'http://127.0.0.1:8080';

/**
 * Every page a visitor reaches without logging in, by its address: the home page, login,
 * prices, the pages of the footer, a link of an invitation that does not work, and a page that
 * does not exist. The phone, English and layout-shift checks walk them all.
 */
export const PUBLIC_PAGES = [
  '/',
  '/inloggen',
  '/prijzen',
  '/wachtwoord-vergeten',
  '/algemene-voorwaarden',
  '/gebruiksvoorwaarden',
  '/privacy',
  '/toegankelijkheid',
  '/contact',
  '/activeren/dit-is-geen-geldige-link',
  '/bestaat/niet',
];

/**
 * The pages of the footer (content/): each one's heading (= its footer link) and a sentence only
 * its own text has, per language.
 */
export const FOOTER_PAGES = [
  {
    path: '/algemene-voorwaarden',
    nl: ['Algemene voorwaarden', /U betaalt per uitgegeven middel/],
    en: ['General terms and conditions', /You pay per means issued/],
  },
  {
    path: '/gebruiksvoorwaarden',
    nl: ['Gebruiksvoorwaarden eHerkenning', /Gebruik het middel alleen zelf/],
    en: ['eHerkenning terms of use', /Use the means only yourself/],
  },
  {
    path: '/privacy',
    nl: ['Privacyverklaring', /Wij bewaren geen kopie van uw identiteitsbewijs/],
    en: ['Privacy statement', /We keep no copy of your identity document/],
  },
  {
    path: '/toegankelijkheid',
    nl: ['Toegankelijkheidsverklaring', /Eerste maatregelen genomen \(C\)/],
    en: ['Accessibility statement', /First measures taken \(C\)/],
  },
  {
    path: '/contact',
    nl: ['Contact', /Wie helpt u/],
    en: ['Contact', /Who helps you/],
  },
];

/** Starts Chromium; call `close()` on what it returns when the file's tests are done. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.MIDDELPUNT_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/**
 * A fresh page in a fresh context (empty storage), failing the test on any console error or
 * uncaught exception, such as a CSP violation or a WASM panic.
 */
export async function openPage(browser, path = '/') {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'nl-NL' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.problems = problems;
  actOnTheApp(page);
  await page.goto(path);
  // The SPA has rendered once the layout's main landmark holds a heading.
  await page.locator('main h1').waitFor();
  return page;
}

/**
 * Asserts that axe finds no WCAG 2.2 A/AA violations on the page as it is now (2.2 adds the
 * target size of 24 × 24 px, `target-size`, to what axe checks); `state` names it in the
 * failure.
 *
 * Two options make a run about four times faster on the users step's 100-row grid (8 s → 2 s)
 * and change nothing axe checks. Legacy mode runs axe in the page itself instead of collecting
 * each frame's results and combining them in a new blank page: the app has no frames. `resultTypes: ['violations']` returns every violation with all its elements,
 * but only one example element for each rule that passed, instead of all 800 inputs per rule.
 */
export async function expectNoAxeViolations(page, state = page.url()) {
  await takenOver(page);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  assert.deepEqual(summary, [], `axe violations (${state})`);
}

/** Asserts that the page logged no errors. */
export function expectNoProblems(page) {
  assert.deepEqual(page.problems, [], `errors on ${page.url()}`);
}

/**
 * The development mailbox's messages to `recipient` (an e-mail address or a mobile number in
 * +31… form), newest first, read through the page (same origin).
 */
export async function devMessages(page, recipient) {
  return page.evaluate(async (to) => {
    const response = await fetch(`/api/v1/dev/messages?recipient=${encodeURIComponent(to)}`);
    return (await response.json()).messages;
  }, recipient);
}

/** Waits (up to 10 s) until a message to `recipient` matches `predicate`, and returns it. */
export async function waitForMessage(page, recipient, predicate) {
  for (let i = 0; i < 100; i += 1) {
    const found = (await devMessages(page, recipient)).find(predicate);
    if (found) return found;
    await page.waitForTimeout(100);
  }
  assert.fail(`no matching message to ${recipient}`);
}

/** Asserts that the page does not scroll sideways at its viewport's width. */
export async function expectNoHorizontalScroll(page) {
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scrollWidth <= width, `${page.url()} scrolls sideways: ${scrollWidth} > ${width}`);
}

/**
 * A fresh context (empty storage, downloads accepted) and page, for journeys that meet 4xx
 * answers on purpose (a wrong code, a link that no longer works): Chromium logs each as
 * "Failed to load resource", which is left out; any other console error or uncaught exception,
 * a WASM panic above all, is kept in `page.problems` for `expectNoProblems`.
 */
export async function freshPage(browser, { viewport, baseURL = baseUrl } = {}) {
  const context = await browser.newContext({
    baseURL,
    locale: 'nl-NL',
    acceptDownloads: true,
    ...(viewport ? { viewport } : {}),
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      page.problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  actOnTheApp(page);
  return page;
}

/**
 * Waits until the app has taken over the page's prerendered copy (src/prerender.rs: the HTML
 * the build drew, sent before the WASM has run), so that a test acts on the app.
 */
export async function takenOver(page) {
  await page.waitForFunction(() => !document.getElementById('prerendered'));
}

/** Makes `page.goto` and `page.reload` return once the app has taken over ({@link takenOver}). */
export function actOnTheApp(page) {
  for (const name of ['goto', 'reload']) {
    const navigate = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await navigate(...args);
      await takenOver(page);
      return response;
    };
  }
}

/** `0612345678` as the server stores it: `+31612345678`. */
export const e164 = (mobile) => `+31${mobile.slice(1)}`;
