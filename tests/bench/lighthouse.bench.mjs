// Lighthouse's mobile run on every public page (issue 18, item 8), run by `cargo xtask bench`:
// the release SPA served by the test server (MIDDELPUNT_E2E_URL), Lighthouse's command line
// (MIDDELPUNT_LIGHTHOUSE, installed by xtask under the target directory) with Debian's Chromium
// (MIDDELPUNT_E2E_CHROMIUM), its default mobile settings: a mid-range phone on slow 4G,
// simulated. Prints the performance score and its metrics per page, and the element Lighthouse
// took as the largest contentful paint; the exit code is 1 when a page's layout shifts at all
// (CLS above 0) or Lighthouse fails three times on a page.
import { spawnSync } from 'node:child_process';
import { FOOTER_PAGES } from '../e2e/support.mjs';

const base = process.env.MIDDELPUNT_E2E_URL;
const lighthouse = process.env.MIDDELPUNT_LIGHTHOUSE;
const PAGES = ['/', '/prijzen', ...FOOTER_PAGES.map((p) => p.path)];

/** Lighthouse's report of `path`, run again (up to 3 times) when its trace fails, as it sometimes does (`NO_NAVSTART`). */
function report(path) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return lighthouseRun(path);
    } catch (error) {
      if (attempt === 3) throw error;
      console.log(`${error.message.split('\n')[0]}: once more`);
    }
  }
}

function lighthouseRun(path) {
  const run = spawnSync(
    process.execPath,
    [
      lighthouse,
      new URL(path, base).href,
      '--quiet',
      '--chrome-flags=--headless --no-sandbox --disable-gpu',
      '--only-categories=performance',
      '--output=json',
      '--output-path=stdout',
    ],
    {
      env: { ...process.env, CHROME_PATH: process.env.MIDDELPUNT_E2E_CHROMIUM ?? '/usr/bin/chromium' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    },
  );
  if (run.status !== 0) throw new Error(`Lighthouse failed on ${path}: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout);
}

function audit(path) {
  const lh = report(path);
  const a = lh.audits;
  const lcpItem = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  return {
    path,
    score: lh.categories.performance.score * 100,
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    lcpElement: lcpItem?.selector ?? '',
  };
}

const results = PAGES.map(audit);
console.log('\nLighthouse 12, mobile (simulated slow 4G, mid-range phone), performance');
console.log(
  `${'page'.padEnd(24)} ${'score'.padStart(5)} ${'FCP ms'.padStart(7)} ${'LCP ms'.padStart(7)} ${'CLS'.padStart(6)} ${'TBT ms'.padStart(7)}  LCP element`,
);
for (const r of results) {
  console.log(
    `${r.path.padEnd(24)} ${r.score.toFixed(0).padStart(5)} ${r.fcp.toFixed(0).padStart(7)} ${r.lcp.toFixed(0).padStart(7)} ${r.cls.toFixed(3).padStart(6)} ${r.tbt.toFixed(0).padStart(7)}  ${r.lcpElement}`,
  );
}
const shifting = results.filter((r) => r.cls > 0);
console.log(shifting.length ? `MISSED: layout shift on ${shifting.map((r) => r.path).join(', ')}` : 'CLS 0 on every public page: ok');
process.exit(shifting.length ? 1 : 0);
