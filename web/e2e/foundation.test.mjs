// Issue 3's end-to-end checks, against the release build (dist/) in Debian's Chromium.
// Every check also fails on any console error, page error, failed request or HTTP error.
// Screenshots: web/e2e/screenshots/foundation-*.png

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DIST,
  SUB_PATH,
  arrows,
  assertNoProblems,
  openPage,
  shot,
  startApp,
  text,
  texts,
  waitUntil,
  READY,
} from './helpers.mjs';

const DEFAULT_CLOSE = ['FIN,ACK', 'ACK', 'FIN,ACK', 'ACK'];
const HAN = /[\u4e00-\u9fff]/;
const hanCount = (s) => (s.match(/[\u4e00-\u9fff]/g) ?? []).length;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('the default close draws its four segments', async () => {
  const { page, problems, close } = await openPage(app, '?t=999999');
  const ladder = await page.$('[data-testid=ladder]');
  assert.equal(await ladder.evaluate((el) => el.tagName.toLowerCase()), 'svg');
  const drawn = await arrows(page);
  assert.deepEqual(
    drawn.map((a) => a.flags),
    DEFAULT_CLOSE,
  );
  assert.deepEqual(
    drawn.map((a) => a.n),
    [1, 2, 3, 4],
  );
  assert.ok(
    drawn.every((a) => a.dropped === 'false'),
    `nothing is dropped by default: ${JSON.stringify(drawn)}`,
  );
  assert.equal(await page.$('[data-testid=notice]'), null, 'a clean link shows no notice');
  await shot(page, 'foundation-default-close');
  assertNoProblems(problems);
  await close();
});

test('the plain link starts before the close and to-end shows all of it', async () => {
  const { page, problems, close } = await openPage(app, '');
  // The client's close call comes first (at t=0); the server is established until the FIN lands.
  assert.equal(await text(page, '[data-testid=state-server]'), 'ESTABLISHED');
  assert.ok((await arrows(page)).length < DEFAULT_CLOSE.length, 'the plain link opens at the start');
  await shot(page, 'foundation-start');
  await page.click('[data-testid=to-end]');
  await waitUntil(
    page,
    (n) => document.querySelectorAll('[data-testid=arrow]').length === n,
    DEFAULT_CLOSE.length,
    'to-end did not draw the four segments',
  );
  assert.deepEqual(
    (await arrows(page)).map((a) => a.flags),
    DEFAULT_CLOSE,
  );
  // After TIME-WAIT (2 MSL) both sides are closed.
  assert.equal(await text(page, '[data-testid=state-client]'), 'CLOSED');
  assert.equal(await text(page, '[data-testid=state-server]'), 'CLOSED');
  await shot(page, 'foundation-to-end');
  assertNoProblems(problems);
  await close();
});

test('close=both shows CLOSING on both host lines', async () => {
  const { page, problems, close } = await openPage(app, '?close=both&t=999999');
  for (const host of ['client', 'server']) {
    const labels = await texts(page, `[data-testid=ladder-state][data-host=${host}]`);
    assert.ok(labels.includes('CLOSING'), `${host} line shows ${JSON.stringify(labels)}, no CLOSING`);
  }
  const flags = (await arrows(page)).map((a) => a.flags);
  assert.equal(flags.filter((f) => f.includes('FIN')).length, 2, `two FINs cross: ${flags}`);
  await shot(page, 'foundation-close-both');
  assertNoProblems(problems);
  await close();
});

test('a malformed link shows a notice naming the key, and the page still works', async () => {
  const { page, problems, close } = await openPage(app, '?msl=abc&bogus=1&t=999999');
  const notice = await page.$('[data-testid=notice]');
  assert.ok(notice, 'no [data-testid=notice] for msl=abc');
  assert.ok(await notice.isVisible(), 'the notice is not visible');
  const said = (await notice.textContent()).trim();
  assert.match(said, /\bmsl\b/, `the notice does not name msl: ${JSON.stringify(said)}`);
  assert.deepEqual(
    (await arrows(page)).map((a) => a.flags),
    DEFAULT_CLOSE,
    'the default MSL is used and the close still drawn',
  );
  await shot(page, 'foundation-malformed-link');
  assertNoProblems(problems);
  await close();
});

test('the language switch changes the UI to Chinese and back', async () => {
  const { page, problems, close } = await openPage(app, '?t=999999');
  const bodyText = () => page.evaluate(() => document.body.innerText);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const english = await bodyText();

  await page.click('[data-testid=lang-zh]');
  await waitUntil(page, () => document.documentElement.lang === 'zh-CN', null, '<html lang> did not become zh-CN');
  const chinese = await bodyText();
  // English may quote a Chinese term (and the 中文 button); Chinese is mostly Han characters.
  assert.ok(
    hanCount(chinese) > hanCount(english) + 20,
    `too little Chinese after switching: ${hanCount(chinese)} Han characters vs ${hanCount(english)}`,
  );
  assert.notEqual(chinese, english);
  // The protocol's names stay as the RFC spells them in both languages.
  assert.ok(chinese.includes('FIN'), 'segment flags are not translated');
  await shot(page, 'foundation-lang-zh');

  await page.click('[data-testid=lang-en]');
  await waitUntil(page, () => document.documentElement.lang === 'en', null, '<html lang> did not go back to en');
  assert.equal(await bodyText(), english, 'switching back does not restore the English UI');
  assertNoProblems(problems);
  await close();
});

test('a link with lang=zh opens in Chinese', async () => {
  const { page, problems, close } = await openPage(app, '?lang=zh&t=999999');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.evaluate(() => document.body.innerText), HAN);
  assertNoProblems(problems);
  await close();
});

test('the built page uses only relative asset URLs', async () => {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const absolute = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?(\/[^"'\s>]*)/g)].map((m) => m[1]);
  const imports = [...html.matchAll(/(?:from|import\()\s*["'](\/[^"']*)/g)].map((m) => m[1]);
  const wasmPaths = [...html.matchAll(/["'](\/[^"']*\.wasm)["']/g)].map((m) => m[1]);
  assert.deepEqual([...absolute, ...imports, ...wasmPaths], [], 'dist/index.html has absolute URLs');
});

for (const [name, suffix] of [
  ['folder', `${SUB_PATH}?t=999999`],
  ['index.html', `${SUB_PATH}index.html?t=999999`],
  ['without trailing slash', `${SUB_PATH.slice(0, -1)}?t=999999`],
]) {
  test(`the page works under a sub-path (${name})`, async () => {
    const { page, problems, requests, close } = await openPage(app, app.origin + suffix);
    assert.deepEqual(
      (await arrows(page)).map((a) => a.flags),
      DEFAULT_CLOSE,
    );
    const folder = SUB_PATH.slice(0, -1); // the address as typed may lack the slash
    const outside = requests.filter(
      (u) => u.startsWith(app.origin) && !new URL(u).pathname.startsWith(folder),
    );
    assert.deepEqual(outside, [], 'the page fetched assets outside its folder');
    assert.ok(
      requests.some((u) => u.endsWith('.wasm')),
      `no .wasm was requested: ${requests.join(', ')}`,
    );
    // The link the page keeps in the address bar stays in its folder.
    assert.ok(new URL(page.url()).pathname.startsWith(SUB_PATH), `page moved to ${page.url()}`);
    if (name === 'folder') await shot(page, 'foundation-sub-path');
    assertNoProblems(problems);
    await close();
  });
}

// ---------------------------------------------------------------------------------------------
// The prerendered first view (issue 7): index.html shows both hosts before any WASM runs.

/** A page whose WASM request never answers: what a learner sees while it downloads. */
async function openWithoutWasm(target, { javaScriptEnabled = true } = {}) {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  await page.route(/\.wasm$/, () => {}); // held: neither fulfilled nor aborted
  await page.goto(app.url + target, { waitUntil: 'domcontentloaded' });
  return { page, close: () => context.close() };
}

test('index.html itself shows both hosts, ESTABLISHED, and the play button', async () => {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  assert.match(html, /<div id="app"><div class="app">/, 'the first view is inside <div id="app">');
  assert.match(html, /data-testid="state-client" data-state="ESTABLISHED"/);
  assert.match(html, /data-testid="state-server" data-state="ESTABLISHED"/);
  assert.match(html, /data-testid="play"/);
  assert.doesNotMatch(html, /<!--<\[/, 'no hydration markers: the app renders over the view');
});

test('before the WASM arrives, the default page already shows the hosts and the diagrams', async () => {
  const { page, close } = await openWithoutWasm('');
  assert.equal(await page.isVisible('[data-testid=state-client]'), true);
  assert.equal(await text(page, '[data-testid=state-client]'), 'ESTABLISHED');
  assert.equal(await text(page, '[data-testid=state-server]'), 'ESTABLISHED');
  assert.equal(await page.isVisible('[data-testid=ladder]'), true);
  assert.equal(await page.isVisible('[data-testid=state-diagram]'), true);
  assert.equal(await page.getAttribute('html', 'data-app'), null, 'not ready without its WASM');
  await shot(page, 'foundation-prerendered');
  await close();
});

test('a shared link or a Chinese browser keeps the default view hidden until the app draws its own', async () => {
  for (const target of ['?close=server&msl=30000', '?lesson=4&step=1']) {
    const { page, close } = await openWithoutWasm(target);
    assert.match((await page.getAttribute('html', 'class')) ?? '', /td-pending/, target);
    assert.equal(await page.isVisible('[data-testid=state-client]'), false, `${target}: hidden`);
    await close();
  }
  const context = await app.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.route(/\.wasm$/, () => {});
  await page.goto(app.url, { waitUntil: 'domcontentloaded' });
  assert.equal(await page.isVisible('[data-testid=state-client]'), false, 'zh: hidden');
  await context.close();
  // With the app: its own view, shown.
  const { page: live, problems, close } = await openPage(app, '?close=server');
  assert.doesNotMatch((await live.getAttribute('html', 'class')) ?? '', /td-pending/);
  assert.equal(await live.isVisible('[data-testid=state-client]'), true);
  assert.equal(await live.getAttribute('[data-testid=close-server]', 'aria-pressed'), 'true');
  assertNoProblems(problems);
  await close();
});

test('without JavaScript the first view and the noscript message are shown', async () => {
  const { page, close } = await openWithoutWasm('', { javaScriptEnabled: false });
  assert.equal(await page.isVisible('[data-testid=state-client]'), true);
  assert.match(await page.textContent('body'), /needs JavaScript and WebAssembly/);
  await close();
});

test('the app replaces the prerendered view: one app, and it responds', async () => {
  const { page, problems, close } = await openPage(app, '');
  assert.equal(await page.locator('.app').count(), 1, 'exactly one app in the page');
  assert.equal(await page.locator('[data-testid=state-client]').count(), 1);
  await page.click('[data-testid=step-next]');
  await waitUntil(
    page,
    () => document.querySelectorAll('[data-testid=arrow]').length >= 1,
    undefined,
    'step-next after load did nothing',
  );
  assertNoProblems(problems);
  await close();
});

test('the WASM is fetched once, compiled from the top of the page, and a wrong MIME type still works', async () => {
  // index.html starts `WebAssembly.compileStreaming` before the prerendered view is laid out
  // (scripts/post-build.mjs) and hands the module to Trunk's loader: one download, not two.
  const { page, problems, requests, close } = await openPage(app, '');
  const wasm = requests.filter((u) => /\/teardown-web-[0-9a-f]+_bg\.wasm$/.test(u));
  assert.equal(wasm.length, 1, wasm.join(' '));
  assert.equal(await page.evaluate(async () => (await window.tdWasm) instanceof WebAssembly.Module), true);
  assertNoProblems(problems);
  await close();
  // A host that serves .wasm as application/octet-stream: compileStreaming refuses it, the
  // loader instantiates the bytes instead, and the page works.
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.route(/_bg\.wasm$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
    });
    const page2 = await context.newPage();
    const errors = [];
    page2.on('pageerror', (e) => errors.push(e.message));
    await page2.goto(app.url, { waitUntil: 'load' });
    await page2.waitForSelector(READY, { state: 'attached', timeout: 15_000 });
    await page2.click('[data-testid=step-next]');
    await waitUntil(page2, () => document.querySelectorAll('[data-testid=arrow]').length >= 1, undefined, 'no app');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the release build names its WASM imports briefly, and the integrity hashes match the files', async () => {
  // scripts/post-build.mjs renames wasm-bindgen's `__wbg_<method>_<hash>` imports (and the
  // exports) to a letter or two in both files, then rewrites the hashes Trunk computed.
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const jsName = html.match(/from\s*["'`]\.\/(teardown-web-[0-9a-f]+\.js)/)[1];
  const wasmName = html.match(/\.\/(teardown-web-[0-9a-f]+_bg\.wasm)/)[1];
  const js = await readFile(path.join(DIST, jsName), 'utf8');
  const wasm = await readFile(path.join(DIST, wasmName));
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
  assert.ok(imports.length > 100, `${imports.length} imports`);
  const long = imports.filter((i) => i.name.length > 3 || i.module.length > 3);
  assert.deepEqual(long, [], 'every import named in at most three characters');
  assert.doesNotMatch(js, /__wbg_\w+_[0-9a-f]{16}/);
  const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  const jsLink = html.match(new RegExp(`<link\\b[^>]*${jsName}[^>]*>`))[0];
  assert.match(jsLink, new RegExp(`integrity=["']?${sri(js).replace(/[+/]/g, '\\$&')}`));
  const early = html.match(/window\.tdWasm=[^;]*integrity:"([^"]+)"/)[1];
  assert.equal(early, sri(wasm));
});
