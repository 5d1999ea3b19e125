// Passkeys with real WebAuthn: Chromium's virtual authenticator (DevTools protocol,
// `WebAuthn.addVirtualAuthenticator`: a platform authenticator with resident keys and user
// verification) makes and signs the credentials; the server verifies them with webauthn-rs.
// A new admin sets up password + passkey, signs in with the passkey alone, and with password +
// passkey as the second factor; the account page lists the passkey and keeps the last one,
// adds and removes an authenticator app, makes new recovery codes and changes the password.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, adminCreate, totp, virtualAuthenticator } from './accounts.mjs';
import { expectNoAxeViolations, freshPage, launch } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const heading = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();

test('a passkey is the second factor at set-up, signs in on its own, and after the password', async () => {
  const email = `ada-passkey-${Date.now()}@provider.example`;
  const page = await freshPage(browser);
  const { devtools, authenticatorId } = await virtualAuthenticator(page);

  // Set-up: the password, then a passkey instead of the app.
  await page.goto(adminCreate(email, 'Ada Passkey', ['--role', 'admin']));
  await heading(page, 'Kies een wachtwoord');
  await page.getByLabel('Nieuw wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await heading(page, 'Voeg een authenticator-app toe');
  await page.getByRole('heading', { level: 2, name: 'Of: een passkey' }).waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Passkey toevoegen' }).click();
  await heading(page, 'Bewaar uw herstelcodes');
  const { credentials } = await devtools.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1, 'the authenticator holds the new passkey');
  assert.ok(credentials[0].isResidentCredential, 'a discoverable passkey, to sign in on its own');
  await page.getByRole('button', { name: 'Ik heb de codes bewaard: verder' }).click();
  await page.getByRole('banner').getByText('Ada Passkey').waitFor();

  // Signing in with the passkey alone: no e-mail address, no password.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByText('U bent uitgelogd.').waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Inloggen met een passkey' }).click();
  await page.getByRole('banner').getByText('Ada Passkey').waitFor();
  const signCount = (await devtools.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0].signCount;
  assert.ok(signCount >= 1, `the passkey signed (count ${signCount})`);

  // The password, then the passkey as the second factor.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByText('U bent uitgelogd.').waitFor();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Code uit uw authenticator-app' }).waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Gebruik uw passkey' }).click();
  await page.getByRole('banner').getByText('Ada Passkey').waitFor();

  // The account page lists it; the only second factor stays.
  await page.getByRole('banner').getByRole('link', { name: 'Ada Passkey' }).click();
  await heading(page, 'Uw account');
  const row = page.getByRole('table', { name: 'Passkeys' }).getByRole('row', { name: /Chrome op Linux/ });
  await row.waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Passkey Chrome op Linux verwijderen' }).click();
  await page.getByRole('status').getByText('Dit is uw enige tweede factor').waitFor();
  await row.waitFor();

  // The account page adds an authenticator app beside the passkey (its new recovery codes are
  // shown), removes it again, makes new recovery codes, and changes the password.
  await page.getByRole('button', { name: 'Authenticator-app toevoegen' }).click();
  const key = page.locator('.setup-key');
  await key.waitFor();
  await page.getByLabel('Code uit de app').fill(totp(await key.getAttribute('data-secret')));
  await page.getByRole('button', { name: 'App toevoegen' }).click();
  await page.getByText('Er is een authenticator-app gekoppeld.').waitFor();
  await page.getByRole('list', { name: 'Uw herstelcodes' }).waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Authenticator-app verwijderen' }).click();
  await page.getByRole('status').getByText('De authenticator-app is verwijderd.').waitFor();
  await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
  await page.getByRole('status').getByText('Dit zijn uw nieuwe herstelcodes').waitFor();
  assert.equal(await page.getByRole('list', { name: 'Uw herstelcodes' }).getByRole('listitem').count(), 10);
  await page.getByLabel('Huidig wachtwoord').fill('niet mijn wachtwoord');
  await page.getByLabel('Nieuw wachtwoord').fill('groene olifant zwemt in de gracht');
  await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Uw huidige wachtwoord klopt niet.' }).waitFor();
  assert.equal(await page.getByLabel('Nieuw wachtwoord').inputValue(), 'groene olifant zwemt in de gracht');
  await expectNoAxeViolations(page);
  await page.getByLabel('Huidig wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await page.getByRole('status').getByText('Uw wachtwoord is gewijzigd.').waitFor();
  await expectNoAxeViolations(page);

  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.context().close();
});
