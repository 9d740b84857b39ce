// Text fetched on first use (crates/teardown-web/src/text.rs): the page's WASM carries the
// English UI only; the Chinese text and the lesson texts are files (text-zh-<hash>.txt,
// text-en-<hash>.txt) the page fetches when a learner first needs them. Checked against the
// release build in Debian's Chromium: who downloads what, that a Chinese page never shows its
// English fallback, and what a learner sees when a file cannot be had.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems, openPage, startApp, text, waitUntil, READY } from './helpers.mjs';

const HAN = /[\u4e00-\u9fff]/;
const PACK = /\/text-(en|zh)-[0-9a-f]+\.txt$/;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

const packsRequested = (requests) => requests.filter((u) => PACK.test(u)).map((u) => u.match(PACK)[1]);

test('an English visitor downloads no text file until the lessons open, then the English one once', async () => {
  const { page, problems, requests, close } = await openPage(app, '');
  try {
    assert.deepEqual(packsRequested(requests), [], 'a text file was loaded up front');
    await page.click('[data-testid=lessons-open]');
    await page.waitForSelector('[data-testid=lesson-list]');
    assert.match(await text(page, '[data-testid=lesson-item][data-n="1"]'), /Lesson 1/);
    // Closed and opened again: the texts are kept, not fetched twice.
    await page.click('[data-testid=lesson-exit]');
    await page.click('[data-testid=lessons-open]');
    await page.waitForSelector('[data-testid=lesson-list]');
    // Chinese from the switch: the Chinese file (UI and lessons), once.
    await page.click('[data-testid=lang-zh]');
    await waitUntil(page, () => document.documentElement.lang === 'zh-CN', null, 'never switched to Chinese');
    assert.match(await text(page, '[data-testid=lesson-item][data-n="1"]'), HAN);
    assert.match(await text(page, '.tagline'), HAN);
    assert.deepEqual(packsRequested(requests), ['en', 'zh']);
    assertNoProblems(problems);
  } finally {
    await close();
  }
});

test('a Chinese browser gets the Chinese file preloaded and never sees the English fallback', async () => {
  const context = await app.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  try {
    // Record, from the first frame on, every frame in which the page is visible: none may show
    // the English tagline.
    await context.addInitScript(() => {
      const seen = (window.__visibleTaglines = []);
      const tick = () => {
        const hidden = document.documentElement.classList.contains('td-pending');
        const tagline = document.querySelector('.tagline')?.textContent;
        if (!hidden && tagline) seen.push(tagline);
        if (seen.length < 5) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(app.url, { waitUntil: 'load' });
    await page.waitForSelector(READY, { state: 'attached' });
    await page.waitForFunction(() => window.__visibleTaglines.length >= 1);
    const seen = await page.evaluate(() => window.__visibleTaglines);
    assert.ok(seen.every((t) => HAN.test(t)), `an English view was visible: ${JSON.stringify(seen)}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    // Preloaded by index.html and taken from there by the app: one request.
    assert.deepEqual(packsRequested(requests), ['zh']);
  } finally {
    await context.close();
  }
});

test('when the Chinese file cannot be loaded the page stays in English and says why', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.route(PACK, (route) => route.fulfill({ status: 404, body: 'not found' }));
    const page = await context.newPage();
    await page.goto(`${app.url}?lang=zh`, { waitUntil: 'load' });
    await page.waitForSelector(READY, { state: 'attached' });
    const notice = await text(page, '[data-testid=text-notice]');
    assert.match(notice, /Chinese text could not be loaded \(HTTP 404\)/);
    assert.match(await text(page, '.tagline'), /How a TCP connection closes/);
    // Everything else works: play runs.
    const before = await text(page, '[data-testid=clock]');
    await page.click('[data-testid=play]');
    await waitUntil(
      page,
      (b) => document.querySelector('[data-testid=clock]').textContent !== b,
      before,
      'play did nothing',
    );
  } finally {
    await context.close();
  }
});

test('lesson texts that fail to load say so, and opening the lessons again retries', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    let fail = true;
    await context.route(PACK, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
    const page = await context.newPage();
    await page.goto(app.url, { waitUntil: 'load' });
    await page.waitForSelector(READY, { state: 'attached' });
    await page.click('[data-testid=lessons-open]');
    await waitUntil(
      page,
      () => /could not be loaded/.test(document.querySelector('[data-testid=lesson-text-status]')?.textContent ?? ''),
      null,
      'no message about the lesson texts',
    );
    fail = false;
    await page.click('[data-testid=lesson-exit]');
    await page.click('[data-testid=lessons-open]');
    await page.waitForSelector('[data-testid=lesson-list]');
    assert.match(await text(page, '[data-testid=lesson-item][data-n="1"]'), /Lesson 1/);
  } finally {
    await context.close();
  }
});

test('a Chinese lesson link under a sub-path fetches its text from there, once', async () => {
  const { page, problems, requests, close } = await openPage(app, `${app.subUrl}?lesson=2&lang=zh`);
  try {
    await page.waitForSelector('[data-testid=lesson-text]');
    assert.match(await text(page, '[data-testid=lesson-text]'), HAN);
    const packs = requests.filter((u) => PACK.test(u));
    assert.equal(packs.length, 1, packs.join(' '));
    assert.ok(new URL(packs[0]).pathname.startsWith('/courses/net/teardown/text-zh-'), packs[0]);
    assertNoProblems(problems);
  } finally {
    await close();
  }
});
