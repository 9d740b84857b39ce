// Which frames are slow, and when: plays a scenario of the release build (dist/) and records,
// for every animation frame the page asks for, its script time (the rAF callback plus the
// microtasks it queued, where Yew renders: the same measure as scripts/bench.mjs's "script per
// frame") and the playback clock shown before it. Prints the median, p99 and the slowest
// frames with their clock, so a slow frame can be matched to the events of the timeline
// (`teardown simulate QUERY`). Presses Play again when playback ends, as the benchmark does.
//
//   trunk build --release && node scripts/bench-frames.mjs ['data=20&loss=30&close=both'] [seconds]
//
// Measured with it (docs/performance.md): the tail is the first frame after each Replay and the
// burst at t = 0–0.2 s of a simultaneous close.

import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, DIST, serveStatic } from '../web/e2e/helpers.mjs';

const query = process.argv[2] ?? 'data=20&loss=30&close=both';
const seconds = Number(process.argv[3] ?? 20);

const server = await serveStatic(DIST);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    const S = (window.__frames = { recording: false, rows: [] });
    window.requestAnimationFrame = (cb) =>
      raf((ts) => {
        if (!S.recording) return cb(ts);
        const clock = document.querySelector('[data-testid=clock]')?.textContent;
        const start = performance.now();
        cb(ts);
        queueMicrotask(() => S.rows.push([performance.now() - start, clock]));
      });
  });
  const page = await context.newPage();
  await page.goto(`${server.url}?${query}`, { waitUntil: 'load' });
  await page.waitForSelector('html[data-app=ready]', { state: 'attached' });
  await page.evaluate(() => (window.__frames.recording = true));
  await page.click('[data-testid=play]');
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      const play = document.querySelector('[data-testid=play]');
      if (play.getAttribute('aria-pressed') !== 'true') play.click();
    });
  }
  const rows = await page.evaluate(() => window.__frames.rows);
  const sorted = rows.map((r) => r[0]).sort((a, b) => a - b);
  const q = (p) => sorted[Math.floor(p * (sorted.length - 1))] ?? NaN;
  console.log(`?${query}, ${seconds} s: ${rows.length} frames, script median ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms`);
  const over = (ms) => sorted.filter((v) => v > ms).length;
  console.log(`frames over 2 ms: ${over(2)}, over 3 ms: ${over(3)}, over 4 ms: ${over(4)} (1 % is ${Math.ceil(rows.length / 100)})`);
  console.log('slowest frames (ms, clock before the frame):');
  for (const [ms, clock] of rows.sort((a, b) => b[0] - a[0]).slice(0, 20)) {
    console.log(`${ms.toFixed(1).padStart(6)}  ${clock}`);
  }
} finally {
  await browser.close();
  await server.close();
}
