// A real account from nothing: `middelpunt-server admin create` prints a one-time link; the new
// manager chooses a password (a guessable one is refused), adds an authenticator app (the test
// computes its codes from the key on the page, RFC 6238), keeps the recovery codes, and signs in
// again with password and code; a recovery code works once. Every step is checked with axe.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, adminCreate, ageSecondFactor, orderEh3UpToOverview, setUpAccount, signInWithPassword, totp,
} from './accounts.mjs';
import { baseUrl, expectNoAxeViolations, launch, openPage, waitForMessage } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a new manager sets up password and authenticator app from the link, then signs in with both', async () => {
  const email = `nieuw-${Date.now()}@klant.example`;
  const path = adminCreate(email, 'Nina Nieuw');

  // Step 1: the password. A guessable one is refused and named; what was typed stays.
  const page = await openPage(browser, path);
  await page.getByRole('heading', { level: 1, name: 'Kies een wachtwoord' }).waitFor();
  await page.getByText(`Voor Nina Nieuw (${email})`).waitFor();
  await expectNoAxeViolations(page);
  await page.getByLabel('Nieuw wachtwoord').fill('password1234');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await page.getByRole('alert').getByText('te makkelijk te raden').waitFor();
  assert.equal(await page.getByLabel('Nieuw wachtwoord').inputValue(), 'password1234');
  assert.equal(await page.getByLabel('Nieuw wachtwoord').getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page);
  await page.getByLabel('Nieuw wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();

  // Step 2: the app, by QR code or key; the link has left the address bar.
  await page.getByRole('heading', { level: 1, name: 'Voeg een authenticator-app toe' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading', 'the new step takes focus');
  assert.equal(new URL(page.url()).hash, '', 'the used link is no longer in the address bar');
  const qr = page.getByRole('img', { name: 'QR-code om Middelpunt aan uw authenticator-app toe te voegen' });
  await qr.waitFor();
  assert.ok((await qr.evaluate((img) => img.naturalWidth)) > 0, 'the QR code is drawn');
  const secret = await page.locator('.setup-key').getAttribute('data-secret');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await expectNoAxeViolations(page);
  await page.getByLabel('Code uit de app').fill(totp(secret, Date.now() / 1000 - 600));
  await page.getByRole('button', { name: 'App toevoegen' }).click();
  await page.getByRole('alert').getByText('Deze code klopt niet').waitFor();
  await page.getByLabel('Code uit de app').fill(totp(secret));
  await page.getByRole('button', { name: 'App toevoegen' }).click();

  // Step 3: the recovery codes, once.
  await page.getByRole('heading', { level: 1, name: 'Bewaar uw herstelcodes' }).waitFor();
  const codes = await page.getByRole('list', { name: 'Uw herstelcodes' }).getByRole('listitem').allTextContents();
  assert.equal(codes.length, 10);
  assert.ok(codes.every((code) => /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/.test(code)), codes.join(' '));
  const download = page.getByRole('link', { name: 'Download de codes als tekstbestand' });
  assert.equal(await download.getAttribute('download'), 'middelpunt-herstelcodes.txt');
  assert.ok(decodeURIComponent(await download.getAttribute('href')).includes(codes[0]));
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Ik heb de codes bewaard: verder' }).click();
  await page.getByRole('banner').getByText('Nina Nieuw').waitFor();
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByText('U bent uitgelogd.').waitFor();

  // Signing in again: the password alone does not open Beheer; the app's code does.
  await page.goto('/beheer/gebruikers');
  await page.waitForURL(/\/inloggen\?terug=/);
  await signInWithPassword(page, email);
  await expectNoAxeViolations(page);
  // The code just used at set-up is accepted once; the next step's code is the app's next.
  await page.getByLabel('Code', { exact: true }).fill(totp(secret, Date.now() / 1000 + 30));
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.waitForURL(/\/beheer\/gebruikers$/);
  await page.getByRole('banner').getByText('Nina Nieuw').waitFor();

  // A recovery code signs in once, and never again.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByText('U bent uitgelogd.').waitFor();
  await signInWithPassword(page, email);
  await page.getByLabel('Code', { exact: true }).fill(codes[0].toLowerCase());
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.getByRole('banner').getByText('Nina Nieuw').waitFor();
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByText('U bent uitgelogd.').waitFor();
  await signInWithPassword(page, email);
  await page.getByLabel('Code', { exact: true }).fill(codes[0]);
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.getByRole('alert').getByText('Deze code klopt niet, of is al gebruikt').waitFor();
  await expectNoAxeViolations(page);

  // A forgotten password: a link by e-mail; the new password still needs the second factor.
  await page.getByRole('button', { name: 'Met een ander account inloggen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Wachtwoord vergeten' }).waitFor();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByRole('button', { name: 'Stuur mij een link' }).click();
  await page.getByRole('status').getByText(`Als er een account bij ${email} hoort`).waitFor();
  await expectNoAxeViolations(page);
  const mail = await waitForMessage(page, email, (m) => m.subject === 'Kies een nieuw wachtwoord voor Middelpunt');
  const resetLink = mail.text.split('\n').find((line) => line.startsWith(`${baseUrl}/account/instellen#`));
  await page.goto(resetLink.slice(baseUrl.length));
  await page.getByRole('heading', { level: 1, name: 'Nieuw wachtwoord kiezen' }).waitFor();
  await page.getByLabel('Nieuw wachtwoord').fill('groene olifant zwemt in de gracht');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Code uit uw authenticator-app' }).waitFor();
  await page.getByLabel('Code', { exact: true }).fill(codes[1]);
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.getByRole('banner').getByText('Nina Nieuw').waitFor();

  // A second browser signs in; the account page lists both and ends the other one.
  const other = await openPage(browser, '/inloggen');
  await signInWithPassword(other, email, 'groene olifant zwemt in de gracht');
  await other.getByLabel('Code', { exact: true }).fill(codes[2]);
  await other.getByRole('button', { name: 'Doorgaan' }).click();
  await other.getByRole('banner').getByText('Nina Nieuw').waitFor();
  await page.getByRole('banner').getByRole('link', { name: 'Nina Nieuw' }).click();
  await page.getByRole('heading', { level: 1, name: 'Uw account' }).waitFor();
  const rows = page.getByRole('table').getByRole('row');
  await page.getByRole('cell', { name: 'Deze browser' }).waitFor();
  assert.equal(await rows.count(), 3, 'a header row and two sessions');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Sessie van Chrome op Linux beëindigen' }).click();
  await page.getByRole('status').getByText('De sessie is beëindigd').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
  await other.goto('/beheer/gebruikers');
  await other.waitForURL(/\/inloggen\?terug=/);
  await other.context().close();

  // The only console errors are the refusals this test asked for.
  assert.ok(
    page.problems.every((p) => /\b(401|422)\b/.test(p)),
    page.problems.join('\n'),
  );
  await page.context().close();
});

test('a used or unknown link says so, and how to get a new one', async () => {
  const page = await openPage(browser, '/account/instellen#niet-een-echte-link');
  await page.getByText('Deze link werkt niet (meer)').waitFor();
  await expectNoAxeViolations(page);
  assert.ok(page.problems.every((p) => /\b404\b/.test(p)), page.problems.join('\n'));
  await page.context().close();
});

test('an EH3 order asks for the code again after 15 minutes, in place, and keeps the order', async () => {
  const email = `stap-${Date.now()}@klant.example`;
  const path = adminCreate(email, 'Stef Stap');
  const page = await openPage(browser, '/');
  const { codes } = await setUpAccount(page, path);
  await page.getByRole('banner').getByText('Stef Stap').waitFor();

  await orderEh3UpToOverview(page);

  // The code was given 16 minutes ago: the order asks for it again, in the same form.
  ageSecondFactor(email, 16 * 60);
  await page.getByRole('button', { name: 'Bestellen' }).click();
  await page.getByRole('alert').getByRole('link', { name: /Bevestig dit met de code/ }).waitFor();
  const field = page.getByLabel('Code', { exact: true });
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.ok(await page.getByLabel(/Ik ga akkoord/).isChecked(), 'what was chosen stays');
  await expectNoAxeViolations(page);
  await field.fill('000000');
  await page.getByRole('button', { name: 'Bestellen' }).click();
  await page.getByRole('alert').getByRole('link', { name: /Deze code klopt niet/ }).waitFor();
  await field.fill(codes[0]);
  await page.getByRole('button', { name: 'Bestellen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Uw bestelling is geplaatst' }).waitFor();
  assert.ok(
    page.problems.every((p) => /\b(401|403)\b/.test(p)),
    page.problems.join('\n'),
  );
  await page.context().close();
});
