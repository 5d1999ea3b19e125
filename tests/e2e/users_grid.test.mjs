// The users grid of wizard step 4 with a full list (issue 10, item 6): at 1280 px every column
// of 100 typical users is readable without scrolling sideways; the name stays in view when a
// narrower window makes the grid scroll; a row's own problem is text in the row; on a phone the
// users are cards that open for editing, an error summary link opens the card of its field,
// and nothing scrolls sideways. axe (WCAG 2.2 AA) finds nothing in each state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, launch } from './support.mjs';
import { csv, hundred, openUsersStep, typicalRow } from './users_step.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function upload(page, name, buffer) {
  await page.getByLabel('Kies een bestand').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

/** Waits until the list holds `n` users, the last one's last cell rendered. */
async function listOf(page, n) {
  await page.getByRole('heading', { level: 2, name: `Gebruikers in deze aanvraag (${n})` }).waitFor();
  await page.locator('.users-table tbody tr.users-table__row').nth(n - 1).locator('.users-table__input--employed').waitFor({ state: 'attached' });
}

/** Where the grid's region and its headers are, and whether it scrolls sideways. */
async function layout(page) {
  return page.locator('.users-grid').evaluate((region) => {
    const box = region.getBoundingClientRect();
    return {
      right: box.right,
      scrollWidth: region.scrollWidth,
      clientWidth: region.clientWidth,
      headers: [...region.querySelectorAll('thead th')].map((th) => ({
        text: th.textContent.trim(),
        right: th.getBoundingClientRect().right,
      })),
      pageScrollWidth: document.documentElement.scrollWidth,
    };
  });
}

test('at 1280 px 100 typical users fit: every column readable, nothing hidden, the name stays', async () => {
  const page = await openUsersStep(browser, { viewport: { width: 1280, height: 800 } });
  await upload(page, 'honderd.csv', hundred());
  await listOf(page, 100);

  const at = await layout(page);
  for (const header of at.headers) {
    assert.ok(header.right <= at.right + 0.5, `column "${header.text}" is off-screen: ${header.right} > ${at.right}`);
  }
  assert.ok(at.scrollWidth <= at.clientWidth + 1, `the grid scrolls sideways: ${at.scrollWidth} > ${at.clientWidth}`);
  assert.ok(at.pageScrollWidth <= 1280, `the page scrolls sideways: ${at.pageScrollWidth}`);

  // Every value of the first row (the example) is readable in full: nothing cut off.
  const cut = await page.locator('.users-table tbody tr.users-table__row').first().evaluate((row) =>
    [...row.querySelectorAll('.users-table__input')]
      .filter((input) => input.scrollWidth > input.clientWidth + 1 || input.scrollHeight > input.clientHeight + 1)
      .map((input) => `${input.getAttribute('aria-label')}: ${input.value}`),
  );
  assert.deepEqual(cut, [], 'values cut off');
  assert.equal(
    await page.getByLabel('E-mailadres, rij 1', { exact: true }).inputValue(),
    'johannes.vandervries@gemeente-rotterdam.nl',
  );
  // "Verwijderen" is in view on arrival.
  const remove = await page.locator('#user-1-remove').boundingBox();
  assert.ok(remove.x + remove.width <= 1280, `Verwijderen is off-screen: ${JSON.stringify(remove)}`);
  await expectNoAxeViolations(page, '1280 px, 100 users');

  // Keyboard: Tab goes from a cell to the next one in the row.
  await page.getByLabel('Achternaam, rij 1', { exact: true }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Geboortedatum, rij 1');

  // Narrower: when the grid scrolls sideways, the row number and first names stay in view.
  await page.setViewportSize({ width: 1024, height: 800 });
  const scrolled = await page.locator('.users-grid').evaluate(async (region) => {
    region.scrollLeft = region.scrollWidth;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const input = document.getElementById('user-1-first-names');
    const box = input.getBoundingClientRect();
    const regionBox = region.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {
      scrolls: region.scrollWidth > region.clientWidth,
      scrollLeft: region.scrollLeft,
      inView: box.left >= regionBox.left - 0.5 && box.right <= regionBox.right + 0.5,
      onTop: hit === input,
    };
  });
  if (scrolled.scrolls) {
    assert.ok(scrolled.scrollLeft > 0, JSON.stringify(scrolled));
    assert.ok(scrolled.inView && scrolled.onTop, `the name left the view: ${JSON.stringify(scrolled)}`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('when the grid scrolls, a cell reached by keyboard is never under the sticky name (WCAG 2.2, focus not obscured)', async () => {
  const page = await openUsersStep(browser, { viewport: { width: 800, height: 800 } });
  await upload(page, 'honderd.csv', hundred());
  await listOf(page, 100);
  const grid = page.locator('.users-grid');
  assert.ok(await grid.evaluate((g) => g.scrollWidth > g.clientWidth), 'the grid scrolls sideways at 800 px');
  await grid.evaluate((g) => {
    g.scrollLeft = g.scrollWidth;
  });
  // From the row's last control back to the first cell after the sticky columns, by Shift+Tab.
  await page.locator('#user-1-remove').focus();
  const covered = [];
  for (let step = 0; step < 12; step++) {
    await page.keyboard.press('Shift+Tab');
    const seen = await page.evaluate(() => {
      const el = document.activeElement;
      const box = el.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return { label: el.getAttribute('aria-label') ?? el.id, onTop: el === hit || el.contains(hit) };
    });
    if (!seen.onTop) covered.push(seen.label);
    if (seen.label === 'Tussenvoegsel, rij 1') break;
  }
  assert.deepEqual(covered, [], 'focused cells hidden under the sticky columns');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Tussenvoegsel, rij 1');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a row of its own problem (the same person twice) says so in the row, as text', async () => {
  const page = await openUsersStep(browser, { viewport: { width: 1280, height: 800 } });
  const jan = typicalRow(0);
  await upload(page, 'dubbel.csv', csv([jan, typicalRow(1), { ...jan, email: 'j.vandervries@gemeente-rotterdam.nl', mobile: '06 87654321' }]));
  await listOf(page, 3);
  const message = page.locator('#user-3-row-error');
  await message.waitFor();
  assert.ok(await message.isVisible(), 'the message is visible');
  assert.match(await message.textContent(), /Johannes Pieter van der Vries-Bakker, geboren 15-03-1985, staat ook op rij 1/);
  // In the row: right under row 3, tied to its "Verwijderen".
  const [row, line] = await Promise.all([
    page.locator('tr.users-table__row').nth(2).boundingBox(),
    message.boundingBox(),
  ]);
  assert.ok(Math.abs(line.y - (row.y + row.height)) <= 2, `under its row: ${JSON.stringify({ row, line })}`);
  assert.equal(await page.locator('#user-3-remove').getAttribute('aria-describedby'), 'user-3-row-error');
  await expectNoAxeViolations(page, 'a row-level problem');

  // Removing row 3 takes its message along.
  await page.locator('#user-3-remove').click();
  await message.waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('on a phone (360 px) every user is a card that opens for editing; a summary link opens its card', async () => {
  const page = await openUsersStep(browser, { viewport: { width: 360, height: 740 } });
  // Row 3 has a landline as mobile number.
  await upload(page, 'honderd.csv', hundred((i, row) => (i === 2 ? { ...row, mobile: '020 1234567' } : row)));
  await listOf(page, 100);
  const cards = page.locator('.users-card');
  assert.equal(await cards.count(), 100);
  assert.equal(await cards.filter({ visible: true }).count(), 100, 'every person has a visible card');
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= 360, `the page scrolls sideways: ${widths}`);
  const third = page.locator('tr.users-table__row').nth(2);
  assert.match(await third.locator('.users-card').textContent(), /1 fout/);
  assert.ok(!(await page.locator('#user-3-mobile').isVisible()), 'fields stay closed');
  await expectNoAxeViolations(page, 'cards');

  // The error summary's link opens the card and focuses the field.
  const link = page.getByRole('alert').getByRole('link', { name: /^Rij 3, mobiel nummer: 020 1234567 is een vast nummer/ });
  await link.click();
  await page.waitForFunction(() => document.activeElement?.id === 'user-3-mobile');
  assert.ok(await page.locator('#user-3-mobile').isVisible());
  assert.equal(await third.locator('.users-card__edit').getAttribute('aria-expanded'), 'true');
  await expectNoAxeViolations(page, 'an open card');

  // Fixed there: the error goes, the card says so.
  await page.locator('#user-3-mobile').fill('06 23456789');
  await page.waitForFunction(() => !document.getElementById('user-3-mobile')?.hasAttribute('aria-invalid'));
  assert.match(await third.locator('.users-card__counts').textContent(), /Geen fouten/);

  // Keyboard: "Wijzigen" of row 5 opens with Enter; Tab reaches its first field.
  const fifth = page.locator('tr.users-table__row').nth(4);
  const edit = fifth.getByRole('button', { name: /^Wijzigen/ });
  await edit.focus();
  await page.keyboard.press('Enter');
  assert.equal(await edit.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'user-5-first-names');
  assert.ok(!(await page.locator('#user-3-mobile').isVisible()), 'the other card closed');
  const open = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(open[0] <= 360, `an open card scrolls sideways: ${open}`);

  // Removing works from the card.
  await fifth.getByRole('button', { name: /^Verwijderen/ }).click();
  await page.getByRole('heading', { level: 2, name: 'Gebruikers in deze aanvraag (99)' }).waitFor();
  assert.equal(await cards.count(), 99);
  await expectNoAxeViolations(page, 'after removing');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
