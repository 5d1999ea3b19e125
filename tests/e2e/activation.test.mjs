// The user's side of an order (issue 5), on a phone-sized screen: the demo manager orders EH3
// for an employee (J) and a non-employee (N). Each opens the invitation link from the
// development mailbox in a fresh browser at 360×740, checks their details and mobile number,
// types the SMS code (the employee first types a wrong one), accepts the terms and orders. The
// employee gets the means at once and the manager is mailed; the non-employee lands on
// "Identificatie vereist" until the demo operator records a successful identification, after
// which the manager is mailed too. Also: the link's error pages, and the operator pages refused
// to the manager. axe on every page; nothing scrolls sideways at 360 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  e164,
  freshPage,
  launch,
  takenOver,
  waitForMessage,
} from './support.mjs';

const MANAGER = { email: 'beheerder@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };
const OPERATOR = { email: 'operator@demo.middelpunt.nl', password: 'Middelpunt-demo-2026' };
const PHONE = { width: 360, height: 740 };

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const digits = (n) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');
const EMPLOYEE = {
  first_names: 'Jan Pieter',
  infix: 'van',
  last_name: 'Dijk',
  birth_date: '15-03-1985',
  birth_place: 'Utrecht',
  email: `jan.${run}@voorbeeld.nl`,
  mobile: `061${digits(7)}`,
  employed: 'J',
};
const OTHER = {
  first_names: 'Anna Maria',
  infix: 'de',
  last_name: 'Vries',
  birth_date: '12-12-1988',
  birth_place: 'Den Haag',
  email: `anna.${run}@voorbeeld.nl`,
  mobile: `062${digits(7)}`,
  employed: 'N',
};

let browser;
let manager;
const links = {};

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await takenOver(page);
}

/** axe, and (on a phone) no sideways scrolling. */
async function checkPage(page) {
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
}

async function logIn(page, who, path = '/inloggen') {
  await page.goto(path);
  await heading(page, 'Inloggen');
  await page.getByLabel('E-mailadres').fill(who.email);
  await page.getByLabel('Wachtwoord').fill(who.password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
}

/** Places the order through the page's own session (CSRF token from `GET /api/v1/session`). */
async function placeOrder(page, users) {
  return page.evaluate(async (users) => {
    const session = await (await fetch('/api/v1/session')).json();
    const response = await fetch('/api/v1/orders', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRF-Token': session.csrf_token,
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: JSON.stringify({
        kvk_number: '68750110',
        level: 'EH3',
        users,
        authorisations: {
          kind: 'selected',
          providers: [],
          services: ['belastingdienst.mijn-zakelijk', 'uwv.werkgeversportaal'],
        },
        term: 3,
        accepted_terms: true,
      }),
    });
    return { status: response.status, body: await response.json() };
  }, users);
}

/** The path of the invitation link in the user's e-mail. */
async function invitationPath(page, user) {
  const mail = await waitForMessage(page, user.email, (m) => m.kind === 'email' && /\/activeren\//.test(m.text));
  const match = mail.text.match(/\/activeren\/[A-Za-z0-9_-]+/);
  assert.ok(match, 'the invitation holds the link');
  return match[0];
}

/** The newest SMS code sent to `mobile`, other than `previous`. */
async function smsCode(page, mobile, previous) {
  const sms = await waitForMessage(page, e164(mobile), (m) => {
    if (m.kind !== 'sms') return false;
    const code = m.text.match(/\b(\d{6})\b/)?.[1];
    return code && code !== previous;
  });
  return sms.text.match(/\b(\d{6})\b/)[1];
}

/** Opens the link and goes through gegevens → mobiel → code → overzicht → Bestel. */
async function activate(page, user, { wrongCodeFirst = false } = {}) {
  await page.goto(links[user.email]);

  // Step 1: the token leaves the address bar; the details as the manager entered them.
  await heading(page, 'Controleer uw gegevens');
  assert.match(page.url(), /\/activeren\/gegevens$/);
  assert.equal(
    await page.evaluate(() => sessionStorage.getItem('middelpunt.activation-token')),
    links[user.email].split('/').pop(),
  );
  await page.getByText('Uw e-mailadres is bevestigd').waitFor();
  const main = page.getByRole('main');
  assert.match(await main.textContent(), new RegExp(user.birth_date));
  assert.match(await main.textContent(), new RegExp(user.email.replace(/\./g, '\\.')));
  assert.match(await main.textContent(), /Test BV Donald/);
  assert.match(await main.textContent(), /Belastingdienst: Mijn Belastingdienst Zakelijk/);
  assert.match(await main.textContent(), /3 jaar/);
  await page.getByRole('link', { name: 'Bea Beheerder' }).first().waitFor();
  await checkPage(page);
  await page.getByRole('button', { name: 'Volgende' }).click();

  // Step 2: the mobile number; the heading takes focus.
  await heading(page, 'Controleer uw mobiele nummer');
  await page.waitForFunction(() => document.activeElement?.id === 'page-heading');
  await page.getByText(`06 ${user.mobile.slice(2)}`).waitFor();
  await page.getByText('Klopt dit nummer niet?').waitFor();
  await checkPage(page);
  await page.getByRole('button', { name: 'Volgende' }).click();

  // Step 3: the code from the SMS.
  await heading(page, 'Vul de sms-code in');
  const field = page.getByLabel('SMS-code');
  assert.equal(await field.getAttribute('inputmode'), 'numeric');
  assert.equal(await field.getAttribute('autocomplete'), 'one-time-code');
  const resend = page.getByRole('button', { name: 'Stuur een nieuwe code' });
  assert.equal(await resend.getAttribute('aria-disabled'), 'true', 'a new code only after a minute');
  await page.getByText(/U kunt over \d+ seconden een nieuwe code laten sturen/).waitFor();
  const code = await smsCode(page, user.mobile);
  await checkPage(page);
  if (wrongCodeFirst) {
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await field.fill(wrong);
    await page.getByRole('button', { name: 'Volgende' }).click();
    const message = 'Deze code klopt niet. Controleer de sms en probeer het opnieuw: u kunt het nog 4 keer proberen.';
    await page.getByRole('alert').getByRole('link', { name: message }).waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    assert.equal(await field.inputValue(), wrong, 'what the user typed stays');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match(await page.title(), /^Fout: /);
    // Too early for a new code: said, not sent (the button stays focusable, so by keyboard).
    await resend.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /U heeft net een code gekregen\. Wacht nog \d+ seconden/ }).waitFor();
    await checkPage(page);
  }
  await field.fill(` ${code.slice(0, 3)} ${code.slice(3)} `);
  await page.getByRole('button', { name: 'Volgende' }).click();

  // Step 4: the overview, the terms, "Bestel".
  await heading(page, 'Controleer uw aanvraag');
  assert.match(await main.textContent(), /\(bevestigd\)/);
  await page.getByRole('button', { name: 'Bestel' }).click();
  await page.getByRole('link', { name: 'Ga akkoord met de Gebruiksvoorwaarden om te bestellen' }).waitFor();
  await checkPage(page);
  await page.getByLabel('Ik ga akkoord met de Gebruiksvoorwaarden').check();
  await page.getByRole('button', { name: 'Bestel' }).click();
}

test('the demo manager orders for an employee and a non-employee', async () => {
  manager = await freshPage(browser);
  await logIn(manager, MANAGER);
  await heading(manager, 'eHerkenning voor uw hele organisatie');
  const placed = await placeOrder(manager, [EMPLOYEE, OTHER]);
  assert.ok([200, 201].includes(placed.status), JSON.stringify(placed.body));
  for (const user of [EMPLOYEE, OTHER]) {
    links[user.email] = await invitationPath(manager, user);
  }
});

test('the employee activates on a phone and has eHerkenning at once; the manager is mailed', async () => {
  const page = await freshPage(browser, { viewport: PHONE });
  await activate(page, EMPLOYEE, { wrongCodeFirst: true });

  await heading(page, 'U beschikt nu over eHerkenning');
  const main = await page.getByRole('main').textContent();
  assert.match(main, /EHM-/);
  assert.match(main, /Geldig vanaf/);
  assert.match(main, /Geldig tot en met/);
  assert.match(main, /UWV: Werkgeversportaal/);
  // The journey ends in use: how to log in at EH3 (password and an SMS code to this number),
  // where (the websites of the services' providers), what the number is for, until when, whom
  // to ask.
  const how = page.getByRole('heading', { level: 2, name: 'Zo logt u in' });
  await how.waitFor();
  assert.match(main, new RegExp(`Log in met uw e-mailadres ${EMPLOYEE.email.replace(/\./g, '\\.')} en uw wachtwoord\\. Daarna krijgt u een sms-code op`));
  assert.equal(await page.getByRole('link', { name: 'Belastingdienst' }).getAttribute('href'), 'https://www.belastingdienst.nl');
  assert.equal(await page.getByRole('link', { name: 'UWV' }).getAttribute('href'), 'https://www.uwv.nl');
  assert.match(main, /EHM-[A-Z0-9-]+ is het nummer van uw eHerkenningsmiddel, het EHM-nummer\. U heeft het niet nodig om in te loggen\./);
  await page.getByRole('heading', { level: 2, name: /^Geldig tot en met \d{1,2} \w+ \d{4}$/ }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'neem contact met ons op' }).getAttribute('href'), '/contact');
  await checkPage(page);

  await waitForMessage(manager, MANAGER.email, (m) => m.kind === 'email'
    && m.subject?.includes('uitgegeven aan Jan Pieter van Dijk'));

  // The link has done its work.
  await page.goto(links[EMPLOYEE.email]);
  await heading(page, 'Deze aanvraag is al afgerond');
  await page.getByRole('link', { name: 'Bea Beheerder' }).waitFor();
  await checkPage(page);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the non-employee activates and learns that an identification comes first', async () => {
  const page = await freshPage(browser, { viewport: PHONE });
  await activate(page, OTHER);

  await heading(page, 'Identificatie vereist');
  const main = await page.getByRole('main').textContent();
  assert.match(main, /paspoort/);
  assert.match(main, /identiteitskaart/);
  assert.match(main, /rijbewijs/);
  assert.match(main, /videogesprek/);
  const deadline = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const month = deadline.toLocaleDateString('nl-NL', { month: 'long' });
  assert.match(main, new RegExp(`Uiterlijk \\d{1,2} ${month} ${deadline.getFullYear()}`));
  await checkPage(page);

  // Opening the step pages again shows where the request is.
  await page.goto('/activeren/code');
  await heading(page, 'Identificatie vereist');
  assert.match(page.url(), /\/activeren\/resultaat$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a link that does not work says so and what to do', async () => {
  const page = await freshPage(browser, { viewport: PHONE });
  // Every heading the page ever shows, seen as the DOM changes: the dead link must never flash
  // a step ("Controleer uw gegevens") before saying that it does not work.
  await page.addInitScript(() => {
    window.seenHeadings = [];
    new MutationObserver(() => {
      for (const h1 of document.querySelectorAll('main h1')) {
        const text = h1.checkVisibility() ? h1.textContent.trim() : '';
        if (text && window.seenHeadings.at(-1) !== text) window.seenHeadings.push(text);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.goto('/activeren/dit-is-geen-geldige-link');
  await heading(page, 'Deze link werkt niet');
  // The neutral heading of the page as prerendered (and of the app while it asks) may come
  // first; no step ever does.
  assert.deepEqual(
    (await page.evaluate(() => window.seenHeadings)).filter((h) => h !== 'Uitnodiging voor eHerkenning'),
    ['Deze link werkt niet'],
  );
  await page.getByText('Controleer of u de hele link uit de e-mail heeft aangeklikt of gekopieerd').waitFor();
  await checkPage(page);

  // Without any token in this tab: the same page, without asking the server.
  const fresh = await freshPage(browser, { viewport: PHONE });
  await fresh.goto('/activeren/mobiel');
  await heading(fresh, 'Deze link werkt niet');
  assert.deepEqual([...page.problems, ...fresh.problems], []);
  await page.context().close();
  await fresh.context().close();
});

test('the identification pages are refused to a manager', async () => {
  await manager.goto('/identificaties');
  await heading(manager, 'Geen toegang');
  await manager.getByText('U bent ingelogd als Bea Beheerder').waitFor();
  await expectNoAxeViolations(manager);
  const status = await manager.evaluate(async () => (await fetch('/api/v1/identifications')).status);
  assert.equal(status, 403);
  assert.equal(await manager.getByRole('link', { name: 'Identificaties' }).count(), 0);
});

test('the demo operator records a successful identification; the means is issued and the manager mailed', async () => {
  const page = await freshPage(browser);
  await logIn(page, OPERATOR, '/inloggen?terug=/identificaties');
  await heading(page, 'Identificaties');
  await page.getByRole('banner').getByRole('link', { name: 'Identificaties' }).waitFor();
  const name = 'Anna Maria de Vries';
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await row.waitFor();
  assert.match(await row.textContent(), /Test BV Donald/);
  await expectNoAxeViolations(page);

  // Narrow: the list reads as blocks, without sideways scrolling.
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole('link', { name }).click();
  await heading(page, 'Identificatie vastleggen');
  await page.getByText('12-12-1988').waitFor();
  // The record's heading takes focus once its data has come, as after every navigation.
  await page.waitForFunction(() => document.activeElement?.matches('main h1'));
  await expectNoAxeViolations(page);

  // Nothing chosen: every question in the error summary.
  await page.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
  await page.getByRole('link', { name: 'Kies hoe de persoon is geïdentificeerd' }).waitFor();
  await page.getByRole('link', { name: 'Kies de uitkomst' }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole('radio', { name: 'Via een videogesprek' }).check();
  await page.getByRole('radio', { name: 'Paspoort' }).check();
  await page.getByLabel('Laatste 4 tekens van het documentnummer').fill('ab12');
  await page.getByRole('group', { name: 'Komt de naam overeen met het identiteitsbewijs?' })
    .getByRole('radio', { name: 'Ja' }).check();
  await page.getByRole('group', { name: 'Komt de geboortedatum overeen met het identiteitsbewijs?' })
    .getByRole('radio', { name: 'Nee' }).check();
  await page.getByRole('radio', { name: 'Goedgekeurd: het middel uitgeven' }).check();
  // The server's rule: approving needs both matches.
  await page.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
  await page.getByRole('alert').getByRole('link').first().waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole('group', { name: 'Komt de geboortedatum overeen met het identiteitsbewijs?' })
    .getByRole('radio', { name: 'Ja' }).check();
  await page.getByRole('button', { name: 'Uitkomst vastleggen' }).click();

  await heading(page, 'Identificaties');
  await page.getByText(`De identificatie van ${name} is vastgelegd: het eHerkenningsmiddel is uitgegeven`).waitFor();
  assert.equal(await page.getByRole('link', { name }).count(), 0, 'no longer waiting');
  await expectNoAxeViolations(page);

  await waitForMessage(manager, MANAGER.email, (m) => m.kind === 'email'
    && m.subject?.includes(`uitgegeven aan ${name}`));
  assert.deepEqual(page.problems, []);
  await page.context().close();
  await manager.context().close();
});

// ----- The refusals, each with its own words: the API answered by the test (no server state) -----

const VIEW = {
  status: 'email_confirmed',
  user: {
    first_names: 'Jan Pieter', infix: 'van', last_name: 'Dijk', full_name: 'Jan Pieter van Dijk',
    birth_date: '1985-03-15', birth_place: 'Utrecht', email: 'jan@voorbeeld.nl',
    mobile: '+31612345678', employed: true,
  },
  organisation: { kvk_number: '68750110', name: 'Test BV Donald', branch_number: null },
  level: 'EH3',
  term_years: 3,
  authorisations: { all_services: true, items: [] },
  manager: { name: 'Bea Beheerder', email: 'beheerder@demo.middelpunt.nl' },
  invitation_expires_at: 1893456000,
  sms: { sent_at: 1, code_expires_at: 2, resend_at: 3, sends_left: 4, attempts_left: 5 },
  identification: null,
  means: null,
};

/** A phone-sized page whose activation API is `answer(method, path)` → [status, body]. */
async function mockedPage(answer) {
  const page = await freshPage(browser, { viewport: PHONE });
  await page.context().addInitScript(() => sessionStorage.setItem('middelpunt.activation-token', 'test-token'));
  await page.context().route('**/api/v1/activation**', async (route) => {
    const request = route.request();
    assert.equal(request.headers()['x-activation-token'], 'test-token', 'the token travels in its header');
    const [status, body] = answer(request.method(), new URL(request.url()).pathname);
    await route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  });
  return page;
}

const refusal = (code, details) => ({ code, message: `server: ${code}`, ...(details ? { details } : {}) });

test('every refusal of the SMS code says what happens next', async () => {
  const verifications = [
    [422, refusal('sms_code_wrong', { attempts_left: 1 }), 'Deze code klopt niet. U kunt het nog 1 keer proberen; daarna moet u een nieuwe code aanvragen.'],
    [429, refusal('sms_code_blocked'), 'U heeft 5 keer een verkeerde code ingevuld. Deze code werkt daarom niet meer: vraag een nieuwe code aan met ‘Stuur een nieuwe code’.'],
    [410, refusal('sms_code_expired'), 'Deze code is verlopen: een code is 10 minuten geldig. Vraag een nieuwe code aan met ‘Stuur een nieuwe code’.'],
    [409, refusal('sms_code_missing'), 'Er is nog geen code naar u gestuurd. Vraag een code aan met ‘Stuur een nieuwe code’.'],
  ];
  const sends = [
    [429, refusal('sms_hourly_limit', { retry_after_seconds: 545 }), 'U heeft in het afgelopen uur al 5 codes aangevraagd. Probeer het over 10 minuten opnieuw.'],
    [429, refusal('sms_resend_too_soon', { retry_after_seconds: 42 }), 'U heeft net een code gekregen. Wacht nog 42 seconden voordat u een nieuwe code aanvraagt.'],
  ];
  let verification = 0;
  let send = 0;
  const page = await mockedPage((method, path) => {
    if (path.endsWith('/verification')) return verifications[verification++].slice(0, 2);
    if (path.endsWith('/sms-code')) return sends[send++].slice(0, 2);
    return [200, VIEW];
  });
  await page.goto('/activeren/code');
  await heading(page, 'Vul de sms-code in');
  await page.getByText('gestuurd naar 06 12345678').waitFor();

  // Not six digits: said before asking the server.
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Vul de sms-code in' }).waitFor();
  await page.getByLabel('SMS-code').fill('12 34');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Vul de 6 cijfers van de sms-code in' }).waitFor();

  await page.getByLabel('SMS-code').fill('123-456');
  for (const [, , message] of verifications) {
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('alert').getByRole('link', { name: message }).waitFor();
    assert.equal(await page.getByLabel('SMS-code').inputValue(), '123-456');
  }
  await checkPage(page);
  for (const [, , message] of sends) {
    await page.getByRole('button', { name: 'Stuur een nieuwe code' }).click();
    await page.getByRole('alert').getByRole('link', { name: message }).waitFor();
  }
  await checkPage(page);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an expired or withdrawn link names the manager to ask', async () => {
  const manager = { name: 'Bea Beheerder', email: 'beheerder@demo.middelpunt.nl' };
  for (const [code, title, text] of [
    ['activation_expired', 'Deze link is verlopen', 'De uitnodiging was geldig tot 1 januari 2030.'],
    ['activation_cancelled', 'Deze aanvraag is geannuleerd', 'U hoeft niets te doen.'],
    ['activation_finished', 'Deze aanvraag is al afgerond', 'De identificatie is niet gelukt en de aanvraag is afgewezen.'],
  ]) {
    const status = code === 'activation_cancelled' ? 'cancelled' : code === 'activation_finished' ? 'rejected' : 'expired';
    const page = await mockedPage(() => [410, refusal(code, { status, at: 1893502800, manager })]);
    await page.goto('/activeren/gegevens');
    await heading(page, title);
    await page.getByText(text).waitFor();
    const link = page.getByRole('link', { name: 'Bea Beheerder' });
    assert.equal(await link.getAttribute('href'), 'mailto:beheerder@demo.middelpunt.nl');
    await checkPage(page);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
