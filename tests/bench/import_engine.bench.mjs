// The import engine against the fastest JavaScript CSV parsers, in the same Chromium (issue 10,
// item 9), run by `cargo xtask bench` (or alone: `cargo xtask bench engine`). The release SPA is
// served by the test server (MIDDELPUNT_E2E_URL).
//
// - Middelpunt: the import worker as the order wizard starts it, posted the file's bytes as the
//   page posts them (copied, not transferred), with the row and size limits lifted for this
//   benchmark only; timed until the validated report (every value checked and normalised, every
//   finding in Dutch) has arrived in the page, as the bytes the page decodes
//   (`domain::import::wire`).
// - uDSV and Papaparse (npm, in the page's main thread, so without a thread crossing): the same
//   bytes decoded as Windows-1252 (the file's encoding, which the engine detects itself) and
//   parsed into arrays of strings; nothing is checked.
//
// The files are `;`-separated as Dutch Excel saves them, of distinct people with typical values,
// at 1 MB and 10 MB. Each run times every contender once, in turn; the table shows medians. The
// exit code is 1 when the engine is not faster than both on both files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { baseUrl as baseURL, launch } from '../e2e/support.mjs';
import { HEADER } from '../e2e/users_step.mjs';

const RUNS = Number(process.env.MIDDELPUNT_BENCH_RUNS ?? 7);
const SIZES = [
  ['1 MB', 1_000_000],
  ['10 MB', 10_000_000],
];
const nodeModule = (path) => readFileSync(fileURLToPath(new URL(`../../node_modules/${path}`, import.meta.url)), 'utf8');

const FIRST = ['Johannes Pieter', 'Anna Maria', 'Willem', 'Fatima', 'Sven', 'Zoë', 'Mohamed', 'Els'];
const LAST = ['Vries-Bakker', 'Jansen', 'Dijk', 'Bos', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bakker'];
const PLACES = ['Rotterdam', 'Utrecht', 'Den Haag', 'Zwolle', 'Groningen', 'Eindhoven'];
const pad = (n, width) => String(n).padStart(width, '0');
const DAY = 86_400_000;
const FIRST_BIRTH = Date.UTC(1950, 0, 1);
const BIRTH_DAYS = 18_000;

/**
 * A users file of at least `size` bytes: a birth date per row over 49 years, the names changing
 * every 18,000 rows, so no two rows are the same person (which the engine would report).
 */
function usersFile(size) {
  const lines = [HEADER];
  let bytes = HEADER.length;
  for (let i = 0; bytes < size; i += 1) {
    const n = Math.floor(i / BIRTH_DAYS);
    const born = new Date(FIRST_BIRTH + (i % BIRTH_DAYS) * DAY);
    const line = [
      FIRST[n % FIRST.length],
      Math.floor(n / FIRST.length) % 3 === 0 ? 'van der' : '',
      LAST[Math.floor(n / (FIRST.length * 3)) % LAST.length],
      `${pad(born.getUTCDate(), 2)}-${pad(born.getUTCMonth() + 1, 2)}-${born.getUTCFullYear()}`,
      PLACES[i % PLACES.length],
      `medewerker.${pad(i, 6)}@gemeente-rotterdam.nl`,
      `06 ${pad(10_000_000 + i, 8)}`,
      i % 7 === 0 ? 'N' : 'J',
    ].join(';');
    lines.push(line);
    bytes += line.length + 2;
  }
  return { bytes: Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'), rows: lines.length - 1 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** In the page: the worker, started and listening, and the three contenders. */
async function preparePage(page) {
  await page.goto('/');
  await page.addScriptTag({ content: nodeModule('udsv/dist/uDSV.iife.min.js') });
  await page.addScriptTag({ content: nodeModule('papaparse/papaparse.min.js') });
  await page.evaluate(async () => {
    const worker = new Worker('/import_worker_loader.js');
    await new Promise((resolve) => {
      worker.onmessage = (event) => event.data === 'ready' && resolve();
    });
    const today = new Date().toISOString().slice(0, 10);
    const decode = (bytes) => new TextDecoder('windows-1252').decode(bytes);
    window.__contenders = {
      /** The worker's round trip; checks that the report holds every row, all valid. */
      async middelpunt(bytes, rows) {
        const start = performance.now();
        const answer = new Promise((resolve) => {
          worker.onmessage = (event) => resolve(event.data);
        });
        worker.postMessage([bytes, 'gebruikers.csv', 'nl', today, undefined, 1e9, 1e9]);
        const report = await answer;
        const ms = performance.now() - start;
        if (!(report instanceof Uint8Array)) throw new Error(`the worker answered ${report}`);
        const view = new DataView(report.buffer, report.byteOffset);
        const magic = String.fromCharCode(...report.subarray(0, 4));
        // MPI1, ok, no file errors, no file warnings, no mapping, then the row count.
        const [ok, errors, warnings, mapping, count] = [
          report[4],
          view.getUint32(5, true),
          view.getUint32(9, true),
          report[13],
          view.getUint32(14, true),
        ];
        if (magic !== 'MPI1' || ok !== 1 || errors || warnings || mapping || count !== rows) {
          throw new Error(`unexpected report: ${JSON.stringify({ magic, ok, errors, warnings, mapping, count, rows })}`);
        }
        return ms;
      },
      async udsv(bytes, rows) {
        const start = performance.now();
        const text = decode(bytes);
        const parser = uDSV.initParser(uDSV.inferSchema(text));
        const parsed = parser.stringArrs(text);
        const ms = performance.now() - start;
        if (parsed.length !== rows) throw new Error(`uDSV read ${parsed.length} rows of ${rows}`);
        return ms;
      },
      async papaparse(bytes, rows) {
        const start = performance.now();
        const parsed = Papa.parse(decode(bytes), { delimiter: ';', skipEmptyLines: true });
        const ms = performance.now() - start;
        if (parsed.data.length !== rows + 1) throw new Error(`Papaparse read ${parsed.data.length} rows of ${rows + 1}`);
        return ms;
      },
    };
  });
}

const CONTENDERS = ['middelpunt', 'udsv', 'papaparse'];
const LABELS = { middelpunt: 'Middelpunt: read + validate, worker round trip', udsv: 'uDSV 0.7.3: parse only', papaparse: 'Papaparse 5.7.1: parse only' };

const browser = await launch();
const times = {};
try {
  const context = await browser.newContext({ baseURL, bypassCSP: true });
  const page = await context.newPage();
  await preparePage(page);
  for (const [label, size] of SIZES) {
    const { bytes, rows } = usersFile(size);
    // The file is sent once; every run starts from this copy in the page.
    await page.evaluate(
      ([b64]) => {
        window.__file = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      },
      [bytes.toString('base64')],
    );
    times[label] = Object.fromEntries(CONTENDERS.map((c) => [c, []]));
    for (let run = 0; run < RUNS + 1; run += 1) {
      for (const name of CONTENDERS) {
        const ms = await page.evaluate(([name, rows]) => window.__contenders[name](window.__file, rows), [name, rows]);
        // The first run warms up every contender (compilation, the engine's tables).
        if (run > 0) times[label][name].push(ms);
      }
    }
    times[label].meta = { bytes: bytes.length, rows };
  }
  await context.close();
} finally {
  await browser.close();
}

console.log(`\nimport engine against JavaScript CSV parsers in Chromium (median of ${RUNS} runs)`);
console.log(`${'file'.padEnd(8)} ${'contender'.padEnd(48)} ${'ms'.padStart(8)} ${'MB/s'.padStart(8)}`);
let ok = true;
for (const [label] of SIZES) {
  const { bytes, rows } = times[label].meta;
  const m = Object.fromEntries(CONTENDERS.map((c) => [c, median(times[label][c])]));
  for (const name of CONTENDERS) {
    const mbs = bytes / 1e6 / (m[name] / 1e3);
    console.log(`${label.padEnd(8)} ${LABELS[name].padEnd(48)} ${m[name].toFixed(1).padStart(8)} ${mbs.toFixed(0).padStart(8)}`);
  }
  const faster = m.middelpunt < m.udsv && m.middelpunt < m.papaparse;
  ok &&= faster;
  console.log(
    `${label.padEnd(8)} ${`${rows} rows: Middelpunt ${(m.udsv / m.middelpunt).toFixed(2)}× uDSV's speed, ${(m.papaparse / m.middelpunt).toFixed(2)}× Papaparse's`.padEnd(57)} ${faster ? 'ok' : 'MISSED'}`,
  );
}
console.log(`runs: ${JSON.stringify(Object.fromEntries(SIZES.map(([l]) => [l, Object.fromEntries(CONTENDERS.map((c) => [c, times[l][c].map((x) => Math.round(x * 10) / 10)]))])))}`);
process.exit(ok ? 0 : 1);
