// A customer onboarded from nothing, on a fresh server without the demo (no accounts, no
// organisations): `admin create` → the admin sets up password + passkey (Chromium's virtual
// authenticator: real WebAuthn) → registers KvK 68750110 → appoints its manager → the manager's
// set-up mail arrives → the manager sets a password and an authenticator app (the test computes
// the codes) → places an EH3 order, passing the step-up → ends another session.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FRESH_SERVER, PASSWORD, adminCreate, ageSecondFactor, orderEh3UpToOverview, setUpAccount,
  signInWithPassword, totp, virtualAuthenticator,
} from './accounts.mjs';
import { expectNoAxeViolations, freshPage, launch, waitForMessage } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const heading = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();
const onFresh = () => freshPage(browser, { baseURL: FRESH_SERVER.url });

test('a customer is onboarded on a fresh deployment and its manager orders EH3 with step-up', async () => {
  assert.ok(FRESH_SERVER.url, 'cargo xtask test starts the fresh server');
  const stamp = Date.now();
  const managerEmail = `bea-${stamp}@donald.example`;

  // The admin, with a passkey.
  const admin = await onFresh();
  await virtualAuthenticator(admin);
  await admin.goto(adminCreate(`ada-${stamp}@provider.example`, 'Ada Admin', ['--role', 'admin'], FRESH_SERVER));
  await heading(admin, 'Kies een wachtwoord');
  await admin.getByLabel('Nieuw wachtwoord').fill(PASSWORD);
  await admin.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await heading(admin, 'Voeg een authenticator-app toe');
  await admin.getByRole('button', { name: 'Passkey toevoegen' }).click();
  await heading(admin, 'Bewaar uw herstelcodes');
  await admin.getByRole('button', { name: 'Ik heb de codes bewaard: verder' }).click();

  // A fresh deployment has no organisations; the admin registers Test BV Donald.
  await admin.getByRole('banner').getByRole('link', { name: 'Backoffice' }).click();
  await heading(admin, 'Machtigingenbeheerders');
  await admin.getByRole('status').getByText('Er zijn geen machtigingenbeheerders die hierop passen.').waitFor();
  await admin.goto('/backoffice/organisaties');
  await heading(admin, 'Organisaties');
  await admin.getByText('Er zijn nog geen organisaties geregistreerd.').waitFor();
  await admin.getByLabel('KvK-nummer').fill('68750110');
  await admin.getByRole('button', { name: 'Opzoeken in het Handelsregister' }).click();
  const found = admin.getByRole('region', { name: 'Is dit de organisatie?' });
  await found.getByText('Test BV Donald').waitFor();
  await found.getByRole('button', { name: 'Ja, registreren' }).click();
  await admin.getByRole('status').getByRole('link', { name: 'Machtigingenbeheerder aanstellen voor Test BV Donald' }).click();

  // The appointment.
  await heading(admin, 'Machtigingenbeheerder aanstellen');
  await admin.getByLabel('Volledige naam').fill('Bea Donald');
  await admin.getByLabel('E-mailadres').fill(managerEmail);
  await admin.getByRole('radio', { name: /EH3/ }).check();
  await admin.getByRole('radio', { name: /Zelfstandig bevoegd/ }).check();
  await admin.getByLabel('Wettelijk vertegenwoordigers die hebben getekend').fill('Donald Duck');
  await admin.getByLabel('Kenmerk van de getekende machtiging').fill('DONALD-2026-1');
  await admin.getByRole('button', { name: 'Aanstellen en uitnodiging versturen' }).click();
  await heading(admin, 'Bea Donald');
  await expectNoAxeViolations(admin);

  // The manager's mail, and the account set up with an authenticator app.
  const mail = await waitForMessage(admin, managerEmail, (m) => m.subject === 'Stel uw account in bij Middelpunt');
  const link = mail.text.split('\n').find((line) => line.startsWith(`${FRESH_SERVER.url}/account/instellen#`));
  assert.ok(link, mail.text);
  const manager = await onFresh();
  const { secret, codes } = await setUpAccount(manager, link.slice(FRESH_SERVER.url.length));
  await manager.getByRole('banner').getByText('Bea Donald').waitFor();

  // An EH3 order: the code was given 16 minutes ago, so it is asked again, in place.
  await orderEh3UpToOverview(manager);
  ageSecondFactor(managerEmail, 16 * 60, FRESH_SERVER);
  await manager.getByRole('button', { name: 'Bestellen' }).click();
  const code = manager.getByLabel('Code', { exact: true });
  await code.waitFor();
  await code.fill(totp(secret, Date.now() / 1000 + 30));
  await manager.getByRole('button', { name: 'Bestellen' }).click();
  await heading(manager, 'Uw bestelling is geplaatst');

  // Another browser signs in (with a recovery code: the app's next code is used up); the
  // manager ends that session from the account page.
  const other = await onFresh();
  await other.goto('/inloggen');
  await signInWithPassword(other, managerEmail);
  await other.getByLabel('Code', { exact: true }).fill(codes[0]);
  await other.getByRole('button', { name: 'Doorgaan' }).click();
  await other.getByRole('banner').getByText('Bea Donald').waitFor();
  await manager.getByRole('banner').getByRole('link', { name: 'Bea Donald' }).click();
  await heading(manager, 'Uw account');
  await manager.getByRole('button', { name: 'Sessie van Chrome op Linux beëindigen' }).click();
  await manager.getByRole('status').getByText('De sessie is beëindigd').waitFor();
  await other.goto('/beheer/gebruikers');
  await other.waitForURL(/\/inloggen\?terug=/);

  for (const page of [admin, manager, other]) {
    assert.deepEqual(page.problems, [], page.problems.join('\n'));
    await page.context().close();
  }
});
