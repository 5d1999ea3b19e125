// What the users step's browser tests (users, users_list, users_fix, users_grid) and the grid's
// benchmark (tests/bench/users_grid.bench.mjs) share: the step opened with the manager "logged
// in" through a mocked session once the import worker listens, and files of users.
import { baseUrl } from './support.mjs';

export const SESSION = {
  manager: {
    email: 'bea.beheerder@voorbeeld.nl',
    name: 'Bea Beheerder',
    level: 'EH3',
    organisations: ['68750110'],
    roles: ['manager'],
  },
  csrf_token: 'e2e-csrf-token',
  second_factor: 'passed',
};

export const HEADER =
  'volledige voornamen;tussenvoegsel;achternaam;geboortedatum;geboorteplaats;e-mailadres;mobiel nummer;loondienst';

const FIRST = ['Johannes Pieter', 'Anna Maria', 'Willem', 'Fatima', 'Sven', 'Zoë', 'Mohamed', 'Els'];
const LAST = ['Vries-Bakker', 'Jansen', 'Dijk', 'Bos', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bakker'];
const PLACES = ['Rotterdam', 'Utrecht', 'Den Haag', 'Zwolle', 'Groningen', 'Eindhoven'];
const pad = (n, width) => String(n).padStart(width, '0');

/**
 * A row of typical values; the first is exactly the example. `overrides` replaces
 * fields by name.
 */
export function typicalRow(i, overrides = {}) {
  const row = {
    first: FIRST[i % FIRST.length],
    infix: i % 3 === 0 ? 'van der' : '',
    last: LAST[i % LAST.length],
    birthDate: `${pad((i % 28) + 1, 2)}-${pad((i % 12) + 1, 2)}-${1960 + (i % 40)}`,
    place: PLACES[i % PLACES.length],
    email: i === 0 ? 'johannes.vandervries@gemeente-rotterdam.nl' : `medewerker.${pad(i, 3)}@gemeente-rotterdam.nl`,
    mobile: i === 0 ? '06 12345678' : `06 12${pad(i, 6)}`,
    employed: 'J',
    ...overrides,
  };
  if (i === 0 && !overrides.infix) row.infix = 'van der';
  if (i === 0 && !overrides.birthDate) row.birthDate = '15-03-1985';
  return row;
}

/** A `;`-separated CSV of `rows` (objects from `typicalRow`), as Dutch Excel saves it. */
export function csv(rows) {
  const lines = rows.map((r) =>
    [r.first, r.infix, r.last, r.birthDate, r.place, r.email, r.mobile, r.employed].join(';'),
  );
  return Buffer.from([HEADER, ...lines].join('\r\n') + '\r\n', 'latin1');
}

/** 100 users; `change(i, row)` may alter row `i` (0-based). */
export function hundred(change = (_i, row) => row) {
  return csv(Array.from({ length: 100 }, (_, i) => change(i, typicalRow(i))));
}

/**
 * A fresh context with the manager "logged in" (mocked session), on the users step, once the
 * import worker listens.
 */
export async function openUsersStep(browser, { viewport } = {}) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'nl-NL',
    ...(viewport ? { viewport } : {}),
  });
  await context.route('**/api/v1/session', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(SESSION) }),
  );
  await context.route('**/api/v1/organisations/*/known-users', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ known: [] }) }),
  );
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  const worker = page.waitForEvent('worker');
  await page.goto('/bestellen/gebruikers');
  await page.getByRole('heading', { level: 1, name: 'Geef de gebruikers op' }).waitFor();
  await importWorkerListens(await worker);
  return page;
}

/**
 * Waits until the import engine's Web Worker (started when the step opens) listens. A request
 * posted before its WASM has started is lost (src/import_client.rs has no "ready" handshake
 * yet), which only a test is fast enough to run into.
 */
export async function importWorkerListens(worker) {
  await worker.evaluate(
    () =>
      new Promise((resolve) => {
        const check = () => (self.onmessage ? resolve() : setTimeout(check, 20));
        check();
      }),
  );
}

/** Sets `buffer` as the file `name` on the step's file input. */
export async function upload(page, name, buffer) {
  await page.getByLabel('Kies een bestand').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

const NAMES = ['Jan', 'Piet', 'Kees', 'Anna', 'Maria', 'Sanne', 'Lotte', 'Daan', 'Bram', 'Femke'];
const SURNAMES = ['Vries', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks'];

/** Person `i` (0–199): a unique name, e-mail address and mobile number. */
export function person(i, { mobile } = {}) {
  const first = NAMES[i % 10] + (i >= 100 ? ' Johanna' : '');
  const last = SURNAMES[Math.floor(i / 10) % 10];
  const day = String((i % 28) + 1).padStart(2, '0');
  return {
    first,
    last,
    date: `${day}-0${(i % 9) + 1}-19${60 + (i % 40)}`,
    email: `persoon.${i}@voorbeeld.nl`,
    mobile: mobile ?? `06 ${String(20000000 + i * 37)}`,
  };
}

/** A `;`-separated CSV of people from [`person`], as Dutch Excel saves it. */
export function peopleCsv(people) {
  const lines = people.map((p) => [p.first, '', p.last, p.date, 'Utrecht', p.email, p.mobile, 'J'].join(';'));
  return Buffer.from([HEADER, ...lines].join('\r\n') + '\r\n', 'latin1');
}

export const BAD_DATE_ROWS = [3, 11, 19, 27, 35];
export const LANDLINE_ROWS = [43, 51, 59, 67];
export const BAD_EMAIL_ROWS = [75, 83, 91];

/** 100 people; 12 rows have an error: 5 impossible dates, 4 landlines, 3 e-mails without @. */
export function hundredWithErrors() {
  return Array.from({ length: 100 }, (_, i) => {
    const p = person(i);
    if (BAD_DATE_ROWS.includes(i)) p.date = p.date.replace(/^(\d\d)-\d\d-/, '$1-13-');
    if (LANDLINE_ROWS.includes(i)) p.mobile = '020 1234567';
    if (BAD_EMAIL_ROWS.includes(i)) p.email = `persoon.${i}.voorbeeld.nl`;
    return p;
  });
}
