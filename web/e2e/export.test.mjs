// The author exports are a WASM module of their own (crates/teardown-export, loaded by
// crates/teardown-web/src/exports.rs): the page's first load does not download it; the Export
// dialog fetches it when it first opens. Checked against the release build in Debian's
// Chromium: who downloads what and when, from a sub-path too, and what an author sees when the
// module cannot be had (a message, disabled buttons, and a retry when the dialog opens again).
// What the exported files contain is share.test.mjs's "Export" test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { assertNoProblems, openPage, startApp, text, waitUntil, READY } from './helpers.mjs';

const MODULE = /\/export-[0-9a-f]+(\.js|_bg\.wasm)(\?.*)?$/;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

const moduleRequests = (requests) => requests.filter((u) => MODULE.test(u));

async function openExport(page) {
  await page.click('[data-testid=export-open]');
  await page.waitForSelector('[data-testid=export-dialog][open]');
}

/** The Mermaid text arrives with the module. */
async function mermaidArrives(page) {
  await waitUntil(
    page,
    // Front matter with the scenario's title, then the diagram.
    () => /^---\ntitle: .*\n---\nsequenceDiagram\n/.test(document.querySelector('[data-testid=export-mermaid-text]')?.value ?? ''),
    null,
    'no Mermaid text',
  );
}

async function closeExport(page) {
  await page.keyboard.press('Escape');
  await waitUntil(page, () => !document.querySelector('[data-testid=export-dialog]'), null, 'Escape did not close');
}

test('the export module is fetched when the Export dialog first opens, once, from the page’s folder', async () => {
  const { page, problems, requests, close } = await openPage(app, `${app.subUrl}?close=both&drop=2`);
  try {
    // Loaded, played to the end: nothing of the export module yet.
    await page.click('[data-testid=to-end]');
    assert.deepEqual(moduleRequests(requests), [], 'the export module was loaded up front');
    await openExport(page);
    // The Mermaid text arrives with the module; the buttons are enabled then.
    await mermaidArrives(page);
    assert.equal(await page.isEnabled('[data-testid=export-pcap]'), true);
    const fetched = moduleRequests(requests);
    assert.equal(fetched.length, 2, fetched.join(' '));
    for (const u of fetched) assert.ok(new URL(u).pathname.startsWith('/courses/net/teardown/export-'), u);
    // Closed and opened again, and another scenario: the module is kept, not fetched again.
    await closeExport(page);
    await page.click('[data-testid=close-client]');
    await openExport(page);
    await waitUntil(
      page,
      () => /participant/.test(document.querySelector('[data-testid=export-mermaid-text]')?.value ?? ''),
      null,
      'no Mermaid text the second time',
    );
    assert.equal(await page.getAttribute('[data-testid=export-mermaid]', 'data-file'), 'teardown-drop-2.mmd');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-mermaid]')]);
    const mermaid = (await readFile(await download.path())).toString('utf8');
    assert.equal(mermaid.trim(), (await page.inputValue('[data-testid=export-mermaid-text]')).trim());
    assert.equal(moduleRequests(requests).length, 2);
    await closeExport(page);
    assertNoProblems(problems);
  } finally {
    await close();
  }
});

test('when the export module cannot be loaded the dialog says why, and opening it again retries', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    let fail = true;
    await context.route(MODULE, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
    const page = await context.newPage();
    await page.goto(`${app.url}?drop=3`, { waitUntil: 'load' });
    await page.waitForSelector(READY, { state: 'attached' });
    await openExport(page);
    await waitUntil(
      page,
      () => /could not be loaded/.test(document.querySelector('[data-testid=export-status]')?.textContent ?? ''),
      null,
      'no message about the export module',
    );
    assert.equal(await page.isEnabled('[data-testid=export-svg-light]'), false);
    assert.equal(await page.isEnabled('[data-testid=export-mermaid-copy]'), false);
    // The rest of the page works meanwhile.
    await closeExport(page);
    const before = await text(page, '[data-testid=clock]');
    await page.click('[data-testid=play]');
    await waitUntil(page, (b) => document.querySelector('[data-testid=clock]').textContent !== b, before, 'play did nothing');
    fail = false;
    await openExport(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-pcap]')]);
    const pcap = await readFile(await download.path());
    assert.deepEqual([...pcap.subarray(0, 4)], [0xd4, 0xc3, 0xb2, 0xa1], 'pcap magic');
    assert.match(await text(page, '[data-testid=export-status]'), /Saved teardown-drop-3\.pcap/);
  } finally {
    await context.close();
  }
});

test('closing and reopening the dialog while the module is on its way downloads it once', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const fetched = [];
    // The module is held back until the dialog has been closed and opened again.
    let release;
    const reopened = new Promise((r) => (release = r));
    await context.route(MODULE, async (route) => {
      fetched.push(route.request().url());
      await reopened;
      await route.continue();
    });
    const page = await context.newPage();
    await page.goto(app.url, { waitUntil: 'load' });
    await page.waitForSelector(READY, { state: 'attached' });
    await openExport(page);
    assert.match(await text(page, '[data-testid=export-status]'), /Preparing the exports/);
    await closeExport(page);
    await openExport(page);
    release();
    await mermaidArrives(page);
    assert.equal(fetched.length, 2, fetched.join(' '));
  } finally {
    await context.close();
  }
});
