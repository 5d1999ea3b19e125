// Content before the WASM (see src/prerender.rs): runs the built SPA in headless Chromium
// against a server started for it, and keeps what the app drew as HTML in `dist/`.
//
//   node xtask/prerender.mjs BASE_URL DIST CHROMIUM
//
// Writes DIST/prerendered/<slug>.html for the public pages (home as `index`, `prijzen`, one per
// fragment of DIST/content/nl/), each with a data block of what it was drawn from, and puts each
// app's first screen into its entry page: the activation's neutral "Uitnodiging voor
// eHerkenning", Beheer's and the wizard's state before the session is known, and for the main
// app's other pages (index.html) the frame with an empty main. The app's own output, so nothing
// can drift from it; every control is disabled, since nothing works before the app takes over.
//
// Called by `cargo xtask` (xtask/src/prerender.rs) after Trunk and before compressing.

import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, dist, executablePath] = process.argv.slice(2);
if (!base || !dist || !executablePath) {
  console.error('usage: node xtask/prerender.mjs BASE_URL DIST CHROMIUM');
  process.exit(2);
}

const START = '<!--prerendered-->';
const END = '<!--/prerendered-->';
// src/prerender.rs: WRAPPER_ID and DATA_ID.
const WRAPPER_ID = 'prerendered';
const DATA_ID = 'prerendered-data';

// The prerendered copy is Dutch: a visitor who chose another language (src/i18n.rs keeps the
// choice under this key) gets none, rather than Dutch that turns English. It runs before the
// copy is parsed, so that no frame drawn while the page parses shows it: the class hides it
// (style/components.css) until the app removes it. Allowed by the Content-Security-Policy
// through its hash, as Trunk's loader is (the server hashes the inline scripts of the pages it
// sends).
const NOT_DUTCH = `<script>try{if((localStorage.getItem('middelpunt.lang')||'nl')!=='nl')document.documentElement.classList.add('not-dutch')}catch(e){}</script>`;

/** `html` without what an earlier run put into it. */
function withoutPrerendered(html) {
  const start = html.indexOf(START);
  const end = html.indexOf(END);
  return start < 0 || end < start ? html : html.slice(0, start) + html.slice(end + END.length);
}

/** The entry page `template` with the drawn `body` (and its data) at the start of its body. */
function pageFrom(template, { body, title }, data) {
  const at = template.indexOf('<body>');
  if (at < 0) throw new Error('an entry page without <body>: not a page Trunk built');
  const cut = at + '<body>'.length;
  const block = data
    ? `<script type="application/json" id="${DATA_ID}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`
    : '';
  const page = `${template.slice(0, cut)}${START}${NOT_DUTCH}<div id="${WRAPPER_ID}">${body}</div>${block}${END}${template.slice(cut)}`;
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return page.replace(/<title>[^<]*<\/title>/, `<title>${escaped}</title>`);
}

/** What the app drew as it shows, every control disabled; with `emptyMain` the frame only. */
async function snapshot(page, { emptyMain = false } = {}) {
  // Two frames after the last change, so that what was scheduled is drawn.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  return page.evaluate((emptyMain) => {
    const body = document.body.cloneNode(true);
    // What is not shown goes: scripts, hidden parts, and the renderer's placeholder comments.
    for (const node of body.querySelectorAll('script, noscript, [hidden]')) node.remove();
    const comments = document.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
    const placeholders = [];
    while (comments.nextNode()) placeholders.push(comments.currentNode);
    for (const comment of placeholders) comment.remove();
    for (const control of body.querySelectorAll('button, input, select, textarea')) {
      control.setAttribute('disabled', '');
    }
    if (emptyMain) {
      // The frame stands for any page of the app: no link in it is the current page.
      body.querySelector('main')?.replaceChildren();
      for (const link of body.querySelectorAll('[aria-current]')) link.removeAttribute('aria-current');
    }
    return { body: body.innerHTML, title: emptyMain ? 'Middelpunt' : document.title };
  }, emptyMain);
}

async function getText(path) {
  const response = await fetch(new URL(path, base));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const failures = [];
const written = [];
const started = performance.now();

/** A fresh Dutch tab on `path`; with `hold` every API request stays unanswered. */
async function open(path, { hold = false } = {}) {
  const context = await browser.newContext({ baseURL: base, locale: 'nl-NL', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => failures.push(`${path}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !hold) failures.push(`${path}: ${message.text()}`);
  });
  if (hold) await page.route('**/api/**', () => {});
  await page.goto(path);
  // The app has mounted once the prerendered copy (if any) is gone and its main is there.
  await page.waitForFunction((id) => !document.getElementById(id) && document.querySelector('main'), WRAPPER_ID);
  return page;
}

try {
  const templates = Object.fromEntries(
    ['index.html', 'activation.html', 'order.html', 'manage.html'].map((entry) => [
      entry,
      withoutPrerendered(readFileSync(join(dist, entry), 'utf8')),
    ]),
  );

  // The public pages, each drawn with its data.
  const pages = [
    { path: '/', slug: 'index', data: async () => null },
    { path: '/prijzen', slug: 'prijzen', data: async () => ({ prices: JSON.parse(await getText('/api/v1/prices')) }) },
    ...readdirSync(join(dist, 'content', 'nl'))
      .filter((name) => name.endsWith('.html'))
      .map((name) => {
        const slug = name.slice(0, -'.html'.length);
        return { path: `/${slug}`, slug, data: async () => ({ content: await getText(`/content/nl/${name}`) }) };
      }),
  ];
  const outputs = [];
  for (const { path, slug, data } of pages) {
    const page = await open(path);
    await page.waitForLoadState('networkidle');
    await page.locator('main h1').waitFor();
    const drawn = await snapshot(page);
    const extra = await data();
    outputs.push([join(dist, 'prerendered', `${slug}.html`), pageFrom(templates['index.html'], drawn, extra && { path, ...extra })]);
    await page.context().close();
  }

  // Each app's first screen, as it is while its requests are under way.
  const shells = [
    // An invitation's link: the token is stored and the view asked for.
    { entry: 'activation.html', path: '/activeren/prerender', ready: 'main [role=status]' },
    { entry: 'manage.html', path: '/beheer', ready: 'main [role=status]' },
    { entry: 'order.html', path: '/bestellen/organisatie', ready: 'main' },
  ];
  for (const { entry, path, ready } of shells) {
    const page = await open(path, { hold: true });
    await page.locator(ready).first().waitFor();
    outputs.push([join(dist, entry), pageFrom(templates[entry], await snapshot(page))]);
    await page.context().close();
  }
  const home = await open('/');
  outputs.push([join(dist, 'index.html'), pageFrom(templates['index.html'], await snapshot(home, { emptyMain: true }))]);
  await home.context().close();

  if (failures.length > 0) throw new Error(`the app reported problems:\n${failures.join('\n')}`);
  mkdirSync(join(dist, 'prerendered'), { recursive: true });
  for (const [file, html] of outputs) {
    writeFileSync(file, html);
    written.push(file);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`prerendered ${written.length} pages in ${seconds} s: ${written.map((f) => f.slice(dist.length + 1)).join(', ')}`);
} finally {
  await browser.close();
}
