// The back office onboards a customer: `admin create` makes an admin, who sets up the account,
// registers an organisation after seeing it as the KvK register holds it, and appoints its
// manager on the authority of the representatives who signed; the manager's set-up mail arrives
// and its link sets the account up. The admin changes the manager's level (asked for the code
// again after 15 minutes, in place) and suspends the manager, who is signed out at once and
// cannot sign in. Every page and error state is checked with axe.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, adminCreate, ageSecondFactor, setUpAccount, signInWithPassword, totp,
} from './accounts.mjs';
import { baseUrl, expectNoAxeViolations, freshPage, launch, waitForMessage } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const heading = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();

test('an admin registers an organisation and appoints its manager, who sets up the account', async () => {
  const stamp = Date.now();
  const adminEmail = `ada-${stamp}@provider.example`;
  const managerEmail = `mo-${stamp}@klant.example`;
  const admin = await freshPage(browser);
  const { secret } = await setUpAccount(admin, adminCreate(adminEmail, 'Ada Admin', ['--role', 'admin']));

  // The header leads an admin to the back office; a manager's Beheer is not offered.
  const banner = admin.getByRole('banner');
  await banner.getByRole('link', { name: 'Backoffice' }).click();
  await heading(admin, 'Machtigingenbeheerders');
  assert.equal(await banner.getByRole('link', { name: 'Beheer', exact: true }).count(), 0);
  await expectNoAxeViolations(admin);

  // Registering: the register's view first, then the confirmation.
  await admin.getByRole('navigation', { name: 'Backoffice' }).getByRole('link', { name: 'Organisaties' }).click();
  await heading(admin, 'Organisaties');
  await admin.getByRole('button', { name: 'Opzoeken in het Handelsregister' }).click();
  await admin.getByRole('alert').getByRole('link', { name: 'Vul het KvK-nummer van de organisatie in' }).waitFor();
  await expectNoAxeViolations(admin);
  await admin.getByLabel('KvK-nummer').fill('6959 9076');
  await admin.getByRole('button', { name: 'Opzoeken in het Handelsregister' }).click();
  const found = admin.getByRole('region', { name: 'Is dit de organisatie?' });
  await found.getByText('Test VOF Guus').waitFor();
  await expectNoAxeViolations(admin);
  await found.getByRole('button', { name: 'Ja, registreren' }).click();
  await admin.getByRole('status').getByText('Test VOF Guus is geregistreerd.').waitFor();
  await admin.getByRole('row', { name: /Test VOF Guus/ }).waitFor();
  await expectNoAxeViolations(admin);
  // Once only.
  await admin.getByLabel('KvK-nummer').fill('69599076');
  await admin.getByRole('button', { name: 'Opzoeken in het Handelsregister' }).click();
  await found.getByRole('button', { name: 'Ja, registreren' }).click();
  await admin.getByRole('alert').getByText('is al geregistreerd').waitFor();
  assert.equal(await admin.locator('#back-office-notice').count(), 0, 'the previous notice has gone');

  // Appointing, from the organisation's row: what is missing is named, then the server's rule
  // for joint authority; nothing typed is lost.
  await admin.getByRole('link', { name: 'Machtigingenbeheerder aanstellen voor Test VOF Guus' }).click();
  await heading(admin, 'Machtigingenbeheerder aanstellen');
  assert.equal(await admin.getByLabel('KvK-nummer').inputValue(), '69599076');
  await admin.getByRole('button', { name: 'Aanstellen en uitnodiging versturen' }).click();
  const summary = admin.getByRole('alert');
  await summary.getByRole('link', { name: 'Vul de naam van de machtigingenbeheerder in' }).waitFor();
  await summary.getByRole('link', { name: 'Kies hoe de vertegenwoordigers bevoegd zijn' }).waitFor();
  await expectNoAxeViolations(admin);
  await admin.getByLabel('Volledige naam').fill('Mo Manager');
  await admin.getByLabel('E-mailadres').fill(managerEmail);
  await admin.getByRole('radio', { name: /EH3/ }).check();
  await admin.getByRole('radio', { name: /Gezamenlijk bevoegd/ }).check();
  await admin.getByLabel('Wettelijk vertegenwoordigers die hebben getekend').fill('Guus Geluk');
  await admin.getByLabel('Kenmerk van de getekende machtiging').fill('MACHT-2026-17');
  await admin.getByRole('button', { name: 'Aanstellen en uitnodiging versturen' }).click();
  await summary.getByRole('link', { name: /ten minste twee vertegenwoordigers/ }).waitFor();
  const names = admin.getByLabel('Wettelijk vertegenwoordigers die hebben getekend');
  assert.equal(await names.getAttribute('aria-invalid'), 'true');
  assert.equal(await admin.getByLabel('Volledige naam').inputValue(), 'Mo Manager');
  await expectNoAxeViolations(admin);
  await names.fill('Guus Geluk\nGijs Geluk');
  await admin.getByRole('button', { name: 'Aanstellen en uitnodiging versturen' }).click();
  await heading(admin, 'Mo Manager');
  await admin.getByRole('status').getByText(`De e-mail met de link om het account in te stellen is verstuurd naar ${managerEmail}`).waitFor();
  await admin.getByRole('cell', { name: /Gezamenlijk bevoegd: Guus Geluk, Gijs Geluk \(kenmerk MACHT-2026-17\); vastgelegd door Ada Admin/ }).waitFor();
  await expectNoAxeViolations(admin);

  // The manager's mail; its link sets the account up.
  const mail = await waitForMessage(admin, managerEmail, (m) => m.subject === 'Stel uw account in bij Middelpunt');
  assert.match(mail.text, /machtigingenbeheerder van Test VOF Guus/);
  const link = mail.text.split('\n').find((line) => line.startsWith(`${baseUrl}/account/instellen#`));
  const manager = await freshPage(browser);
  await setUpAccount(manager, link.slice(baseUrl.length));
  await manager.getByRole('banner').getByText('Mo Manager').waitFor();
  await manager.goto('/beheer/gebruikers');
  await heading(manager, 'Gebruikers');

  // The list shows the account set up.
  await admin.getByRole('link', { name: 'Terug naar de machtigingenbeheerders' }).click();
  await heading(admin, 'Machtigingenbeheerders');
  await admin.getByRole('searchbox', { name: 'Zoeken' }).fill(`mo-${stamp}`);
  await admin.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await admin.getByRole('row', { name: /Mo Manager.*Actief/ }).waitFor();
  await expectNoAxeViolations(admin);
  await admin.getByRole('link', { name: 'Mo Manager' }).click();
  await heading(admin, 'Mo Manager');

  // The level: the code was given 16 minutes ago, so it is asked again, in place.
  ageSecondFactor(adminEmail, 16 * 60);
  await admin.getByRole('radio', { name: 'EH2+' }).check();
  await admin.getByRole('button', { name: 'Niveau opslaan' }).click();
  const code = admin.getByLabel('Code', { exact: true });
  await code.waitFor();
  await admin.getByRole('alert').getByRole('link', { name: /Bevestig dit met de code/ }).waitFor();
  await expectNoAxeViolations(admin);
  await code.fill(totp(secret, Date.now() / 1000 + 30));
  await admin.getByRole('button', { name: 'Niveau opslaan' }).click();
  await admin.getByRole('status').getByText('Mo Manager bestelt nu tot en met EH2+.').waitFor();

  // Suspended: signed out at once, and the password no longer signs in.
  await admin.getByRole('button', { name: 'Account opschorten' }).click();
  await admin.getByRole('status').getByText('Mo Manager is opgeschort').waitFor();
  await admin.getByRole('button', { name: 'Account weer toelaten' }).waitFor();
  await expectNoAxeViolations(admin);
  await manager.goto('/beheer/gebruikers');
  await manager.waitForURL(/\/inloggen\?terug=/);
  await manager.getByLabel('E-mailadres').fill(managerEmail);
  await manager.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
  await manager.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await manager.getByRole('alert').getByText('Uw account is geschorst').waitFor();

  // Reactivated: signs in again (password, then the app's code).
  await admin.getByRole('button', { name: 'Account weer toelaten' }).click();
  await admin.getByRole('status').getByText('Mo Manager is weer toegelaten.').waitFor();
  await manager.reload();
  await manager.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await signInWithPassword(manager, managerEmail);

  for (const page of [admin, manager]) {
    assert.deepEqual(page.problems, [], page.problems.join('\n'));
    await page.context().close();
  }
});

test('the back office is closed to a manager', async () => {
  const page = await freshPage(browser);
  const path = adminCreate(`bea-${Date.now()}@klant.example`, 'Bea Beheer');
  await setUpAccount(page, path);
  await page.goto('/backoffice/beheerders');
  await heading(page, 'Geen toegang');
  await page.getByText('Alleen beheerders van de backoffice (admins)').waitFor();
  await expectNoAxeViolations(page);
  await page.context().close();
});
