// Issue 6's end-to-end checks: share a scenario as a link, embed it in a course page, export it,
// against the release build (dist/) in Debian's Chromium. Screenshots: web/e2e/screenshots/share-*.png
//
// DOM contract used here (beyond app.test.mjs's):
//   [data-testid=share-open] / embed-open / export-open   header buttons that open the dialogs
//   [data-testid=share-dialog] / embed-dialog / export-dialog   <dialog role=dialog aria-modal=true
//                              aria-labelledby=…>, open (showModal) while shown
//   [data-testid=dialog-close] the dialog's × button
//   [data-testid=share-link]   read-only field with the link
//   [data-testid=share-with-t] checkbox "include the playback position" (adds/removes t=)
//   [data-testid=share-copy]   Copy button; [data-testid=share-status] what the copy did
//   [data-testid=embed-snippet] read-only <textarea> with the <iframe> snippet
//   [data-testid=embed-copy], [data-testid=embed-status]
//   [data-testid=embed-preview] the preview <iframe>
//   [data-testid=export-svg-light] / export-svg-dark / export-mermaid / export-pcap
//                              download buttons, data-file = the file name they save
//   [data-testid=export-status] "Saved <file>"
//   [data-testid=export-mermaid-text], [data-testid=export-mermaid-copy], [data-testid=export-copy-status]
//   .open-full                 the embedded view's "Open full version" link
//   embedded page → parent: postMessage({ type: 'teardown:height', height }, '*')

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  arrows,
  assertNoProblems,
  frames,
  openPage,
  shot,
  startApp,
  text,
  waitUntil,
  READY,
} from './helpers.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

async function linkValue(page) {
  return page.inputValue('[data-testid=share-link]');
}

async function scenarioOf(page) {
  return {
    arrows: await arrows(page),
    client: await text(page, '[data-testid=state-client]'),
    server: await text(page, '[data-testid=state-server]'),
    clock: await text(page, '[data-testid=clock]'),
  };
}

test('Share: the link reproduces the scenario, t= follows the checkbox, Copy never fails, Escape returns focus', async () => {
  const first = await openPage(app, '?msl=30&t=1150');
  const { page } = first;
  await first.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
  // Lose the final ACK by clicking its arrow.
  await page.click('[data-testid=arrow][data-n="4"] .hit', { force: true });
  await waitUntil(
    page,
    () => document.querySelector('[data-testid=arrow][data-n="4"]')?.dataset.dropped === 'true',
    null,
    'segment 4 was not dropped',
  );
  await page.click('[data-testid=share-open]');
  const dialog = await page.waitForSelector('[data-testid=share-dialog][open]');
  assert.equal(await dialog.getAttribute('role'), 'dialog');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  const labelId = await dialog.getAttribute('aria-labelledby');
  assert.ok((await page.textContent(`#${labelId}`)).trim().length > 0, 'the dialog has a title');
  // The field has the focus, all selected.
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'share-link');

  const withT = await linkValue(page);
  const url = new URL(withT);
  assert.equal(url.origin + url.pathname, app.url);
  assert.equal(url.search, '?msl=30&drop=4&t=1150', 'short, readable link');
  assert.ok(await page.isChecked('[data-testid=share-with-t]'));
  await page.click('[data-testid=share-with-t]');
  assert.equal(new URL(await linkValue(page)).search, '?msl=30&drop=4');
  await page.click('[data-testid=share-with-t]');
  assert.equal(await linkValue(page), withT);

  await page.click('[data-testid=share-copy]');
  await waitUntil(
    page,
    () => document.querySelector('[data-testid=share-status]').textContent.trim() !== '',
    null,
    'Copy said nothing',
  );
  assert.match(await text(page, '[data-testid=share-status]'), /Copied/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), withT);
  await shot(page, 'share-dialog');

  await page.keyboard.press('Escape');
  await waitUntil(page, () => !document.querySelector('[data-testid=share-dialog]'), null, 'Escape did not close');
  await waitUntil(
    page,
    () => document.activeElement?.dataset.testid === 'share-open',
    null,
    'focus did not return to the Share button',
  );
  const before = await scenarioOf(page);
  assertNoProblems(first.problems);
  await first.close();

  const second = await openPage(app, withT);
  assert.deepEqual(await scenarioOf(second.page), before);
  assert.equal(
    (await arrows(second.page)).find((a) => a.n === 4)?.dropped,
    'true',
    'the shared link keeps the dropped segment',
  );
  assertNoProblems(second.problems);
  await second.close();
});

test('Share without a clipboard API: the link is selected and the hint says Ctrl+C; no error', async () => {
  const ctx = await app.browser.newContext({ viewport: { width: 390, height: 800 }, colorScheme: 'dark' });
  await ctx.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    document.execCommand = () => false;
  });
  const p = await ctx.newPage();
  const errors = [];
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${app.url}?close=both&t=300`);
  await p.waitForSelector(READY);
  // 390 px phone: the header buttons fit without sideways scrolling.
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await p.click('[data-testid=share-open]');
  await p.click('[data-testid=share-copy]');
  await waitUntil(
    p,
    () => document.querySelector('[data-testid=share-status]').textContent.trim() !== '',
    null,
    'Copy said nothing',
  );
  assert.match(await text(p, '[data-testid=share-status]'), /Ctrl\+C/);
  const selected = await p.evaluate(() => {
    const el = document.activeElement;
    return el?.dataset.testid === 'share-link' && el.selectionStart === 0 && el.selectionEnd === el.value.length;
  });
  assert.ok(selected, 'the link field is focused and fully selected');
  await shot(p, 'share-phone-dark');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('Embed dialog: a valid <iframe> snippet with embed=1, and its preview loads', async () => {
  const { page, problems, close } = await openPage(app, '?drop=3&lang=zh');
  await page.click('[data-testid=embed-open]');
  await page.waitForSelector('[data-testid=embed-dialog][open]');
  const snippet = await page.inputValue('[data-testid=embed-snippet]');
  const parsed = await page.evaluate((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const frames = doc.body.querySelectorAll('iframe');
    const f = frames[0];
    return {
      count: frames.length,
      others: doc.body.children.length,
      src: f?.getAttribute('src'),
      title: f?.getAttribute('title'),
      height: f?.getAttribute('height'),
      loading: f?.getAttribute('loading'),
      style: f?.getAttribute('style'),
    };
  }, snippet);
  assert.equal(parsed.count, 1, snippet);
  assert.equal(parsed.others, 1, snippet);
  const src = new URL(parsed.src);
  assert.equal(src.origin + src.pathname, app.url);
  assert.equal(src.searchParams.get('embed'), '1');
  assert.equal(src.searchParams.get('drop'), '3');
  assert.equal(src.searchParams.get('t'), null);
  assert.ok(parsed.title.length > 5, 'the iframe has a title');
  assert.ok(Number(parsed.height) >= 300, parsed.height);
  assert.equal(parsed.loading, 'lazy');
  assert.equal(parsed.style, 'width:100%;border:0');
  // The live preview is that page.
  const preview = await page.waitForSelector('[data-testid=embed-preview]');
  assert.equal(await preview.getAttribute('src'), parsed.src);
  const frame = await preview.contentFrame();
  await frame.waitForSelector(READY, { timeout: 15_000 });
  assert.equal(await frame.$('.controls'), null, 'the preview has no settings panel');
  await frames(frame);
  await shot(page, 'share-embed-dialog');
  await page.click('[data-testid=dialog-close]');
  await waitUntil(page, () => !document.querySelector('[data-testid=embed-dialog]'), null, '× did not close');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'embed-open');
  assertNoProblems(problems);
  await close();
});

test('embed=1 under a sub-path at 320 px: stage, ladder, controls, no settings, Open full version, no sideways scroll', async () => {
  const { page, problems, close } = await openPage(app, `${app.subUrl}?drop=4&embed=1`, {
    viewport: { width: 320, height: 640 },
  });
  for (const id of ['state-client', 'state-server', 'ladder', 'play', 'step-next', 'step-prev', 'clock']) {
    assert.ok(await page.$(`[data-testid=${id}]`), `embedded view lacks ${id}`);
  }
  assert.equal(await page.$('.controls'), null, 'no settings panel');
  assert.equal(await page.$('[data-testid=share-open]'), null, 'no share bar');
  const full = await page.$('.open-full');
  assert.ok(full, 'an Open full version link');
  assert.equal(await full.getAttribute('target'), '_blank');
  assert.match(await full.getAttribute('rel'), /noopener/);
  const href = new URL(await full.evaluate((a) => a.href));
  assert.equal(href.pathname, '/courses/net/teardown/');
  assert.equal(href.searchParams.get('embed'), null);
  assert.equal(href.searchParams.get('drop'), '4');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the embedded page scrolls sideways by ${overflow}px`);
  // Keyboard: arrows step, Tab reaches the play button.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '[data-testid=clock]'), '0.100 s');
  let reached = false;
  for (let i = 0; i < 15 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.dataset?.testid === 'play');
  }
  assert.ok(reached, 'Tab never reached the play button');
  await shot(page, 'share-embed-320');
  assertNoProblems(problems);
  await close();
});

test('a host page gets teardown:height messages and resizes its iframe with the README script', async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Embedding in a course page')[1];
  assert.ok(section, 'README has the Embedding section');
  const script = section.match(/```html\n<script>\n([\s\S]*?)<\/script>\n```/)?.[1];
  assert.ok(script, 'README has the host script');
  assert.ok(script.trim().split('\n').length <= 5, `the host script is 5 lines: ${script}`);
  const hostUrl = `${app.origin}/host-page-test.html`;
  const html = `<!doctype html><html><body style="margin:0">
<h1>Course page</h1>
<script>window.heights = []; addEventListener('message', (e) => {
  if (e.data && e.data.type === 'teardown:height') window.heights.push(e.data.height); });</script>
<iframe id="td" src="${app.subUrl}?close=both&embed=1" title="Teardown" height="300" style="width:100%;border:0"></iframe>
<script>
${script}</script>
</body></html>`;
  const context = await app.browser.newContext({ viewport: { width: 800, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.route(hostUrl, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.goto(hostUrl);
  await waitUntil(page, () => window.heights.length > 0, null, 'no teardown:height message', 20_000);
  // Settled: the iframe has the height last reported.
  await waitUntil(
    page,
    () => Math.abs(document.getElementById('td').getBoundingClientRect().height - window.heights.at(-1)) <= 1,
    null,
    'the iframe never took the reported height',
  );
  const heights = await page.evaluate(() => window.heights);
  const last = heights.at(-1);
  assert.ok(last > 300 && last < 5000, `implausible height ${last}: ${heights}`);
  // The README script sized the iframe to the content: no inner scrolling.
  const frameHeight = await page.evaluate(() => document.getElementById('td').getBoundingClientRect().height);
  assert.ok(Math.abs(frameHeight - last) <= 1, `iframe ${frameHeight}px, content ${last}px`);
  const frame = page.frames().find((f) => f.url().includes('embed=1'));
  const inner = await frame.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  assert.ok(inner <= 1, `the embedded page still scrolls by ${inner}px`);
  // It settles: a few messages, not a stream.
  assert.ok(heights.length < 20, `too many messages: ${heights.length}`);
  await shot(page, 'share-host-page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Export: each button downloads its file; SVG has every segment, pcap has the magic', async () => {
  const { page, problems, close } = await openPage(app, '?close=both&drop=2');
  const drawn = await arrows(page);
  // Every segment of the scenario, not only those sent by now.
  await page.click('[data-testid=to-end]');
  const all = await arrows(page);
  assert.ok(all.length >= drawn.length && all.length >= 4, JSON.stringify(all));
  await page.click('[data-testid=export-open]');
  await page.waitForSelector('[data-testid=export-dialog][open]');
  await shot(page, 'share-export-dialog');
  // SVGs are parsed in a blank page: the app's Content-Security-Policy would report their <style>.
  const blank = await page.context().newPage();
  const files = {};
  for (const id of ['svg-light', 'svg-dark', 'mermaid', 'pcap']) {
    const button = `[data-testid=export-${id}]`;
    const expected = await page.getAttribute(button, 'data-file');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    assert.equal(download.suggestedFilename(), expected);
    files[id] = await readFile(await download.path());
  }
  assert.equal(await page.getAttribute('[data-testid=export-svg-light]', 'data-file'), 'teardown-close-both-drop-2.svg');
  for (const id of ['svg-light', 'svg-dark']) {
    const svg = files[id].toString('utf8');
    assert.ok(svg.startsWith('<svg'), `${id}: ${svg.slice(0, 40)}`);
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    for (const a of all) assert.ok(svg.includes(`#${a.n} ${a.flags}`), `${id} lacks #${a.n} ${a.flags}`);
    const ok = await blank.evaluate((s) => {
      const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
      return !doc.querySelector('parsererror') && doc.documentElement.localName === 'svg';
    }, svg);
    assert.ok(ok, `${id} does not parse as XML`);
  }
  await blank.close();
  assert.notEqual(files['svg-light'].toString(), files['svg-dark'].toString());
  assert.deepEqual([...files.pcap.subarray(0, 4)], [0xd4, 0xc3, 0xb2, 0xa1], 'pcap magic');
  // Front matter with the scenario's title, then the diagram.
  assert.match(files.mermaid.toString('utf8'), /^---\ntitle: .*\n---\nsequenceDiagram\n/);
  assert.match(await text(page, '[data-testid=export-status]'), /teardown-close-both-drop-2\.pcap/);
  assert.equal(
    (await page.inputValue('[data-testid=export-mermaid-text]')).trim(),
    files.mermaid.toString('utf8').trim(),
  );
  await page.keyboard.press('Escape');
  await waitUntil(page, () => !document.querySelector('[data-testid=export-dialog]'), null, 'Escape did not close');
  assertNoProblems(problems);
  await close();
});

test('Chinese: the dialogs speak Chinese', async () => {
  const { page, problems, close } = await openPage(app, '?lang=zh');
  const HAN = /[\u4e00-\u9fff]/;
  for (const id of ['share', 'embed', 'export']) {
    assert.match(await text(page, `[data-testid=${id}-open]`), HAN);
    await page.click(`[data-testid=${id}-open]`);
    const dialog = await page.waitForSelector(`[data-testid=${id}-dialog][open]`);
    assert.match(await dialog.innerText(), HAN);
    if (id === 'export') await shot(page, 'share-export-zh');
    if (id === 'embed') {
      // Let the preview load before closing: closing aborts its request, which would count as
      // a failed request.
      const frame = await (await page.waitForSelector('[data-testid=embed-preview]')).contentFrame();
      await frame.waitForSelector(READY, { timeout: 15_000 });
    }
    await page.keyboard.press('Escape');
    await waitUntil(page, (i) => !document.querySelector(`[data-testid=${i}-dialog]`), id, `${id} did not close`);
  }
  assertNoProblems(problems);
  await close();
});
