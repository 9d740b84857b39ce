// Probes for the robustness and soak tests (robustness.test.mjs, soak.test.mjs): what the page
// runs under (CSP violations, dialogs, injected elements) and how much memory it holds.
//
// - watchPage(page): before the page loads, records every `securitypolicyviolation` event in
//   window.__cspViolations, the WASM instance (Trunk's `TrunkApplicationStarted` event) in
//   window.__wasm, and every dialog (alert/confirm/prompt) in the returned `dialogs`.
// - openWatched(app, target): openPage() with watchPage() installed first.
// - memory(page, cdp): JS heap, WASM memory and DOM counts, after a forced garbage collection.
//   The WASM memory is found among the exports by type: release builds shorten export names.
// - clickPlayLatency(page): ms from a click on Play until the clock shows another time.

import path from 'node:path';
import { DIST, READY } from './helpers.mjs';

/** Installs the recorders; call before the page's first navigation. Returns { dialogs }. */
export async function watchPage(page) {
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
    addEventListener('TrunkApplicationStarted', (e) => {
      window.__wasm = e.detail?.wasm;
    });
  });
  return { dialogs };
}

/**
 * Like openPage() (helpers.mjs): a fresh context whose page records console errors, page
 * errors, failed requests and HTTP errors in `problems`, plus the recorders of watchPage(),
 * installed before the page loads. Waits until the app is ready unless `{ waitFor: null }`.
 * Resolves to { page, context, problems, dialogs, close }.
 */
export async function openWatched(app, target = '', { waitFor = READY, viewport } = {}) {
  const context = await app.browser.newContext({ viewport: viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const { dialogs } = await watchPage(page);
  // Static hosts refuse request lines longer than about 8 KB (nginx: 414; the test server: 431),
  // so a longer link never reaches the page there. To show the page copes anyway, such a link
  // gets dist/index.html straight from the disk; its assets load from the server as usual.
  await context.route(
    (u) => u.href.length > 8_000,
    (route) => route.fulfill({ path: path.join(DIST, 'index.html'), contentType: 'text/html; charset=utf-8' }),
  );
  const url = /^https?:/.test(target) ? target : app.url + target;
  await page.goto(url, { waitUntil: 'load' });
  if (waitFor) {
    await page.waitForSelector(waitFor, { state: 'attached', timeout: 15_000 }).catch((err) => {
      throw new Error(`${url.slice(0, 200)}: ${waitFor} never appeared. Problems:\n  ${problems.join('\n  ')}`, {
        cause: err,
      });
    });
  }
  return { page, context, problems, dialogs, close: () => context.close() };
}

/** CSP violations the page has seen so far. */
export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? ['(the recorder was not installed)']);
}

/**
 * { jsHeap, wasm, nodes, domNodes, listeners } after a full garbage collection:
 * jsHeap = Runtime.getHeapUsage's usedSize; wasm = the module's memory in bytes;
 * nodes = elements in the document, docNodes = all its nodes (text too); domNodes/listeners =
 * Memory.getDOMCounters (every node alive, detached ones too).
 */
export async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const inPage = await page.evaluate(() => ({
    wasm: Object.values(window.__wasm ?? {}).find((v) => v instanceof WebAssembly.Memory)?.buffer.byteLength ?? -1,
    nodes: document.getElementsByTagName('*').length,
    docNodes: (() => {
      const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
      let n = 0;
      while (walker.nextNode()) n += 1;
      return n;
    })(),
  }));
  return {
    jsHeap: heap.usedSize,
    wasm: inPage.wasm,
    nodes: inPage.nodes,
    docNodes: inPage.docNodes,
    domNodes: counters.nodes,
    listeners: counters.jsEventListeners,
  };
}

/** The clock's text. */
export async function clock(page) {
  return (await page.textContent('[data-testid=clock]')).trim();
}

/**
 * Clicks Play and returns how many ms passed, in the page's own clock, from the click event
 * to the first change of the clock's text: the app's reaction time, without the round trips
 * between Node and the browser (which a busy machine makes long and noisy).
 */
export async function clickPlayLatency(page, limit = 5_000) {
  await page.evaluate(() => {
    const lat = (window.__latency = { click: null, change: null });
    const read = () => document.querySelector('[data-testid=clock]')?.textContent.trim();
    const before = read();
    document.querySelector('[data-testid=play]').addEventListener(
      'click',
      () => {
        lat.click = performance.now();
      },
      { capture: true, once: true },
    );
    const observer = new MutationObserver(() => {
      if (lat.click !== null && read() !== before) {
        lat.change = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.click('[data-testid=play]');
  await page.waitForFunction(() => window.__latency.change !== null, null, { timeout: limit });
  return Math.round(await page.evaluate(() => window.__latency.change - window.__latency.click));
}

/** Bytes as "12.3 MB". */
export function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
