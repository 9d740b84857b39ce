// Issue 16 ("Fidelity"): the stack a scenario imitates, what the first closer calls, and what
// the page says about both, against the release build (dist/) in Debian's Chromium. Every
// check also fails on any console error, page error, failed request or HTTP error.
// Screenshots: web/e2e/screenshots/fidelity-*.png (the controls with Linux chosen, English and
// Chinese, 360 and 1280 px wide).
//
// DOM contract used here, beyond app.test.mjs's:
//   [data-testid=stack]          <select> of stacks (value textbook, linux, freebsd, windows, macos)
//   [data-testid=profile]        the one-line summary of what the chosen stack changes
//   [data-testid=call-close], [data-testid=call-shutdown]  what the first closer calls (buttons)
//   [data-testid=msl-note]       under the MSL slider: TIME-WAIT fixed by the stack, or a what-if
//   [data-testid=msl-back]       back to the stack's value (only for a value set by hand)
//   [data-testid=ladder-call]    close() / shutdown(SHUT_WR) on a host's line of the ladder
//   [data-testid=sd-shortcut]    a state-diagram transition outside RFC 9293's figure, data-cause

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { arrows, assertNoProblems, openPage, SCREENSHOTS, startApp, text, texts, waitForParam, waitUntil } from './helpers.mjs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const HAN = /[\u4e00-\u9fff]/;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** Steps forward until `fn(narration text)` holds; returns the narration. Bounded. */
async function stepUntil(page, fn, what) {
  for (let i = 0; i < 60; i++) {
    const said = await text(page, '[data-testid=narration]');
    if (fn(said)) return said;
    const before = await text(page, '[data-testid=clock]');
    await page.click('[data-testid=step-next]');
    await waitUntil(
      page,
      (b) => document.querySelector('[data-testid=clock]').textContent.trim() !== b,
      before,
      'the step did not move the clock',
    ).catch(() => {});
  }
  throw new Error(`never narrated: ${what}`);
}

test('choosing Linux writes stack=linux and makes TIME-WAIT 60 s whatever the MSL', async () => {
  const { page, problems, close } = await openPage(app, '');
  await page.selectOption('[data-testid=stack]', 'linux');
  await waitForParam(page, 'stack', 'linux');
  assert.match(
    await text(page, '[data-testid=profile]'),
    /^Linux: TIME-WAIT is 60 s, fixed in the kernel, whatever the MSL; ACK of a FIN after ~4 ms; RTO = RTT \+ max\(2·RTT, 200 ms\) with a tail-loss probe; gives up silently/,
  );
  assert.match(await text(page, '[data-testid=msl-note]'), /TIME-WAIT is 60 s, fixed in the kernel/);
  assert.match(await text(page, 'label[for=ctl-rto] output'), /^from the RTT: 600 ms$/);
  // Step to the client's TIME-WAIT: its timer starts at 60 s.
  await stepUntil(page, (s) => /enters TIME-WAIT/.test(s), 'the client entering TIME-WAIT');
  assert.equal(await text(page, '[data-testid=state-client]'), 'TIME-WAIT');
  const ring = '[data-testid=timer][data-host=client][data-timer=time_wait] .ring-left';
  await page.waitForSelector(ring);
  assert.equal(await text(page, ring), '60 s left');
  assert.match(await text(page, '[data-testid=narration]'), /TIME-WAIT, where it waits 60 s, fixed by the stack/);

  // Moving the MSL slider is a what-if: TIME-WAIT = 2×MSL, labelled, with a way back.
  await page.$eval('[data-testid=msl]', (el) => {
    el.value = '300';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForSelector('[data-testid=msl-back]');
  assert.match(await text(page, 'label[for=ctl-msl] output'), /override$/);
  assert.match(await text(page, '[data-testid=msl-note]'), /^What-if: TIME-WAIT = 2×MSL = .*, not Linux's fixed 60 s\.$/);
  await waitUntil(page, () => new URLSearchParams(location.search).has('msl'), null, 'no msl in the link');
  await page.click('[data-testid=msl-back]');
  await waitForParam(page, 'msl', null);
  assert.equal(await page.$('[data-testid=msl-back]'), null);
  assert.match(await text(page, '[data-testid=msl-note]'), /fixed in the kernel/);
  assertNoProblems(problems);
  await close();
});

test('data after close() is answered with RST, and the narration says why', async () => {
  const { page, problems, close } = await openPage(app, '?data=2&v=2');
  assert.equal(await page.getAttribute('[data-testid=call-close]', 'aria-pressed'), 'true');
  const said = await stepUntil(page, (s) => /after its application called close\(\)/.test(s), 'data after close()');
  assert.match(said, /nobody is left to read it/);
  assert.match(said, /sends a RST and enters CLOSED/);
  await page.click('[data-testid=to-end]');
  const all = await arrows(page);
  assert.ok(all.some((a) => a.flags.includes('RST')), `no RST on the ladder: ${JSON.stringify(all)}`);
  // The diagram draws the reset as a transition of its own, not the figure's.
  await page.click('[data-testid=to-start]');
  await stepUntil(page, (s) => /after its application called close\(\)/.test(s), 'data after close()');
  const shortcut = await page.getAttribute('[data-testid=sd-shortcut][data-host~=client]', 'data-cause');
  assert.equal(shortcut, 'data_after_close');
  assert.deepEqual(await texts(page, '[data-testid=ladder-call][data-host=client]'), ['close()']);
  assertNoProblems(problems);
  await close();
});

test('an old link with data keeps its half-close: no RST, and call=shutdown in the link', async () => {
  const { page, problems, close } = await openPage(app, '?data=2');
  await waitForParam(page, 'call', 'shutdown');
  assert.equal(await page.getAttribute('[data-testid=call-shutdown]', 'aria-pressed'), 'true');
  await page.click('[data-testid=to-end]');
  const all = await arrows(page);
  assert.ok(!all.some((a) => a.flags.includes('RST')), `a RST: ${JSON.stringify(all)}`);
  assert.ok(all.filter((a) => a.flags.includes('PSH')).length === 2, JSON.stringify(all));
  // The calls on the ladder: shutdown(), then close() on each side.
  assert.deepEqual(await texts(page, '[data-testid=ladder-call][data-host=client]'), ['shutdown(SHUT_WR)', 'close()']);
  assert.deepEqual(await texts(page, '[data-testid=ladder-call][data-host=server]'), ['close()']);
  assert.match(await text(page, '[data-testid=shape]'), /Four-segment close/);
  assertNoProblems(problems);
  await close();
});

test('the call control writes call= to the link', async () => {
  const { page, problems, close } = await openPage(app, '');
  await page.click('[data-testid=call-shutdown]');
  await waitForParam(page, 'call', 'shutdown');
  assert.match(await text(page, '.sd-card'), /shutdown\(SHUT_WR\) \/ FIN/);
  await page.click('[data-testid=call-close]');
  await waitForParam(page, 'call', null);
  assertNoProblems(problems);
  await close();
});

test('screenshots of the controls with Linux chosen (English, Chinese; 360 and 1280 px)', async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const lang of ['en', 'zh']) {
    for (const width of [360, 1280]) {
      const { page, problems, close } = await openPage(app, `?stack=linux&lang=${lang}`, {
        viewport: { width, height: 900 },
      });
      if (lang === 'zh') {
        await waitUntil(
          page,
          () => /[\u4e00-\u9fff]/.test(document.querySelector('[data-testid=profile]')?.textContent ?? ''),
          null,
          'the Chinese text never came',
        );
        assert.match(await text(page, '[data-testid=profile]'), HAN);
        assert.match(await text(page, '[data-testid=profile]'), /60 s/);
      }
      const card = page.locator('.controls-card');
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: path.join(SCREENSHOTS, `fidelity-controls-linux-${lang}-${width}.png`) });
      // Nothing in the controls sticks out of the page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at ${width} px`);
      assertNoProblems(problems);
      await close();
    }
  }
});
