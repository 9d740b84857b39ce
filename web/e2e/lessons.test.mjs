// Issue 5's end-to-end checks: the guided lessons, against the release build in Debian's
// Chromium. Every check also fails on any console error, page error, failed request or HTTP
// error. Screenshots: web/e2e/screenshots/lessons-*.png
//
// DOM contract used here:
//   [data-testid=lessons-open]     header button: opens the course (aria-pressed while open)
//   [data-testid=lesson-panel]     the lessons card (the list, or the current step)
//   [data-testid=lesson-list]      <ol> of lessons; [data-testid=lesson-item] buttons with
//                                  data-n (from 1) and data-done ("true"/"false")
//   [data-testid=lesson-progress]  "3 of 8 lessons done" (list) / "Lesson 1 of 8 · Step 2 of 6"
//   [data-testid=lesson-text]      the step's explanation
//   [data-testid=lesson-watching]  shown while playback runs to the step's stop;
//                                  [data-testid=lesson-jump] skips to the stop
//   [data-testid=lesson-question]  the prediction question (shown once playback has paused)
//   [data-testid=choice]           an answer button (no hint of which is right: pick by text)
//   [data-testid=lesson-feedback]  the explanation of the last answer, data-right="true"/"false"
//   [data-testid=lesson-next]      Continue / Skip question / Finish lesson
//   [data-testid=lesson-prev]      the previous step (disabled on step 1)
//   [data-testid=lesson-exit]      "Try it yourself" (in a step) / close (on the list)
//   [data-testid=lesson-all]       back to the list of lessons
//   [data-testid=lesson-more]      the "Learn more" line, on a lesson's last step
// Also used: arrow, flight, state-client, state-server, notice (see app.test.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  SCREENSHOTS,
  assertNoProblems,
  openPage,
  shot,
  startApp,
  text,
  texts,
  waitUntil,
  READY,
} from './helpers.mjs';

const HAN = /[\u4e00-\u9fff]/;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

async function params(page) {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

/** Waits until the step's question is shown (playback paused at the stop). */
async function question(page) {
  await page.waitForSelector('[data-testid=lesson-question]', { timeout: 20_000 });
}

/** The choice button whose text is `label`. */
function choice(page, label) {
  return page.locator('[data-testid=choice]', { hasText: label });
}

async function feedback(page) {
  const el = page.locator('[data-testid=lesson-feedback]');
  await el.waitFor();
  return { right: await el.getAttribute('data-right'), text: (await el.textContent()).trim() };
}

async function focusedTestId(page) {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
}

test('lesson 1: the course list, a wrong answer explained and retried, then right and on', async () => {
  const { page, problems, close } = await openPage(app, '', { viewport: { width: 1280, height: 800 } });
  await page.click('[data-testid=lessons-open]');
  await page.waitForSelector('[data-testid=lesson-list]');
  assert.equal((await texts(page, '[data-testid=lesson-item]')).length, 8);
  assert.equal(await text(page, '[data-testid=lesson-progress]'), '0 of 8 lessons done');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson-heading');
  await shot(page, 'lessons-list-1280x800');

  await page.click('[data-testid=lesson-item][data-n="1"]');
  assert.equal(await text(page, '[data-testid=lesson-progress]'), 'Lesson 1 of 8 · Step 1 of 6');
  assert.deepEqual(await params(page), { lesson: '1', step: '1' });
  await question(page);
  // Three answers, nothing says which is right.
  assert.deepEqual(await texts(page, '[data-testid=choice]'), ['A FIN', 'A RST', 'An ACK']);
  assert.equal(await page.locator('[data-correct]').count(), 0);
  // The ladder's faint arrows of segments still to come would give the answer away.
  assert.equal(await page.locator('[data-testid=ladder] .ghost').first().isVisible(), false);
  assert.match(await text(page, '[data-testid=lesson-next]'), /Skip question/);

  // Wrong: the short explanation and a way to try again; nothing else moves.
  await choice(page, 'A RST').click();
  let fb = await feedback(page);
  assert.equal(fb.right, 'false');
  assert.match(fb.text, /aborts the connection/);
  assert.match(fb.text, /Try again/);
  assert.match(await text(page, '[data-testid=lesson-next]'), /Skip question/);
  await shot(page, 'lessons-wrong-1280x800');

  // Right, by keyboard: the explanation, and focus moves to Continue.
  await choice(page, 'A FIN').focus();
  await page.keyboard.press('Enter');
  await waitUntil(
    page,
    () => document.querySelector('[data-testid=lesson-feedback]')?.dataset.right === 'true',
    null,
    'the right answer was not accepted',
  );
  fb = await feedback(page);
  assert.match(fb.text, /^✓ Right\. A FIN says/);
  assert.match(await text(page, '[data-testid=lesson-next]'), /Continue/);
  assert.equal(await focusedTestId(page), 'lesson-next');
  await page.keyboard.press('Enter');

  // Step 2: playback ran on to the FIN in flight; the client is in FIN-WAIT-1.
  assert.equal(await text(page, '[data-testid=lesson-progress]'), 'Lesson 1 of 8 · Step 2 of 6');
  await question(page);
  assert.equal(await text(page, '[data-testid=state-client]'), 'FIN-WAIT-1');
  assert.equal(await text(page, '[data-testid=state-server]'), 'ESTABLISHED');
  assert.equal(await page.locator('[data-testid=lesson-feedback]').count(), 0, 'a new step starts unanswered');
  await choice(page, 'CLOSED').click();
  assert.equal((await feedback(page)).right, 'false');
  await choice(page, 'CLOSE-WAIT').click();
  assert.equal((await feedback(page)).right, 'true');
  await shot(page, 'lessons-right-1280x800');
  await page.click('[data-testid=lesson-next]');

  // Step 3 shows the answer on the badges: the server is in CLOSE-WAIT.
  await question(page);
  assert.equal(await text(page, '[data-testid=lesson-progress]'), 'Lesson 1 of 8 · Step 3 of 6');
  assert.equal(await text(page, '[data-testid=state-server]'), 'CLOSE-WAIT');
  assert.equal(await text(page, '[data-testid=state-client]'), 'FIN-WAIT-1');
  assert.match(await text(page, '[data-testid=lesson-text]'), /ack=2/);
  assert.deepEqual(await params(page), { lesson: '1', step: '3' });

  // Back returns to step 2, unanswered.
  await page.click('[data-testid=lesson-prev]');
  assert.equal(await text(page, '[data-testid=lesson-progress]'), 'Lesson 1 of 8 · Step 2 of 6');
  await page.click('[data-testid=lesson-all]');
  await page.waitForSelector('[data-testid=lesson-list]');
  await waitUntil(page, () => !location.search.includes('lesson='), null, 'the list keeps lesson= in the link');
  assertNoProblems(problems);
  await close();
});

test('lesson 4: the click-the-segment question is answered by clicking arrow #4', async () => {
  const { page, problems, close } = await openPage(app, '?lesson=4&step=1');
  // Playback runs to the end of the close; skip the wait.
  await page.waitForSelector('[data-testid=lesson-watching]');
  await page.click('[data-testid=lesson-jump]');
  await question(page);
  assert.equal(await page.locator('[data-testid=choice]').count(), 0);
  // A wrong segment: explained, and not dropped.
  await page.click('[data-testid=arrow][data-n="1"]');
  let fb = await feedback(page);
  assert.equal(fb.right, 'false');
  assert.match(fb.text, /segment 1/);
  assert.match(fb.text, /click another segment/);
  assert.equal(await page.getAttribute('[data-testid=arrow][data-n="1"]', 'data-dropped'), 'false');
  // The final ACK.
  await page.click('[data-testid=arrow][data-n="4"]');
  fb = await feedback(page);
  assert.equal(fb.right, 'true');
  assert.equal(await page.getAttribute('[data-testid=arrow][data-n="4"]', 'data-dropped'), 'false');
  assert.equal((await params(page)).drop, undefined, 'answering never drops');
  await shot(page, 'lessons-click-segment');
  // Step 2 loses the final ACK.
  await page.click('[data-testid=lesson-next]');
  await question(page);
  assert.equal((await params(page)).drop, '4');
  assert.equal(await page.getAttribute('[data-testid=arrow][data-n="4"]', 'data-dropped'), 'true');

  // Try it yourself: free play, same scenario, same moment.
  const clock = await text(page, '[data-testid=clock]');
  await page.click('[data-testid=lesson-exit]');
  await page.waitForSelector('[data-testid=lesson-panel]', { state: 'detached' });
  assert.equal(await text(page, '[data-testid=clock]'), clock);
  await waitUntil(page, () => new URLSearchParams(location.search).has('t'), null, 'no t in the link');
  const p = await params(page);
  assert.equal(p.drop, '4');
  assert.equal(p.lesson, undefined);
  // Clicks drop segments again.
  await page.click('[data-testid=arrow][data-n="1"]');
  await waitUntil(page, () => new URLSearchParams(location.search).get('drop') === '1,4', null, 'no drop');
  assertNoProblems(problems);
  await close();
});

test('a lesson link opens its step: ?lesson=7&step=1 asks about CLOSING', async () => {
  const { page, problems, close } = await openPage(app, '?lesson=7&step=1');
  assert.equal(await text(page, '[data-testid=lesson-progress]'), 'Lesson 7 of 8 · Step 1 of 3');
  // Opened from a link, the page keeps its normal start: the focus is not moved.
  assert.ok(await page.evaluate(() => document.activeElement === document.body));
  await question(page);
  assert.ok((await texts(page, '[data-testid=choice]')).includes('CLOSING'));
  assert.equal(await text(page, '[data-testid=state-client]'), 'FIN-WAIT-1');
  assert.equal(await text(page, '[data-testid=state-server]'), 'FIN-WAIT-1');
  await choice(page, 'CLOSING').click();
  assert.equal((await feedback(page)).right, 'true');
  assert.deepEqual(await params(page), { close: 'both', lesson: '7', step: '1' });
  await shot(page, 'lessons-link-7');
  assertNoProblems(problems);
  await close();
});

test('bad lesson numbers: the notice, and the list or step 1', async () => {
  let { page, problems, close } = await openPage(app, '?lesson=12');
  await page.waitForSelector('[data-testid=lesson-list]');
  assert.match(await text(page, '[data-testid=notice]'), /lesson=12/);
  assertNoProblems(problems);
  await close();
  ({ page, problems, close } = await openPage(app, '?lesson=2&step=9'));
  assert.equal(await text(page, '[data-testid=lesson-progress]'), 'Lesson 2 of 8 · Step 1 of 4');
  assert.match(await text(page, '[data-testid=notice]'), /step=9/);
  assertNoProblems(problems);
  await close();
});

test('completed lessons are remembered across a reload (localStorage)', async () => {
  const { page, problems, close } = await openPage(app, '?lesson=1&step=6');
  await page.waitForSelector('[data-testid=lesson-more]');
  assert.match(await text(page, '[data-testid=lesson-more]'), /RFC 9293 §3\.6/);
  assert.match(await text(page, '[data-testid=lesson-next]'), /Finish lesson/);
  await page.click('[data-testid=lesson-next]');
  await page.waitForSelector('[data-testid=lesson-list]');
  assert.equal(await page.getAttribute('[data-testid=lesson-item][data-n="1"]', 'data-done'), 'true');
  assert.equal(await text(page, '[data-testid=lesson-progress]'), '1 of 8 lessons done');
  assert.equal(await page.evaluate(() => localStorage.getItem('teardown.lessons.done')), '1');
  await page.reload();
  await page.waitForSelector(READY);
  await page.click('[data-testid=lessons-open]');
  await page.waitForSelector('[data-testid=lesson-list]');
  assert.equal(await page.getAttribute('[data-testid=lesson-item][data-n="1"]', 'data-done'), 'true');
  assert.equal(await page.getAttribute('[data-testid=lesson-item][data-n="2"]', 'data-done'), 'false');
  assertNoProblems(problems);
  await close();
});

test('storage that throws (private mode) does not break the course', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${app.url}?lesson=1&step=6`);
  await page.waitForSelector('[data-testid=lesson-next]');
  await page.click('[data-testid=lesson-next]');
  await page.waitForSelector('[data-testid=lesson-list]');
  assert.equal(await page.getAttribute('[data-testid=lesson-item][data-n="1"]', 'data-done'), 'true');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Chinese lesson text with lang=zh', async () => {
  const { page, problems, close } = await openPage(app, '?lesson=1&step=1&lang=zh');
  await question(page);
  assert.match(await text(page, '[data-testid=lesson-text]'), HAN);
  assert.match(await text(page, '[data-testid=lesson-progress]'), /^第 1 课/);
  assert.deepEqual(await texts(page, '[data-testid=choice]'), ['FIN 报文段', 'RST 报文段', 'ACK 报文段']);
  await choice(page, 'RST 报文段').click();
  assert.match((await feedback(page)).text, /再试一次/);
  assert.match(await text(page, '[data-testid=lessons-open]'), /课程/);
  await shot(page, 'lessons-zh');
  assertNoProblems(problems);
  await close();
});

test('screenshots: desktop light/dark and phone light/dark fit without sideways scrolling', async () => {
  for (const [name, viewport, colorScheme] of [
    ['lessons-1280x800-light', { width: 1280, height: 800 }, 'light'],
    ['lessons-1280x800-dark', { width: 1280, height: 800 }, 'dark'],
    ['lessons-390x844-light', { width: 390, height: 844 }, 'light'],
    ['lessons-390x844-dark', { width: 390, height: 844 }, 'dark'],
  ]) {
    const context = await app.browser.newContext({ viewport, colorScheme });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${app.url}?lesson=1&step=2`);
    await question(page);
    await choice(page, 'CLOSED').click();
    await feedback(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    // The question is on the first screen at desktop size.
    if (viewport.width >= 1100) {
      const box = await page.locator('[data-testid=lesson-question]').boundingBox();
      assert.ok(box && box.y + box.height <= viewport.height, `${name}: the question is below the fold`);
    }
    // The first screen as the learner sees it, and the whole page.
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    await shot(page, `${name}-full`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
