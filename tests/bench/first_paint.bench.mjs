// Content before the WASM (issue 18, item 1), run by `cargo xtask bench`: each entry page on a
// slow phone, as Lighthouse's mobile run emulates one (DevTools protocol: 150 ms round trip,
// 1.6 Mbit/s down, 750 kbit/s up, the CPU 4× slower), with an empty cache, against the test
// server (MIDDELPUNT_E2E_URL) serving the release SPA. Per page, the medians over RUNS fresh
// tabs of:
//   first paint  the browser's first contentful paint;
//   heading      the page's `<h1>` laid out (the prerendered one; drawn at the next paint);
//   app          the app in charge: its WASM has run and taken the prerendered copy over;
//   without      the heading without the copy, as before the prerender: for a visitor who chose
//                English, who gets none (xtask/prerender.mjs), the app draws it.
// Figures only, no bound: the machine running it sets them.
import { baseUrl as baseURL, launch } from '../e2e/support.mjs';

const RUNS = Number(process.env.MIDDELPUNT_BENCH_RUNS ?? 3);
const PAGES = ['/', '/prijzen', '/privacy', '/activeren/een-token-uit-de-mail'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One load of `path` on the emulated phone: the times in ms from navigation start. */
async function load(browser, path, { english = false } = {}) {
  const context = await browser.newContext({ baseURL, locale: 'nl-NL', viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (english) await page.addInitScript(() => localStorage.setItem('middelpunt.lang', 'en'));
  await page.addInitScript(() => {
    window.__times = {};
    const check = () => {
      const h1 = document.querySelector('main h1');
      if (window.__times.heading === undefined && h1 && h1.checkVisibility()) {
        window.__times.heading = performance.now();
      }
      if (window.__times.app === undefined && window.wasmBindings && !document.getElementById('prerendered')) {
        window.__times.app = performance.now();
      }
      if (window.__times.heading === undefined || window.__times.app === undefined) requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await page.goto(path);
  await page.waitForFunction(() => window.__times.heading !== undefined && window.__times.app !== undefined, null, {
    timeout: 60_000,
  });
  const times = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ...window.__times,
  }));
  await context.close();
  return times;
}

const browser = await launch();
try {
  console.log(`entry pages on an emulated slow phone (150 ms, 1.6 Mbit/s, CPU 4×), median of ${RUNS}:`);
  console.log('  page                                   first paint   heading       app   without');
  for (const path of PAGES) {
    const runs = [];
    const english = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await load(browser, path));
      english.push(await load(browser, path, { english: true }));
    }
    const [paint, heading, app] = ['paint', 'heading', 'app'].map((k) => median(runs.map((r) => r[k])));
    const without = median(english.map((r) => r.heading));
    const ms = (t) => `${Math.round(t)} ms`.padStart(10);
    console.log(`  ${path.padEnd(38)} ${ms(paint)}  ${ms(heading)}  ${ms(app)}  ${ms(without)}`);
  }
} finally {
  await browser.close();
}
