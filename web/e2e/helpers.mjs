// Shared helpers for the end-to-end tests (`node --test web/e2e/`).
//
// - startApp(): serves the release build (dist/) on 127.0.0.1, on a free port, both at `/` and
//   under SUB_PATH, the way a course site hosts it; returns URLs for both.
// - launchBrowser(): Debian's Chromium through playwright-core (never a downloaded browser).
// - openPage(): a fresh page that records every console error, page error, failed request and
//   HTTP error, and waits until the app has drawn its ladder.
// - shot(): a full-page screenshot in web/e2e/screenshots/ (git-ignored).
//
// Typical test file:
//   const app = await startApp();            // in before()
//   const { page, problems } = await openPage(app, '?t=999999');
//   ...assertions...
//   await shot(page, 'name');
//   assertNoProblems(problems);
//   await app.close();                       // in after()

import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
export const DIST = process.env.TEARDOWN_DIST ?? path.join(ROOT, 'dist');
export const SCREENSHOTS = path.join(here, 'screenshots');
/** Where a course site might put the page. Served as well as `/`. */
export const SUB_PATH = '/courses/net/teardown/';

/**
 * The app has mounted: index.html carries a prerendered first view (a static copy, no
 * listeners), so the ladder alone does not mean the page responds; the app marks
 * `<html data-app="ready">` once its own view is in place.
 */
export const READY = 'html[data-app=ready] [data-testid=ladder]';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * A static server for `dir` at `/` and at SUB_PATH, on `host` and `port` (0: any free port).
 * Resolves to { origin, url, subUrl, close }.
 */
export async function serveStatic(dir = DIST, { host = '127.0.0.1', port = 0 } = {}) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run \`trunk build --release\` first`);
  }
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      let pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (pathname === SUB_PATH.slice(0, -1)) {
        // Like any static host: a folder without its slash redirects to the slash.
        const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        res.writeHead(301, { Location: SUB_PATH + query });
        return res.end();
      }
      if (pathname.startsWith(SUB_PATH)) pathname = '/' + pathname.slice(SUB_PATH.length);
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = path.resolve(root, '.' + pathname);
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403);
        return res.end();
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end(`not found: ${req.url}`);
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const origin = `http://${host}:${server.address().port}`;
  return {
    origin,
    url: `${origin}/`,
    subUrl: `${origin}${SUB_PATH}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * The server and one browser for a test file. Call in before(); call close() in after().
 * Resolves to { origin, url, subUrl, browser, close }.
 */
export async function startApp() {
  const server = await serveStatic();
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    ...server,
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/**
 * Opens `target` in a fresh browser context. `target` is a query like '?t=0' or '' (resolved
 * against the app's root URL), or a full URL. Records problems (console errors, uncaught page
 * errors, failed requests, HTTP errors) in `problems`, and every requested URL in `requests`.
 * Waits until the app is ready (READY) unless `{ waitFor: null }`.
 */
export async function openPage(app, target = '', { waitFor = READY, viewport } = {}) {
  const context = await app.browser.newContext({ viewport: viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => requests.push(req.url()));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('close', () => context.close().catch(() => {}));
  const url = /^https?:/.test(target) ? target : app.url + target;
  await page.goto(url, { waitUntil: 'load' });
  if (waitFor) {
    try {
      await page.waitForSelector(waitFor, { state: 'attached', timeout: 15_000 });
    } catch (err) {
      await shot(page, `failed-to-start-${Date.now()}`).catch(() => {});
      throw new Error(
        `${url}: ${waitFor} never appeared. Problems so far:\n  ${problems.join('\n  ') || '(none)'}`,
        { cause: err },
      );
    }
  }
  return { page, context, problems, requests, close: () => context.close() };
}

/** A full-page screenshot at web/e2e/screenshots/<name>.png. Returns the path. */
export async function shot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fails with every recorded problem listed. */
export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], `the page reported problems:\n  ${problems.join('\n  ')}`);
}

/** Waits until `fn(arg)`, evaluated in the page, is truthy; fails with `message`. */
export async function waitUntil(page, fn, arg, message, timeout = 5_000) {
  try {
    await page.waitForFunction(fn, arg, { timeout });
  } catch (err) {
    throw new Error(message ?? `timed out waiting for ${fn}`, { cause: err });
  }
}

/** Resolves after the page has drawn `n` more frames (what a screenshot or a measurement
 * taken "after the page has settled" waits for, instead of a fixed time). */
export async function frames(page, n = 2) {
  await page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
        step(n);
      }),
    n,
  );
}

/** The ladder's arrows in send order: [{ n, flags, dropped }]. */
export async function arrows(page) {
  const list = await page.$$eval('[data-testid=arrow]', (els) =>
    els.map((el) => ({
      n: Number(el.getAttribute('data-n')),
      flags: el.getAttribute('data-flags'),
      dropped: el.getAttribute('data-dropped'),
    })),
  );
  return list.sort((a, b) => a.n - b.n);
}

/** Trimmed text of every element matching `selector`. */
export async function texts(page, selector) {
  return page.$$eval(selector, (els) => els.map((el) => el.textContent.trim()));
}

/** Trimmed text of the first element matching `selector` (fails if there is none). */
export async function text(page, selector) {
  const el = await page.$(selector);
  assert.ok(el, `nothing matches ${selector}`);
  return (await el.textContent()).trim();
}

/** Waits until the address bar's link has `key` = `value` (null: has no `key`). */
export async function waitForParam(page, key, value) {
  await waitUntil(
    page,
    ([k, v]) => (new URLSearchParams(location.search).get(k) ?? undefined) === (v ?? undefined),
    [key, value ?? null],
    `the link never had ${key}=${value}: ${page.url()}`,
  );
}
