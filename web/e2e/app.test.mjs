// Issue 4's end-to-end checks: a learner plays, steps, breaks and shares a close, against the
// release build (dist/) in Debian's Chromium. Every check also fails on any console error,
// page error, failed request or HTTP error. Screenshots: web/e2e/screenshots/app-*.png
//
// DOM contract used here, beyond the one in foundation.test.mjs:
//   [data-testid=arrow]        also data-from ("client"/"server") and data-retransmission
//   [data-testid=flight]       a segment in flight on the stage (button), data-n, data-dropped
//   [data-testid=clock]        the playback time, "1.100 s"
//   [data-testid=narration]    the sentences for the current step
//   [data-testid=speed]        <select> of speeds (value "0.25" … "8")
//   [data-testid=compress]     "compress idle time" checkbox
//   [data-testid=state-diagram] the RFC 9293 diagram; g.node[data-state] with classes
//                              at-client / at-server
//   [data-testid=timer]        a countdown ring, data-host, data-timer (retransmit, time_wait, …)
//   scenario controls: close-client / close-server / close-both, call-close / call-shutdown
//   (buttons), stack (select), gap, msl, delay,
//   rto, dack, loss, finwait2 (range 0–1000 on a curved scale), msl-2 / msl-30 / msl-120
//   (presets), seed, data (number inputs), tw, reopen (checkboxes), abort (select),
//   drop-chip (data-n), drops-clear, preset-<name>, reset, copy-link, shape

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  arrows,
  assertNoProblems,
  openPage,
  shot,
  startApp,
  text,
  texts,
  waitUntil,
  READY,
  waitForParam,
} from './helpers.mjs';

const HAN = /[\u4e00-\u9fff]/g;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** The query string the address bar holds now, parsed. */
async function linkParams(page) {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

async function arrowsFull(page) {
  const list = await page.$$eval('[data-testid=arrow]', (els) =>
    els.map((el) => ({
      n: Number(el.dataset.n),
      from: el.dataset.from,
      flags: el.dataset.flags,
      dropped: el.dataset.dropped,
      retransmission: el.dataset.retransmission,
    })),
  );
  return list.sort((a, b) => a.n - b.n);
}

async function isPlaying(page) {
  return (await page.getAttribute('[data-testid=play]', 'aria-pressed')) === 'true';
}

/** Plays from where playback is until it stops by itself at the end. */
async function playToEnd(page, speed = '8') {
  await page.selectOption('[data-testid=speed]', speed);
  if (!(await isPlaying(page))) await page.click('[data-testid=play]');
  await waitUntil(
    page,
    () => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false',
    null,
    'playback did not reach the end',
    60_000,
  );
}

test('playing the default close to the end: both CLOSED, four segments', async () => {
  const { page, problems, close } = await openPage(app, '');
  assert.equal(await text(page, '[data-testid=state-client]'), 'ESTABLISHED');
  assert.equal((await arrows(page)).length, 0, 'nothing is sent before the first close');
  await page.click('[data-testid=play]');
  assert.ok(await isPlaying(page), 'Play starts playback');
  // Playback moves on by itself (requestAnimationFrame), and the badge follows.
  await waitUntil(
    page,
    () => document.querySelector('[data-testid=state-client]').textContent === 'FIN-WAIT-1',
    null,
    'the client never entered FIN-WAIT-1 while playing',
    10_000,
  );
  await shot(page, 'app-playing');
  await playToEnd(page);
  assert.equal(await text(page, '[data-testid=state-client]'), 'CLOSED');
  assert.equal(await text(page, '[data-testid=state-server]'), 'CLOSED');
  const drawn = await arrowsFull(page);
  assert.deepEqual(
    drawn.map((a) => `${a.from}:${a.flags}`),
    ['client:FIN,ACK', 'server:ACK', 'server:FIN,ACK', 'client:ACK'],
  );
  assert.equal(await text(page, '[data-testid=clock]'), '5.100 s');
  // Paused at the end, the link carries the moment.
  await waitForParam(page, 't', '5100');
  // Both hosts are highlighted on CLOSED in the state diagram.
  const closed = await page.getAttribute('[data-testid=state-diagram] .node[data-state=CLOSED]', 'class');
  assert.match(closed, /at-client/);
  assert.match(closed, /at-server/);
  await shot(page, 'app-default-end');
  assertNoProblems(problems);
  await close();
});

test('dropping the final ACK by clicking its arrow: the FIN is retransmitted and re-ACKed', async () => {
  const { page, problems, close } = await openPage(app, '?t=999999');
  await page.click('[data-testid=arrow][data-n="4"] .hit', { force: true });
  await waitUntil(
    page,
    () => document.querySelector('[data-testid=arrow][data-n="4"]')?.dataset.dropped === 'true',
    null,
    'segment 4 was not marked dropped',
  );
  await waitForParam(page, 'drop', '4');
  // Playback position is kept; the recomputed timeline is longer, so go to its end.
  assert.equal(await text(page, '[data-testid=clock]'), '5.100 s');
  await page.click('[data-testid=to-end]');
  const drawn = await arrowsFull(page);
  const fins = drawn.filter((a) => a.from === 'server' && a.flags.includes('FIN'));
  assert.equal(fins.length, 2, `the server sends its FIN twice: ${JSON.stringify(drawn)}`);
  assert.equal(fins[1].retransmission, 'true');
  const after = drawn.filter((a) => a.n > fins[1].n);
  assert.deepEqual(
    after.map((a) => `${a.from}:${a.flags}:${a.dropped}`),
    ['client:ACK:false'],
    'the client ACKs the retransmitted FIN again',
  );
  assert.equal(await text(page, '[data-testid=state-client]'), 'CLOSED');
  assert.equal(await text(page, '[data-testid=state-server]'), 'CLOSED');
  await shot(page, 'app-drop-final-ack');
  // Clicking the dropped arrow again restores it.
  await page.click('[data-testid=to-end]');
  await page.click('[data-testid=arrow][data-n="4"] .hit', { force: true });
  await waitUntil(
    page,
    () => document.querySelectorAll('[data-testid=arrow]').length <= 4,
    null,
    'restoring segment 4 did not give back the four-segment close',
  );
  await waitForParam(page, 'drop', null);
  assertNoProblems(problems);
  await close();
});

test('a segment in flight on the stage can be clicked to lose it; playback stays at the same moment', async () => {
  const { page, problems, close } = await openPage(app, '?t=1050');
  const chip = '[data-testid=flight][data-n="3"]';
  await page.waitForSelector(chip);
  await page.click(chip);
  await waitUntil(
    page,
    (sel) => document.querySelector(sel)?.dataset.dropped === 'true',
    chip,
    'the FIN in flight was not marked lost',
  );
  assert.equal(await text(page, '[data-testid=clock]'), '1.050 s');
  await waitForParam(page, 'drop', '3');
  // At its drop point the narration says it was lost and names the RTO.
  assert.match(await text(page, '[data-testid=narration]'), /FIN was lost.*RTO of 1 s/);
  await shot(page, 'app-drop-in-flight');
  assertNoProblems(problems);
  await close();
});

test('simultaneous close from the controls: CLOSING on both sides', async () => {
  const { page, problems, close } = await openPage(app, '');
  await page.click('[data-testid=close-both]');
  await waitForParam(page, 'close', 'both');
  assert.match(await text(page, '[data-testid=shape]'), /Simultaneous/);
  await page.click('[data-testid=to-end]');
  for (const host of ['client', 'server']) {
    const labels = await texts(page, `[data-testid=ladder-state][data-host=${host}]`);
    assert.ok(labels.includes('CLOSING'), `${host}: ${JSON.stringify(labels)}`);
    assert.ok(labels.includes('TIME-WAIT'), `${host}: ${JSON.stringify(labels)}`);
  }
  // Step back to the moment both are in CLOSING: the badges and the diagram agree.
  let seen = false;
  for (let i = 0; i < 40 && !seen; i++) {
    await page.click('[data-testid=step-prev]');
    seen =
      (await text(page, '[data-testid=state-client]')) === 'CLOSING' &&
      (await text(page, '[data-testid=state-server]')) === 'CLOSING';
  }
  assert.ok(seen, 'stepping back never showed CLOSING on both badges');
  const node = await page.getAttribute('[data-testid=state-diagram] .node[data-state=CLOSING]', 'class');
  assert.match(node, /at-client/);
  assert.match(node, /at-server/);
  await shot(page, 'app-simultaneous');
  assertNoProblems(problems);
  await close();
});

test('a shared link reproduces the same scenario and moment', async () => {
  const first = await openPage(app, '');
  const { page } = first;
  await page.click('[data-testid=msl-30]');
  await page.click('[data-testid=close-server]');
  // A half-close: the server's application calls shutdown(SHUT_WR) and still reads the
  // client's data (after close() that data would be answered with RST).
  await page.click('[data-testid=call-shutdown]');
  await page.fill('[data-testid=data]', '2');
  await page.press('[data-testid=data]', 'Enter');
  await page.click('[data-testid=to-end]');
  // Lose the first segment the client sends after its application closes.
  const firstClientFin = (await arrowsFull(page)).find((a) => a.from === 'client' && a.flags.includes('FIN'));
  await page.click(`[data-testid=arrow][data-n="${firstClientFin.n}"] .hit`, { force: true });
  await page.click('[data-testid=step-prev]');
  await page.click('[data-testid=step-prev]');
  const clockNow = await text(page, '[data-testid=clock]');
  const tNow = String(Math.round(parseFloat(clockNow) * 1000));
  await waitForParam(page, 't', tNow);
  const params = await linkParams(page);
  assert.equal(params.msl, '30');
  assert.equal(params.close, 'server');
  assert.equal(params.call, 'shutdown');
  assert.equal(params.data, '2');
  assert.equal(params.drop, String(firstClientFin.n));
  assert.ok(Number(params.t) > 0, `the link holds the moment: ${page.url()}`);
  const before = {
    arrows: await arrowsFull(page),
    client: await text(page, '[data-testid=state-client]'),
    server: await text(page, '[data-testid=state-server]'),
    clock: await text(page, '[data-testid=clock]'),
    narration: await text(page, '[data-testid=narration]'),
  };
  const shared = page.url();
  assertNoProblems(first.problems);
  await first.close();

  const second = await openPage(app, shared);
  const p2 = second.page;
  assert.deepEqual(
    {
      arrows: await arrowsFull(p2),
      client: await text(p2, '[data-testid=state-client]'),
      server: await text(p2, '[data-testid=state-server]'),
      clock: await text(p2, '[data-testid=clock]'),
      narration: await text(p2, '[data-testid=narration]'),
    },
    before,
  );
  assert.equal(p2.url(), shared, 'opening the link does not rewrite it');
  assert.equal(await p2.$('[data-testid=notice]'), null);
  await shot(p2, 'app-shared-link');
  assertNoProblems(second.problems);
  await second.close();
});

test('a malformed link names each bad key, uses the defaults, and can be dismissed', async () => {
  const { page, problems, close } = await openPage(app, '?msl=abc&drop=x&close=sideways&zzz=1&t=999999');
  const notice = await page.waitForSelector('[data-testid=notice]');
  const said = await notice.innerText();
  for (const key of ['msl', 'drop', 'close', 'zzz']) {
    assert.match(said, new RegExp(`\\b${key}\\b`), `the notice does not name ${key}: ${said}`);
  }
  // Defaults: the classic four-segment close.
  assert.deepEqual(
    (await arrows(page)).map((a) => a.flags),
    ['FIN,ACK', 'ACK', 'FIN,ACK', 'ACK'],
  );
  await shot(page, 'app-malformed-link');
  await page.click('[data-testid=notice] .dismiss');
  assert.equal(await page.$('[data-testid=notice]'), null);
  // The address bar holds a clean link.
  await waitForParam(page, 'msl', null);
  assert.deepEqual(await linkParams(page), { t: '5100' });
  assertNoProblems(problems);
  await close();
});

test('keyboard: space plays and pauses, arrows step, Tab reaches controls with a visible focus', async () => {
  const { page, problems, close } = await openPage(app, '');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '[data-testid=clock]'), '0.000 s');
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '[data-testid=clock]'), '0.100 s');
  assert.equal(await text(page, '[data-testid=state-server]'), 'CLOSE-WAIT');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await text(page, '[data-testid=clock]'), '0.000 s');

  await page.keyboard.press('Space');
  assert.ok(await isPlaying(page), 'space did not start playback');
  await waitUntil(page, () => document.querySelector('[data-testid=clock]').textContent !== '0.000 s', null, 'playback did not move');
  await page.keyboard.press('Space');
  assert.ok(!(await isPlaying(page)), 'space did not pause');

  // Tab order reaches the play button, and focus is drawn.
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.dataset?.testid === 'play');
  }
  assert.ok(reached, 'Tab never reached the play button');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused button shows no focus ring');
  // Enter on the focused button plays (the page shortcut does not also fire).
  await page.keyboard.press('Enter');
  assert.ok(await isPlaying(page));
  await page.keyboard.press('Enter');
  assert.ok(!(await isPlaying(page)));

  // A drawn arrow is focusable, and Enter drops it.
  await page.click('[data-testid=to-end]');
  await page.focus('[data-testid=arrow][data-n="2"]');
  await page.keyboard.press('Enter');
  await waitUntil(
    page,
    () => document.querySelector('[data-testid=arrow][data-n="2"]')?.dataset.dropped === 'true',
    null,
    'Enter on a focused arrow did not drop it',
  );
  await shot(page, 'app-keyboard');
  assertNoProblems(problems);
  await close();
});

test('switching to Chinese changes the UI text, the link, and survives a reload', async () => {
  const { page, problems, close } = await openPage(app, '?t=1100');
  const english = await text(page, '[data-testid=narration]');
  assert.doesNotMatch(english, HAN);
  await page.click('[data-testid=lang-zh]');
  await waitUntil(page, () => document.documentElement.lang === 'zh-CN', null, '<html lang> is not zh-CN');
  const chinese = await text(page, '[data-testid=narration]');
  assert.ok((chinese.match(HAN) ?? []).length > 10, `narration is not Chinese: ${chinese}`);
  assert.ok(chinese.includes('TIME-WAIT'), 'RFC state names stay as the RFC spells them');
  assert.match(await page.getAttribute('[data-testid=play]', 'aria-label'), HAN);
  assert.match(await page.innerText('.controls'), HAN);
  await waitForParam(page, 'lang', 'zh');
  assert.match(await page.title(), HAN);
  await shot(page, 'app-chinese');
  await page.reload();
  await page.waitForSelector(READY);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await text(page, '[data-testid=narration]'), chinese);
  assertNoProblems(problems);
  await close();
});

test('compress idle time: a 4-minute TIME-WAIT plays in seconds, and the axis says it skipped', async () => {
  const { page, problems, close } = await openPage(app, '?msl=120&t=1200');
  const skipped = await page.$$eval('[data-testid=ladder] .skip text', (els) => els.map((e) => e.textContent));
  assert.ok(skipped.some((s) => /min.*skipped/.test(s)), `no skip mark: ${JSON.stringify(skipped)}`);
  await page.selectOption('[data-testid=speed]', '4');
  const started = Date.now();
  await page.click('[data-testid=play]');
  await waitUntil(
    page,
    () => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false',
    null,
    'a 240 s TIME-WAIT did not finish in 20 s of playback',
    20_000,
  );
  assert.ok(Date.now() - started < 20_000);
  assert.equal(await text(page, '[data-testid=state-client]'), 'CLOSED');
  assert.equal(await text(page, '[data-testid=clock]'), '241.100 s');
  assertNoProblems(problems);
  await close();
});

test('phone width: no sideways scrolling, compact ladder; dark theme and reduced motion', async () => {
  const context = await app.browser.newContext({
    viewport: { width: 360, height: 740 },
    colorScheme: 'dark',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${app.url}?t=1150&drop=4`);
  await page.waitForSelector(READY);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  assert.match(await page.getAttribute('[data-testid=ladder]', 'class'), /compact/);
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.notEqual(bg, 'rgb(244, 245, 248)', 'dark theme not applied');
  // Reduced motion: playing jumps from event to event instead of flying.
  await page.click('[data-testid=play]');
  await waitUntil(
    page,
    () => parseFloat(document.querySelector('[data-testid=clock]').textContent) > 1.15,
    null,
    'playback did not move',
  );
  await page.click('[data-testid=play]');
  // Every event of this scenario falls on a whole 100 ms; a flying playback would stop between.
  const clock = await text(page, '[data-testid=clock]');
  assert.match(clock, /^\d+\.\d00 s$/, `playback stopped between events: ${clock}`);
  assert.ok(parseFloat(clock) > 1.15, `playback did not move: ${clock}`);
  await shot(page, 'app-phone-dark');
  assert.deepEqual(problems, []);
  await context.close();
});

test('while playing, the clock, the scrubber, the ladder and the timer ring show the same moment in every frame', async () => {
  // Between discrete changes the App does not render: the moving parts are painted from the
  // frame loop (ui::Playhead). Sample 40 frames of the default close and check they agree.
  const { page, problems, close } = await openPage(app, '');
  await page.click('[data-testid=play]');
  const frames = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const out = [];
        const sample = () => {
          const timer = document.querySelector('[data-testid=timer][data-timer=retransmit] .ring-left');
          out.push({
            clock: document.querySelector('[data-testid=clock]').textContent,
            label: document.querySelector('.now-label')?.textContent,
            scrub: Number(document.querySelector('[data-testid=scrubber]').value),
            now: document.querySelector('.ladder .now').getAttribute('transform'),
            clip: Number(document.querySelector('#ladder-clip rect').getAttribute('height')),
            rto: timer?.textContent ?? null,
          });
          if (out.length < 40) requestAnimationFrame(() => setTimeout(sample, 0));
          else resolve(out);
        };
        requestAnimationFrame(() => setTimeout(sample, 0));
      }),
  );
  const ms = (clock) => Math.round(Number(clock.replace('−', '-').replace(' s', '')) * 1000);
  let moved = 0;
  for (const [i, f] of frames.entries()) {
    const t = ms(f.clock);
    assert.equal(f.label, f.clock, `frame ${i}: the ladder's label says the clock's time`);
    assert.equal(f.scrub, t, `frame ${i}: the scrubber is at the clock's time`);
    const y = Number(f.now.match(/translate\(0 ([-\d.]+)\)/)[1]);
    assert.ok(Math.abs(f.clip - (Math.max(y, 0) + 0.5)) < 0.11, `frame ${i}: the ink is clipped at the now line`);
    // The client's RTO runs from its FIN at 0 ms for 1 s.
    if (f.rto !== null && t > 0 && t < 1000) assert.equal(f.rto, `${1000 - t} ms left`, `frame ${i}: ${JSON.stringify(f)}`);
    if (i > 0 && f.clock !== frames[i - 1].clock) moved += 1;
  }
  assert.ok(moved >= 30, `the clock moved in ${moved} of 39 frames`);
  assertNoProblems(problems);
  await close();
});
