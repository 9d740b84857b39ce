// Issue 8, the browser side: hostile links, extreme settings, the Content-Security-Policy and
// the panic overlay, against the release build (dist/) in Debian's Chromium.
//
// Every hostile link must: fire no dialog, insert no element of its own, log no console
// error, name its bad keys in the notice as plain text, and leave a working page (Play moves
// the clock, the ladder is drawn). Screenshots: web/e2e/screenshots/robust-*.png
//
// DOM contract, beyond foundation.test.mjs / app.test.mjs:
//   #teardown-panic / [data-testid=teardown-panic]   the panic overlay (role=alertdialog)
//   [data-testid=panic-message] [data-testid=panic-reset] [data-testid=panic-reload]
//   window.wasmBindings.__teardown_test_panic()      the test-only panic trigger

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIST, READY, assertNoProblems, shot, startApp } from './helpers.mjs';
import { clickPlayLatency, clock, cspViolations, mb, memory, openWatched } from './probe.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** What a hostile link must never achieve; `window.__pwned` is what the payloads try to set. */
async function assertNothingInjected(page, dialogs, label) {
  assert.deepEqual(dialogs, [], `${label}: a dialog fired`);
  const found = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    imgX: document.querySelectorAll('img[src=x], img[src="x"]').length,
    imgs: document.querySelectorAll('img').length,
    scripts: [...document.scripts].map((s) => s.src || `inline:${s.textContent.slice(0, 40)}`),
    iframes: document.querySelectorAll('iframe').length,
    handlers: [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith('on')),
    ).length,
    svgScripts: document.querySelectorAll('svg script, svg foreignObject').length,
  }));
  assert.equal(found.pwned, null, `${label}: injected code ran`);
  assert.equal(found.imgX, 0, `${label}: an injected <img src=x> exists`);
  assert.equal(found.imgs, 0, `${label}: the page has an <img> it never draws itself`);
  assert.equal(found.handlers, 0, `${label}: an element has an on* attribute`);
  assert.equal(found.svgScripts, 0, `${label}: script or foreignObject inside an SVG`);
  assert.equal(found.iframes, 0, `${label}: an iframe appeared`);
  // Only index.html's own: the early WASM compile with the prerender guard (td-pending), and
  // Trunk's loader, nothing else (as built: the release build's HTML is minified).
  const own = await ownScripts();
  assert.equal(own.length, 2, `dist/index.html should hold two inline scripts: ${own.join(', ')}`);
  assert.match(own[0], /^window\.tdWasm=WebAssembly\.compileStreaming.*location\.search.*td-pending/s, own[0]);
  assert.match(own[1], /import init/, own[1]);
  const seen = own.map((text) => `inline:${text.slice(0, 40)}`);
  assert.deepEqual(found.scripts, seen, `${label}: scripts: ${found.scripts.join(', ')}`);
}

/** index.html's inline scripts, as built. */
async function ownScripts() {
  const { inlineScripts } = await import('../../scripts/csp-hook.mjs');
  return inlineScripts(await readFile(path.join(DIST, 'index.html'), 'utf8'));
}

/** The page still works: the ladder is drawn and Play moves the clock within 500 ms. */
async function assertWorks(page, label) {
  assert.ok(await page.$('[data-testid=ladder]'), `${label}: no ladder`);
  const ms = await clickPlayLatency(page);
  assert.ok(ms < 500, `${label}: the clock moved ${ms} ms after the click on Play`);
  // And pauses again.
  await page.click('[data-testid=play]');
  assert.equal(await page.getAttribute('[data-testid=play]', 'aria-pressed'), 'false', label);
  return ms;
}

const XSS = '<img src=x onerror="window.__pwned=1;alert(1)">';
const SCRIPT = '"><script>window.__pwned=2;alert(2)</script>';
const QUOTES = `'"\`;--/*</textarea></title><svg onload=alert(3)>`;
const enc = encodeURIComponent;

/**
 * [label, query, keys the notice must name, literal text the notice must show]. Every key of
 * the link format gets markup; values as typed in an address bar (some unencoded on purpose).
 */
const HOSTILE = [
  ['markup in lang', `?lang=${enc(XSS)}`, ['lang'], '<img src=x'],
  ['script in close', `?close=${enc(SCRIPT)}`, ['close'], '"><script>'],
  ['raw script in close (unencoded)', `?close="><script>alert(1)</script>`, ['close'], '<script>'],
  ['quotes and svg in msl', `?msl=${enc(QUOTES)}`, ['msl'], '</textarea>'],
  [
    'markup in every key',
    '?' +
      ['close', 'gap', 'msl', 'delay', 'rto', 'dack', 'data', 'drop', 'loss', 'seed', 'tw',
        'finwait2', 'abort', 'reopen', 'lang', 't', 'embed', 'lesson', 'step']
        .map((k) => `${k}=${enc(XSS)}`)
        .join('&'),
    ['close', 'gap', 'msl', 'delay', 'rto', 'dack', 'data', 'drop', 'loss', 'seed', 'tw',
      'finwait2', 'abort', 'reopen', 'lang', 't'],
    '<img src=x',
  ],
  ['markup as a key', `?${enc(XSS)}=1&${enc(SCRIPT)}=2`, [], '<img src=x'],
  ['javascript: URL in a value', `?lang=javascript:alert(1)&close=data:text/html,<b>x</b>`, ['lang', 'close'], 'javascript:alert(1)'],
  ['a 100 KB value', `?close=${'A'.repeat(100_000)}`, ['close'], 'AAAA'],
  ['a 100 KB key', `?${'k'.repeat(100_000)}=1`, [], 'kkkk'],
  ['invalid UTF-8 escapes', '?lang=%FF%FE&close=%C0%AF&msl=%E2%82&%FF%FE=1&drop=%ED%A0%80', ['lang', 'close', 'msl', 'drop'], '\uFFFD'],
  ['percent-escape garbage', '?close=%&msl=%%41&delay=%zz&data=%00%01', ['close', 'msl', 'delay', 'data'], null],
  ['a huge drop list', `?drop=${Array.from({ length: 20_000 }, (_, i) => i + 1).join(',')}`, ['drop'], null],
  ['msl=1e999', '?msl=1e999', ['msl'], '1e999'],
  ['numbers that are not', '?msl=NaN&delay=Infinity&rto=0x10&gap=-1&dack=1e3&finwait2=-0', ['msl', 'delay', 'rto', 'gap'], 'NaN'],
  ['data=1000000', '?data=1000000', ['data'], '1000000'],
  ['loss=100', '?loss=100', [], null],
  ['seed=u64::MAX', '?seed=18446744073709551615&loss=50', [], null],
  ['seed=u64::MAX+1', '?seed=18446744073709551616', ['seed'], null],
  ['t=-5', '?t=-5', ['t'], '-5'],
  ['t=99999999999', '?t=99999999999', ['t'], null],
  ['duplicate keys', `?msl=1&msl=${enc(XSS)}&msl=3&close=server&close=${enc(SCRIPT)}`, ['msl', 'close'], '<img src=x'],
  ['fragment tricks', `?close=server#<img src=x onerror=alert(1)>?lang=zh&close=${enc(SCRIPT)}`, [], null],
  ['fragment javascript:', '?drop=3#javascript:alert(1)', [], null],
  ['an empty and a bare query', '?&&=&=x&lang&close=&', [], null],
];

for (const [label, query, keys, shown] of HOSTILE) {
  test(`a hostile link cannot run code or break the page: ${label}`, async () => {
    const { page, problems, dialogs, close } = await openWatched(app, query);
    await assertNothingInjected(page, dialogs, label);
    const notice = await page.$('[data-testid=notice]');
    const said = notice ? await notice.innerText() : '';
    for (const key of keys) {
      assert.ok(notice, `${label}: no notice`);
      assert.ok(
        said.includes(`“${key}`) || said.includes(`"${key}`) || new RegExp(`\\b${key}\\b`).test(said),
        `${label}: the notice does not name ${key}: ${said.slice(0, 400)}`,
      );
    }
    if (shown) {
      assert.ok(said.includes(shown), `${label}: the notice does not show ${JSON.stringify(shown)} as text: ${said.slice(0, 400)}`);
    }
    // Long values are shortened in the notice, so a hostile link cannot flood it.
    assert.ok(said.length < 20_000, `${label}: the notice holds ${said.length} characters`);
    await assertWorks(page, label);
    await assertNothingInjected(page, dialogs, `${label} (after playing)`);
    assert.deepEqual(await cspViolations(page), [], `${label}: CSP violations`);
    if (/markup in every key|raw script|invalid UTF-8/.test(label)) {
      await shot(page, `robust-${label.replace(/\W+/g, '-')}`);
    }
    assertNoProblems(problems);
    await close();
  });
}

for (const [label, query] of [
  // 100 KB of `a&`: 50 000 times the same unknown key. Before the notice was capped
  // (crates/teardown-web/src/guard.rs) this froze the page for more than 15 s.
  ['50 000 repeats of one unknown key', `?${'a&'.repeat(50_000)}lang=zh`],
  ['10 000 different unknown keys', `?${Array.from({ length: 10_000 }, (_, i) => `k${i}=<b>${i}</b>`).join('&')}`],
]) {
  test(`a link with thousands of bad keys stays responsive: ${label}`, async () => {
    const { page, problems, dialogs, close } = await openWatched(app, query);
    // The app's own start-up: from the document being parsed to the ladder drawn. (Chromium
    // and the test's route take seconds to carry a 100 KB URL; that is not the app.)
    const loadMs = Math.round(
      await page.evaluate(
        () => performance.now() - performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
      ),
    );
    await assertNothingInjected(page, dialogs, label);
    const ms = await assertWorks(page, label);
    const items = await page.$$eval('[data-testid=notice] li', (els) => els.length);
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    console.log(`${label}: drawn ${loadMs} ms after DOMContentLoaded, Play answered in ${ms} ms, ${items} notice lines, ${nodes} elements`);
    assert.ok(items >= 1 && items <= 21, `${label}: the notice has ${items} lines`);
    assert.ok(loadMs < 3_000, `${label}: the app took ${loadMs} ms to start`);
    assertNoProblems(problems);
    await close();
  });
}

/** [link, keys the notice must name (empty: the value is valid, so no notice)]. */
const EXTREMES = [
  ['?msl=0', ['msl']],
  ['?msl=1000000000', ['msl']],
  ['?delay=0', ['delay']],
  ['?loss=100', []],
  ['?data=1000000', ['data']],
  ['?seed=18446744073709551615&loss=30', []],
  ['?msl=600&delay=60000&rto=60000&dack=60000&data=100&loss=60&finwait2=600&gap=600000&reopen=1&seed=3', []],
];

for (const [query, keys] of EXTREMES) {
  test(`extreme setting ${query.slice(0, 60)}: a notice if clamped, a responsive page, bounded memory`, async () => {
    const { page, problems, dialogs, close } = await openWatched(app, query);
    const notice = await page.$('[data-testid=notice]');
    if (keys.length) {
      assert.ok(notice, `${query}: no notice`);
      const said = await notice.innerText();
      for (const key of keys) assert.match(said, new RegExp(`\\b${key}\\b`), `${query}: ${said}`);
    } else {
      assert.equal(notice, null, `${query} is valid, yet a notice appeared`);
    }
    const ms = await assertWorks(page, query);
    // To the end and back: the whole timeline can be drawn.
    await page.click('[data-testid=to-end]');
    const end = await clock(page);
    await page.click('[data-testid=to-start]');
    await page.selectOption('[data-testid=speed]', '8');
    const ms8 = await clickPlayLatency(page);
    assert.ok(ms8 < 500, `${query}: at 8× the clock moved ${ms8} ms after Play`);
    await page.click('[data-testid=play]');
    const cdp = await page.context().newCDPSession(page);
    const mem = await memory(page, cdp);
    console.log(
      `${query.slice(0, 50)}: Play ${ms} ms / ${ms8} ms, end ${end}, JS heap ${mb(mem.jsHeap)}, ` +
        `WASM ${mb(mem.wasm)}, ${mem.nodes} elements`,
    );
    assert.ok(mem.wasm > 0 && mem.wasm <= 64e6, `${query}: WASM memory ${mb(mem.wasm)}`);
    assert.ok(mem.jsHeap <= 64e6, `${query}: JS heap ${mb(mem.jsHeap)}`);
    assert.ok(mem.nodes <= 20_000, `${query}: ${mem.nodes} elements`);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await cspViolations(page), [], `${query}: CSP violations`);
    assertNoProblems(problems);
    await close();
  });
}

test('the built page carries a strict Content-Security-Policy with the loader hashed', async () => {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  // The release build is minified: attributes in any order, unquoted where HTML allows it.
  const { policyMeta } = await import('../../scripts/csp-hook.mjs');
  const m = policyMeta(html);
  assert.ok(m, 'no CSP meta tag in dist/index.html');
  const policy = Object.fromEntries(
    m[1].split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
  assert.deepEqual(policy['default-src'], ["'self'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  assert.deepEqual(policy['base-uri'], ["'none'"]);
  assert.deepEqual(policy['form-action'], ["'none'"]);
  const scripts = policy['script-src'];
  assert.ok(scripts.includes("'self'") && scripts.includes("'wasm-unsafe-eval'"), scripts.join(' '));
  assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), scripts.join(' '));
  assert.ok(scripts.some((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s)), 'no script hash');
  assert.ok(!m[1].includes('inline-script-hashes'), 'the placeholder was not replaced');
  assert.ok(!(policy['style-src'] ?? []).includes("'unsafe-inline'"), 'style-src allows inline <style>');
  // The policy comes before any script, so it governs them all.
  assert.ok(html.indexOf(m[0]) < html.indexOf('<script'), 'the CSP meta comes after a script');
});

test('the app runs under its CSP with no violation, and the CSP really blocks injected script', async () => {
  const { page, problems, dialogs, close } = await openWatched(app, '?drop=3&lang=zh');
  await page.selectOption('[data-testid=speed]', '8');
  await page.click('[data-testid=play]');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false',
    null,
    { timeout: 30_000 },
  );
  await page.click('[data-testid=lang-en]');
  await page.click('[data-testid=to-start]');
  // Flights on the stage carry style="left:…" (style-src-attr).
  await page.click('[data-testid=step-next]');
  await page.click('[data-testid=step-next]');
  assert.deepEqual(await cspViolations(page), [], 'the app itself caused CSP violations');
  assertNoProblems(problems);

  // Enforcement: an inline script added now and an image from elsewhere are refused. (eval
  // cannot be tested from here: DevTools' evaluate bypasses the CSP; the policy test above
  // checks that script-src has no 'unsafe-eval'.)
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = "inline script"';
    document.head.append(s);
    const img = document.createElement('img');
    img.setAttribute('src', 'https://example.invalid/x.png');
    document.body.append(img);
    img.remove();
  });
  // The violations are reported as events, after the refusals.
  await page
    .waitForFunction(
      () =>
        window.__cspViolations.some((v) => v.startsWith('script-src')) &&
        window.__cspViolations.some((v) => v.startsWith('img-src')),
      null,
      { timeout: 5_000 },
    )
    .catch(() => {});
  const verdict = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    violations: window.__cspViolations,
  }));
  assert.equal(verdict.pwned, null, 'an injected inline script ran');
  assert.ok(
    verdict.violations.some((v) => v.startsWith('script-src')) &&
      verdict.violations.some((v) => v.startsWith('img-src')),
    `expected script-src and img-src violations: ${verdict.violations.join('; ')}`,
  );
  assert.deepEqual(dialogs, []);
  await close();
});

for (const lang of ['en', 'zh']) {
  test(`a panic shows a readable overlay with reset and reload links (${lang})`, async () => {
    const query = `?drop=3&lang=${lang}&t=1200`;
    const { page, problems, dialogs, close } = await openWatched(app, query);
    const hasTrigger = await page.evaluate(
      () => typeof window.wasmBindings?.__teardown_test_panic === 'function',
    );
    assert.ok(hasTrigger, 'window.wasmBindings.__teardown_test_panic is missing');
    const thrown = await page.evaluate(() => {
      try {
        window.wasmBindings.__teardown_test_panic();
        return null;
      } catch (e) {
        return `${e.name}: ${e.message}`;
      }
    });
    // panic = "abort": the hook runs, then the module traps.
    assert.match(thrown ?? '', /RuntimeError|unreachable/i, `the panic did not abort: ${thrown}`);
    const overlay = await page.waitForSelector('[data-testid=teardown-panic]', { timeout: 2_000 });
    assert.ok(await overlay.isVisible(), 'the overlay is not visible');
    assert.equal(await overlay.getAttribute('role'), 'alertdialog');
    const said = await overlay.innerText();
    if (lang === 'zh') {
      assert.match(said, /出错了/);
      assert.match(said, /重置为默认场景/);
    } else {
      assert.match(said, /Something went wrong/);
      assert.match(said, /Reset to the default scenario/);
      assert.match(said, /Reload/);
    }
    // The message is shown as text: the markup in it is not markup.
    const message = await page.textContent('[data-testid=panic-message]');
    assert.match(message, /test panic <b>not markup<\/b> & "quotes"/);
    assert.equal(await overlay.$('b'), null, 'the panic message became markup');
    assert.ok(message.length <= 320, `the message is not truncated: ${message.length} chars`);
    // It covers the page: the element at the centre belongs to the overlay.
    const onTop = await page.evaluate(() => {
      const el = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
      return !!el?.closest('#teardown-panic');
    });
    assert.ok(onTop, 'the overlay does not cover the page');
    const reset = await page.getAttribute('[data-testid=panic-reset]', 'href');
    const reload = await page.getAttribute('[data-testid=panic-reload]', 'href');
    assert.equal(reset, app.url, 'reset goes to the page without its query');
    assert.ok(reload.startsWith(app.url + '?') && !reload.includes('#'), reload);
    await shot(page, `robust-panic-${lang}`);
    // The console still has the panic, and the trap is the only other error.
    const expected = problems.filter((p) => /Teardown: panicked at .*test panic/.test(p));
    assert.equal(expected.length, 1, `the panic was not logged: ${problems.join('\n')}`);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(dialogs, []);
    // The reset link works with the module dead: it loads a fresh, working page.
    problems.length = 0;
    await page.click('[data-testid=panic-reset]');
    await page.waitForURL(app.url);
    await page.waitForSelector(READY);
    assert.equal(await page.$('[data-testid=teardown-panic]'), null);
    assert.equal(await page.$('[data-testid=notice]'), null);
    await assertWorks(page, 'after reset');
    assertNoProblems(problems);
    await close();
  });
}

test('the CSP hook hashes every inline script and refuses pages it cannot protect', async () => {
  const { completePolicy, scriptHash, PLACEHOLDER } = await import('../../scripts/csp-hook.mjs');
  const meta = `<meta http-equiv="Content-Security-Policy" content="script-src 'self' ${PLACEHOLDER}; style-src 'self'">`;
  const page = (body) => `<html><head>${meta}<script type="module">a()</script></head><body>${body}</body></html>`;
  const done = completePolicy(page(`<script>const address = '{{__TRUNK_ADDRESS__}}';</script>`));
  // trunk serve's reload script is pinned first, so the server has nothing left to change.
  assert.ok(done.html.includes('const address = window.location.host;'), done.html);
  assert.deepEqual(done.hashes, [scriptHash('a()'), scriptHash('const address = window.location.host;')]);
  assert.equal(done.policy, `script-src 'self' ${done.hashes.join(' ')}; style-src 'self'`);
  // A script with src needs no hash.
  assert.deepEqual(completePolicy(page('<script src="./x.js"></script>')).hashes, [scriptHash('a()')]);
  assert.throws(() => completePolicy('<html><head><script>a()</script></head></html>'), /no <meta/);
  assert.throws(() => completePolicy(page('<style>p{}</style>')), /inline <style>/);
  assert.throws(() => completePolicy(page('<button onclick="x()">')), /event handler/);
  assert.throws(() => completePolicy(page('').replace(PLACEHOLDER, '')), /placeholder/);
  // As Trunk's minifier writes it: content first, http-equiv unquoted.
  const minified = `<html><head><meta content="script-src 'self' ${PLACEHOLDER}" http-equiv=Content-Security-Policy><script type=module>a()</script></head></html>`;
  assert.equal(completePolicy(minified).policy, `script-src 'self' ${scriptHash('a()')}`);
  // A meta that is not the policy is left alone.
  assert.throws(() => completePolicy(`<meta content="x ${PLACEHOLDER}" name=description>`), /no <meta/);
});
