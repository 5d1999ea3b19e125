// What the Beheer browser tests share (beheer, machtigingen, year): the demo manager and how
// they log in, state-changing API calls with the page's session (orders placed through the
// API), the invitation links from the development mailbox, an employee's activation through
// the activation API, and the checks every new page gets (at 360 px; reachable by Tab).
import assert from 'node:assert/strict';
import {
  devMessages,
  e164,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  takenOver,
  waitForMessage,
} from './support.mjs';

export const MANAGER = { email: 'beheerder@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };
export const PHONE = { width: 360, height: 740 };

/** A unique tag for this run's names and addresses, starting with `prefix`. */
export const runTag = (prefix) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** `n` random digits. */
export const digits = (n) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');

/** A user of an order: an employee born 15-03-1985 in Utrecht with a fresh mobile number. */
export const person = (first_names, last_name, email) => ({
  first_names,
  infix: '',
  last_name,
  birth_date: '15-03-1985',
  birth_place: 'Utrecht',
  email,
  mobile: `061${digits(7)}`,
  employed: 'J',
});

/** Waits for the page's `<h1>` named `name`. */
export async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await takenOver(page);
}

/** Waits for a list's count to read exactly `text`. */
export async function status(page, text) {
  await page.locator('.result-count').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

/** Opens `path`, is sent to the login page, logs in as `account` and comes back to `path`. */
export async function logInThrough(page, path, account = MANAGER) {
  await page.goto(path);
  await page.waitForURL(/\/inloggen\?terug=/);
  await heading(page, 'Inloggen');
  await page.getByLabel('E-mailadres').fill(account.email);
  await page.getByLabel('Wachtwoord').fill(account.password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));
}

/** A state-changing API call with the page's session (CSRF token from `GET /api/v1/session`). */
export async function call(page, method, path, body, headers = {}) {
  return page.evaluate(async ([method, path, body, headers]) => {
    const session = await (await fetch('/api/v1/session')).json();
    const response = await fetch(path, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRF-Token': session.csrf_token,
        ...headers,
      },
      body: body === null ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }, [method, path, body ?? null, headers]);
}

/** Places an order through the page's own session, the terms accepted; answers its number. */
export async function placeOrder(page, order) {
  const placed = await call(page, 'POST', '/api/v1/orders', { ...order, accepted_terms: true }, {
    'Idempotency-Key': `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
  assert.ok([200, 201].includes(placed.status), JSON.stringify(placed.body));
  return placed.body.order_number;
}

/** The path of the newest invitation link in the user's e-mail other than `previous`. */
export async function invitationPath(page, user, previous) {
  const link = (m) => m.text.match(/\/activeren\/[A-Za-z0-9_-]+/)?.[0];
  const mail = await waitForMessage(page, user.email, (m) => m.kind === 'email' && link(m) && link(m) !== previous);
  return link(mail);
}

/**
 * The user completes the activation of the invitation at `path` through the API, as the user's
 * pages would (the SMS code is the one sent now, not an earlier one). Answers the activation's
 * last view (`status` `issued` with the `means`, or waiting for the identification).
 */
export async function activateThroughApi(page, user, path) {
  const token = path.split('/').pop();
  const post = (apiPath, body) => page.evaluate(async ([apiPath, token, body]) => {
    const response = await fetch(apiPath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Activation-Token': token },
      body: body === null ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }, [apiPath, token, body ?? null]);
  assert.equal((await post('/api/v1/activation/email-confirmation')).status, 200);
  const codeOf = (m) => m.text.match(/\b(\d{6})\b/)?.[1];
  const earlier = (await devMessages(page, e164(user.mobile))).map(codeOf).filter(Boolean);
  assert.equal((await post('/api/v1/activation/sms-code')).status, 200);
  const sms = await waitForMessage(page, e164(user.mobile), (m) => m.kind === 'sms' && codeOf(m)
    && !earlier.includes(codeOf(m)));
  const code = sms.text.match(/\b(\d{6})\b/)[1];
  assert.equal((await post('/api/v1/activation/sms-code/verification', { code })).status, 200);
  const ordered = await post('/api/v1/activation/order', { accepted_terms: true });
  assert.equal(ordered.status, 200, JSON.stringify(ordered.body));
  return ordered.body;
}

/** An employee's activation through the API; answers the issued means' id. */
export async function activateByApi(page, user, path) {
  const view = await activateThroughApi(page, user, path);
  assert.equal(view.status, 'issued');
  return view.means.id;
}

/** At 360 px nothing scrolls sideways and axe still finds nothing; then back to 1280 px. */
export async function checkNarrow(page) {
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 720 });
}

/**
 * Presses Tab (or `key`, such as Shift+Tab to go back up) until `locator` has focus (at most
 * `max` times): proves it is reachable by keyboard.
 */
export async function tabTo(page, locator, max = 120, key = 'Tab') {
  for (let i = 0; i < max; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  assert.fail(`not reachable by Tab: ${locator}`);
}

/** The id of the element that has focus. */
export const focusedId = (page) => page.evaluate(() => document.activeElement?.id);
