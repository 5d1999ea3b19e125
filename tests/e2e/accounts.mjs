// Accounts in the browser tests: `admin create` on the test server's database, setting an
// account up through its link's pages, the authenticator app's codes (computed from the key the
// page shows, RFC 6238), and a second factor made older than the step-up allows.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { baseUrl } from './support.mjs';

/** The demo test server: its address and its database. */
export const DEMO_SERVER = { url: baseUrl, databaseUrl: process.env.MIDDELPUNT_E2E_DATABASE_URL };

/**
 * The second test server, started without the demo: no accounts and no organisations until a
 * test makes them (the development mailbox is on).
 */
export const FRESH_SERVER = {
  url: process.env.MIDDELPUNT_E2E_FRESH_URL,
  databaseUrl: process.env.MIDDELPUNT_E2E_FRESH_DATABASE_URL,
};

/**
 * Runs `middelpunt-server admin create` on a test server's database; answers the link's path.
 * `roles` are the arguments after the name: an EH3 manager of Test BV Donald by default.
 */
export function adminCreate(
  email,
  name,
  roles = ['--role', 'manager', '--level', 'EH3', '--kvk', '68750110'],
  server = DEMO_SERVER,
) {
  const stdout = execFileSync(
    process.env.MIDDELPUNT_E2E_SERVER_BIN,
    ['admin', 'create', '--email', email, '--name', name, ...roles],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        MIDDELPUNT_DATABASE_URL: server.databaseUrl,
        MIDDELPUNT_PUBLIC_URL: server.url,
        MIDDELPUNT_DEV_MAILBOX: 'true',
        MIDDELPUNT_LOG: 'warn',
      },
    },
  );
  const link = stdout.split('\n').find((line) => line.startsWith(`${server.url}/account/instellen#`));
  assert.ok(link, `no link in:\n${stdout}`);
  return link.slice(server.url.length);
}

/** RFC 4648 base32 to bytes. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = [];
  let value = 0;
  let bits = 0;
  for (const char of text.replace(/[\s=]/g, '')) {
    value = ((value << 5) | alphabet.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The authenticator app's 6-digit code (HMAC-SHA-1, 30-second steps) at `seconds`. */
export function totp(secret, seconds = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[19] & 0x0f;
  const number = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(number % 1_000_000).padStart(6, '0');
}

export const PASSWORD = 'paars konijn fietst naar zee';

/** Gives the password on the login page; the second factor's step follows. */
export async function signInWithPassword(page, email, password = PASSWORD) {
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Code uit uw authenticator-app' }).waitFor();
}

/** Sets up the account of the link at `path` through the pages; answers the app's key and
 * the recovery codes. */
export async function setUpAccount(page, path) {
  await page.goto(path);
  await page.getByRole('heading', { level: 1, name: 'Kies een wachtwoord' }).waitFor();
  await page.getByLabel('Nieuw wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  const key = page.locator('.setup-key');
  await key.waitFor();
  const secret = await key.getAttribute('data-secret');
  await page.getByLabel('Code uit de app').fill(totp(secret));
  await page.getByRole('button', { name: 'App toevoegen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bewaar uw herstelcodes' }).waitFor();
  const codes = await page.getByRole('list', { name: 'Uw herstelcodes' }).getByRole('listitem').allTextContents();
  await page.getByRole('button', { name: 'Ik heb de codes bewaard: verder' }).click();
  return { secret, codes };
}

/** Moves the time every session of `email` last gave the second factor `seconds` back, in a
 * test server's SQLite database (Python's sqlite3: no other tool needed). */
export function ageSecondFactor(email, seconds, server = DEMO_SERVER) {
  const path = server.databaseUrl.replace(/^sqlite:\/\//, '');
  execFileSync('python3', [
    '-c',
    'import sqlite3, sys\n'
      + 'db = sqlite3.connect(sys.argv[1])\n'
      + 'db.execute("UPDATE sessions SET second_factor_at = second_factor_at - ? WHERE manager_id = (SELECT id FROM managers WHERE email = ?)", (int(sys.argv[2]), sys.argv[3]))\n'
      + 'db.commit()\n',
    path,
    String(seconds),
    email,
  ]);
}

/**
 * The order wizard from its first step to the overview: an EH3 order for one employee of Test
 * BV Donald, without authorisations, for a year, the terms accepted. The overview's "Bestellen"
 * is the caller's.
 */
export async function orderEh3UpToOverview(page) {
  await page.goto('/bestellen');
  await page.getByRole('heading', { level: 1, name: 'Organisatie en betrouwbaarheidsniveau' }).waitFor();
  await page.getByRole('radio', { name: 'Test BV Donald' }).check();
  await page.getByRole('radio', { name: 'EH3' }).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('heading', { level: 1, name: 'KvK-nummer en vestiging' }).waitFor();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('heading', { level: 1, name: 'Controleer uw organisatiegegevens' }).waitFor();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('heading', { level: 1, name: 'Geef de gebruikers op' }).waitFor();
  await page.getByLabel('Volledige voornamen', { exact: true }).fill('Karel');
  await page.getByLabel('Achternaam', { exact: true }).fill('Appel');
  await page.getByLabel('Geboortedatum', { exact: true }).fill('20-10-1970');
  await page.getByLabel('Geboorteplaats', { exact: true }).fill('Amsterdam');
  await page.getByLabel('E-mailadres', { exact: true }).fill(`karel.${Date.now()}@voorbeeld.nl`);
  await page.getByLabel('Mobiel nummer', { exact: true }).fill('0655667788');
  await page.getByRole('radio', { name: 'Ja, in loondienst' }).check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Gebruikers in deze aanvraag (1)' }).waitFor();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('heading', { level: 1, name: 'Machtigingen en geldigheidsduur' }).waitFor();
  await page.getByRole('radio', { name: 'Nee, nu niet' }).check();
  await page.getByRole('radio', { name: '1 jaar' }).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('heading', { level: 1, name: 'Controleer het overzicht van uw aanvraag' }).waitFor();
  await page.getByLabel(/Ik ga akkoord/).check();
}

/**
 * Chromium's virtual authenticator for `page` (DevTools protocol): a platform authenticator
 * with resident keys and user verification, which makes and signs real WebAuthn credentials.
 * Answers its id and the DevTools session.
 */
export async function virtualAuthenticator(page) {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('WebAuthn.enable');
  const { authenticatorId } = await devtools.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { devtools, authenticatorId };
}
