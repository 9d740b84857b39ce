// Issue 8, hours of use: one page autoplays scenarios in a loop (every preset, at 8×, segments
// dropped by clicking them, the language switched, the keyboard used) for SOAK_SECONDS
// (default 300), and its memory must stay flat: no leaked intervals, listeners or nodes.
//
// Measured after a forced garbage collection (CDP HeapProfiler.collectGarbage), always in the
// same resting state (classic close, at the start, English, paused), so the numbers compare:
//   JS heap        Runtime.getHeapUsage usedSize
//   WASM memory    the module's memory.buffer.byteLength (it only grows, so growth is a leak)
//   elements       document.getElementsByTagName('*').length
//   DOM nodes, JS event listeners   Memory.getDOMCounters (detached nodes count too)
// The baseline is taken after one warm-up pass over every preset; the final values must be at
// most 1.2× the baseline. Both are printed.
//
//   SOAK_SECONDS=30 node --test web/e2e/soak.test.mjs     a quick run

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems, frames, shot, startApp } from './helpers.mjs';
import { cspViolations, mb, memory, openWatched } from './probe.mjs';

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const PRESETS = ['classic', 'three', 'simultaneous', 'lost_fin', 'lost_ack', 'half_close', 'no_tw', 'abort'];
const FACTOR = 1.2;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

const playing = (page) =>
  page.evaluate(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'true');

/** Plays at 8× from the start until playback stops by itself (or `limit` ms, then pauses). */
async function playThrough(page, limit = 15_000) {
  await page.click('[data-testid=to-start]');
  await page.selectOption('[data-testid=speed]', '8');
  await page.click('[data-testid=play]');
  await page
    .waitForFunction(
      () => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false',
      null,
      { timeout: limit },
    )
    .catch(async () => {
      if (await playing(page)) await page.click('[data-testid=play]');
    });
}

/** One scenario's workout: play it, drop a segment by clicking it, play again, undo. */
async function workout(page, preset, round) {
  await page.click(`[data-testid=preset-${preset}]`);
  await playThrough(page);
  const sent = await page.$$eval('[data-testid=arrow]', (els) => els.map((el) => el.dataset.n));
  if (sent.length) {
    // Drop a segment (a different one each round) by clicking its arrow, and watch the recovery.
    const n = sent[round % sent.length];
    await page.click(`[data-testid=arrow][data-n="${n}"] .hit`, { force: true });
    await playThrough(page);
    // Scrub with the keyboard while it plays, then pause.
    await page.click('[data-testid=to-start]');
    await page.keyboard.press('Space');
    await frames(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    if (await playing(page)) await page.keyboard.press('Space');
    // (A locator, not page.$(): an ElementHandle would keep its node alive, a leak of the test's.)
    if (await page.locator('[data-testid=drops-clear]').count()) await page.click('[data-testid=drops-clear]');
  }
  // Switch the language back and forth (every text of the page is redrawn).
  await page.click(`[data-testid=lang-${round % 2 ? 'en' : 'zh'}]`);
}

/** The resting state every measurement is taken in. */
async function rest(page) {
  if (await playing(page)) await page.click('[data-testid=play]');
  await page.click('[data-testid=preset-classic]');
  await page.click('[data-testid=lang-en]');
  await page.click('[data-testid=to-start]');
  await frames(page);
}

const show = (m) =>
  `JS heap ${mb(m.jsHeap)}, WASM ${mb(m.wasm)}, ${m.nodes} elements (${m.docNodes} nodes) in the ` +
  `document, ${m.domNodes} DOM nodes alive, ${m.listeners} listeners`;

test(`${SOAK_SECONDS} s of autoplay keeps the JS heap, WASM memory and DOM flat`, async () => {
  const { page, problems, dialogs, close } = await openWatched(app, '');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const start = await memory(page, cdp);

  // Warm-up: every preset once (caches, lazily built tables, the first timelines).
  for (const [i, preset] of PRESETS.entries()) await workout(page, preset, i);
  await rest(page);
  const baseline = await memory(page, cdp);

  const deadline = Date.now() + SOAK_SECONDS * 1000;
  let round = 0;
  let scenarios = PRESETS.length;
  const samples = [];
  while (Date.now() < deadline) {
    for (const preset of PRESETS) {
      if (Date.now() >= deadline) break;
      await workout(page, preset, round);
      scenarios += 1;
    }
    round += 1;
    {
      await rest(page);
      const m = await memory(page, cdp);
      samples.push(m);
      console.log(`  round ${round}, ${Math.max(0, Math.round((deadline - Date.now()) / 1000))} s left: ${show(m)}`);
    }
  }
  await rest(page);
  const final = await memory(page, cdp);

  console.log(`soak: ${SOAK_SECONDS} s, ${round} rounds, ${scenarios} scenarios played`);
  console.log(`  at start:      ${show(start)}`);
  console.log(`  after warm-up: ${show(baseline)}`);
  console.log(`  at the end:    ${show(final)}`);
  await shot(page, 'soak-end');

  for (const [what, key] of [
    ['JS heap', 'jsHeap'],
    ['WASM memory', 'wasm'],
    ['elements', 'nodes'],
    ['DOM nodes', 'domNodes'],
    ['JS event listeners', 'listeners'],
  ]) {
    assert.ok(
      final[key] <= baseline[key] * FACTOR,
      `${what} grew from ${baseline[key]} to ${final[key]} (more than ${FACTOR}×)`,
    );
  }
  assert.ok(baseline.wasm > 0, 'the WASM memory could not be read');
  assert.ok(scenarios > PRESETS.length, 'the loop played nothing after the warm-up');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await cspViolations(page), []);
  assertNoProblems(problems);
  await close();
});
