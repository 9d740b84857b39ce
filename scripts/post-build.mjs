// Trunk post_build hook (Trunk.toml [[hooks]]), in this order:
// 1. prerender: runs `prerender` (crates/teardown-web/src/bin/prerender.rs, natively, feature
//    "ssr"), which prints the first view as Yew renders it, and writes it into the staged
//    index.html's <div id="app"></div>: the page shows both hosts before its WASM has loaded,
//    then hydrates that HTML (teardown_web::run).
// 2. text packs: the Chinese and lesson texts the page's build leaves out of its WASM
//    (crates/teardown-web/src/text.rs), from `prerender --text en|zh`, written as
//    text-en-<hash>.txt / text-zh-<hash>.txt and named in <meta name="teardown-text-en|zh">
//    (the hash changes with the text, so a browser never mixes an old file with a new page).
// 3. the export module: crates/teardown-export (SVG, Mermaid, pcap) built as a WASM module of its
//    own, export-<hash>.js + export-<hash>_bg.wasm, named in <meta name="teardown-export">; the
//    page fetches it when its Export dialog first opens (crates/teardown-web/src/exports.rs).
//    Built with the page's profile (TRUNK_PROFILE); a release build goes through wasm-opt -Oz.
// 4. an early compile of the page's WASM: a small inline script at the top of <head> starts
//    `WebAssembly.compileStreaming(fetch(wasm))` while the HTML is still parsed and the
//    prerendered view laid out, and Trunk's loader is handed that promise instead of the URL,
//    so the compile is off the critical path (it used to start only after the first layout).
//    Trunk's `<link rel=preload>` of the WASM goes: the early fetch replaces it, with the same
//    integrity hash.
// 5. the Content-Security-Policy (scripts/csp-hook.mjs): hashes the inline scripts.
// One hook, not two: Trunk starts the hooks of a stage together, and the policy must see the
// final page.
//
// By hand: node scripts/post-build.mjs path/to/dist   (the folder holding index.html)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { completePolicy } from './csp-hook.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The empty root element of index.html (quotes optional, should a minifier drop them). */
const ROOT_ELEMENT = /<div id="?app"?>\s*<\/div>/;

/** `html` with `markup` inside its root element; throws if the root is missing. */
export function injectPrerender(html, markup) {
  if (!ROOT_ELEMENT.test(html)) throw new Error('index.html has no empty <div id="app"></div>');
  if (!markup.includes('data-testid="state-client"')) {
    throw new Error('the prerendered view does not show the hosts');
  }
  return html.replace(ROOT_ELEMENT, () => `<div id="app">${markup}</div>`);
}

/** Output of the native `prerender` binary: the first view as HTML (no arguments) or a text
 *  pack (`--text en|zh`). */
export function runPrerender(...args) {
  return execFileSync(
    'cargo',
    ['run', '--quiet', '--package', 'teardown-web', '--features', 'ssr', '--bin', 'prerender', '--', ...args],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 },
  );
}

/** The first view as HTML. */
export const renderFirstView = () => runPrerender();

/** The packs' file names by language, after writing them into `dir` (old ones removed). */
export function writeTextPacks(dir) {
  for (const f of readdirSync(dir)) if (/^text-(en|zh)-[0-9a-f]+\.txt$/.test(f)) unlinkSync(path.join(dir, f));
  const names = {};
  for (const lang of ['en', 'zh']) {
    const body = runPrerender('--text', lang);
    if (!body.startsWith(`teardown-text 1 text-${lang}\n`)) throw new Error(`text pack ${lang} is malformed`);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    names[lang] = `text-${lang}-${hash}.txt`;
    writeFileSync(path.join(dir, names[lang]), body);
  }
  return names;
}

/** `html` with a `<meta name="teardown-text-…">` per pack before its first script (the page and
 *  index.html's preload read them there). */
export function injectTextNames(html, names) {
  const metas = Object.entries(names)
    .map(([lang, file]) => `<meta name="teardown-text-${lang}" content="${file}">`)
    .join('');
  const at = html.indexOf('<script');
  if (at < 0) throw new Error('index.html has no <script>');
  return html.slice(0, at) + metas + html.slice(at);
}

/** wasm-opt from binaryen on npm (package.json), which Trunk also uses; else the one on PATH. */
function wasmOpt() {
  const local = path.join(ROOT, 'node_modules', '.bin', 'wasm-opt');
  return existsSync(local) ? local : 'wasm-opt';
}

/** Builds the export module into `dir` (old copies removed) and returns its two file names. */
export function buildExportModule(dir, release) {
  for (const f of readdirSync(dir)) if (/^export-[0-9a-f]+(\.js|_bg\.wasm)$/.test(f)) unlinkSync(path.join(dir, f));
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const profile = release ? 'release' : 'debug';
  run('cargo', [
    'build', '--quiet', '--package', 'teardown-export', '--lib', '--target', 'wasm32-unknown-unknown',
    ...(release ? ['--release'] : []),
  ]);
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
  const built = path.join(targetDir, 'wasm32-unknown-unknown', profile, 'teardown_export.wasm');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'teardown-export-'));
  try {
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', tmp, '--out-name', 'export', built]);
    const wasmFile = path.join(tmp, 'export_bg.wasm');
    // The page's wasm-opt settings (index.html's data-wasm-opt-params, explained there).
    const flags = ['-Oz', '--converge', '--zero-filled-memory', '--low-memory-unused'];
    if (release) run(wasmOpt(), [...flags, `--output=${wasmFile}`, wasmFile]);
    const js = readFileSync(path.join(tmp, 'export.js'));
    const wasm = readFileSync(wasmFile);
    const hash = createHash('sha256').update(js).update(wasm).digest('hex').slice(0, 16);
    const names = { js: `export-${hash}.js`, wasm: `export-${hash}_bg.wasm` };
    writeFileSync(path.join(dir, names.js), js);
    writeFileSync(path.join(dir, names.wasm), wasm);
    return names;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `html` with `<meta name="teardown-export" content="JS WASM">` before its first script. */
export function injectExportNames(html, names) {
  const at = html.indexOf('<script');
  if (at < 0) throw new Error('index.html has no <script>');
  return html.slice(0, at) + `<meta name="teardown-export" content="${names.js} ${names.wasm}">` + html.slice(at);
}

/** `html` with the WASM compiled from the top of <head> (step 4 above). A page without Trunk's
 *  loader (nothing to hand the module to) is returned unchanged. */
export function injectEarlyCompile(html) {
  const loader = /module_or_path:\s*(['"`])(\.\/[^'"`]+_bg\.wasm)\1/;
  const m = html.match(loader);
  if (!m) return html;
  const url = m[2];
  const preload = new RegExp(`<link\\b[^>]*\\bhref=["']?${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}["']?[^>]*>`);
  const integrity = html.match(preload)?.[0].match(/\bintegrity=["']?([^"'\s>]+)/)?.[1];
  const options = integrity ? `,{integrity:${JSON.stringify(integrity)}}` : '';
  // A host that serves .wasm without `application/wasm` makes compileStreaming fail: the loader
  // then gets a plain response and instantiates it the slow way, as before.
  const early =
    `window.tdWasm=WebAssembly.compileStreaming(fetch(${JSON.stringify(url)}${options}))` +
    `.catch(function(){return fetch(${JSON.stringify(url)}${options})});`;
  // At the start of index.html's own inline script, the first in <head> (one script fewer to
  // hash and to check).
  const first = html.match(/<script>/);
  if (!first) return html;
  const at = first.index + first[0].length;
  return (html.slice(0, at) + early + html.slice(at))
    .replace(loader, (all) => all.replace('module_or_path:', 'module_or_path:window.tdWasm||'))
    .replace(preload, '');
}

function main() {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('usage: node scripts/post-build.mjs DIR (or set TRUNK_STAGING_DIR)');
  const file = path.join(dir, 'index.html');
  const markup = renderFirstView();
  const names = writeTextPacks(dir);
  const exportNames = buildExportModule(dir, process.env.TRUNK_PROFILE === 'release');
  const page = injectEarlyCompile(
    injectExportNames(injectTextNames(injectPrerender(readFileSync(file, 'utf8'), markup), names), exportNames),
  );
  const { html, hashes } = completePolicy(page);
  writeFileSync(file, html);
  console.log(
    `post-build: first view prerendered (${markup.length} bytes), ` +
      `text packs ${Object.values(names).join(', ')}, ` +
      `export module ${exportNames.js} + ${exportNames.wasm}, ` +
      `${hashes.length} inline script hash(es) in the policy: ${file}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (err) {
    console.error(`post-build: ${err.message}`);
    process.exit(1);
  }
}
