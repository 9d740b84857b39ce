// Trunk post_build hook (Trunk.toml [[hooks]]), in this order:
// 1. prerender: runs `prerender` (crates/teardown-web/src/bin/prerender.rs, natively, feature
//    "ssr"), which prints the first view as Yew renders it, and writes it into the staged
//    index.html's <div id="app"></div>: the page shows both hosts before its WASM has loaded,
//    then replaces it with its own render in the same task (teardown_web::run; no hydration).
// 2. text packs: the Chinese and lesson texts the page's build leaves out of its WASM
//    (crates/teardown-web/src/text.rs), from `prerender --text en|zh`, written as
//    text-en-<hash>.txt / text-zh-<hash>.txt and named in <meta name="teardown-text-en|zh">
//    (the hash changes with the text, so a browser never mixes an old file with a new page).
// 3. the export module: crates/teardown-export (SVG, Mermaid, pcap) built as a WASM module of its
//    own, export-<hash>.js + export-<hash>_bg.wasm, named in <meta name="teardown-export">; the
//    page fetches it when its Export dialog first opens (crates/teardown-web/src/exports.rs).
//    Built with the page's profile (TRUNK_PROFILE); a release build goes through wasm-opt -Oz.
// 4. short binding names (release builds): wasm-bindgen names each of the ~180 functions the
//    WASM imports from its JS `__wbg_<method>_<16 hex digits>`, in both files; Binaryen renames
//    them (and the exports, and the import module) to one or two letters and the JS is rewritten
//    to match (minifyBindingNames: −6.2 kB gzip for the two files, 2026-12-01). Integrity hashes follow.
// 5. an early compile of the page's WASM: a small inline script at the top of <head> starts
//    `WebAssembly.compileStreaming(fetch(wasm))` while the HTML is still parsed and the
//    prerendered view laid out, and Trunk's loader is handed that promise instead of the URL,
//    so the compile is off the critical path (it used to start only after the first layout).
//    Trunk's `<link rel=preload>` of the WASM goes: the early fetch replaces it, with the same
//    integrity hash.
// 6. the Content-Security-Policy (scripts/csp-hook.mjs): hashes the inline scripts.
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

/** The base64 SHA-384 Subresource Integrity value of `bytes`, as Trunk writes it. */
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** A property name for JS source: bare when it is an identifier, else quoted. */
const jsKey = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/**
 * Shortens the names the page's WASM and its wasm-bindgen JS use for each other (step 4 above):
 * wasm-bindgen names every import `__wbg_<method>_<16 hex digits>` and the import module
 * `./teardown-web_bg.js`, and both files carry each name. Binaryen's
 * `--minify-imports-and-exports-and-modules` renames them (`a`, `Fc`, …), keeping their order;
 * this rewrites the JS to match, checks that every name was found exactly where expected, and
 * updates the integrity hashes in `html`. Returns the new `html`; a page without Trunk's loader,
 * or a development build, is returned unchanged.
 */
export function minifyBindingNames(dir, html) {
  const wasmName = html.match(/module_or_path:\s*(['"`])\.\/([^'"`]+_bg\.wasm)\1/)?.[2];
  const jsName = html.match(/import init\s*,\s*\*\s*as bindings from\s*(['"`])\.\/([^'"`]+\.js)\1/)?.[2];
  if (!wasmName || !jsName) return html;
  const wasmFile = path.join(dir, wasmName);
  const jsFile = path.join(dir, jsName);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'teardown-minify-'));
  try {
    const out = path.join(tmp, 'out.wasm');
    execFileSync(wasmOpt(), [wasmFile, '--minify-imports-and-exports-and-modules', '-o', out], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // The pass keeps the order of imports and exports: old and new names pair up by position.
    const describe = (file) => new WebAssembly.Module(readFileSync(file));
    const [before, after] = [describe(wasmFile), describe(out)];
    const [oldImports, newImports] = [WebAssembly.Module.imports(before), WebAssembly.Module.imports(after)];
    const [oldExports, newExports] = [WebAssembly.Module.exports(before), WebAssembly.Module.exports(after)];
    if (oldImports.length !== newImports.length || oldExports.length !== newExports.length) {
      throw new Error('minify: wasm-opt changed the number of imports or exports');
    }
    const mapping = {
      imports: oldImports.map((im, i) => [im.module, im.name, newImports[i].module, newImports[i].name]),
      exports: oldExports.map((ex, i) => [ex.name, newExports[i].name]),
    };
    let js = readFileSync(jsFile, 'utf8');
    // `replacement` is a function: minified names may hold `$`, special in a replacement string.
    const replaceOnce = (pattern, replacement, what) => {
      let count = 0;
      js = js.replace(pattern, (...m) => {
        count += 1;
        return replacement(...m);
      });
      if (count === 0) throw new Error(`minify: ${what} not found in ${jsName}`);
      return count;
    };
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    // Imports: the keys of the object __wbg_get_imports() returns, one object per module.
    const modules = new Map();
    for (const [module, name, shortModule, short] of mapping.imports) {
      if ((modules.get(module) ?? shortModule) !== shortModule) throw new Error(`minify: module ${module} split`);
      modules.set(module, shortModule);
      const n = replaceOnce(new RegExp(`([{,])${escape(name)}:`, 'g'), (_, before) => `${before}${jsKey(short)}:`, `import ${name}`);
      if (n !== 1) throw new Error(`minify: import ${name} defined ${n} times in ${jsName}`);
    }
    for (const [module, short] of modules) {
      replaceOnce(new RegExp(`${escape(JSON.stringify(module))}:`, 'g'), () => `${JSON.stringify(short)}:`, `module ${module}`);
    }
    // Exports: every `wasm.name` the glue reads (some exports, e.g. `main`, it never names).
    for (const [name, short] of mapping.exports) {
      const use = new RegExp(`\\bwasm\\.${escape(name)}(?![\\w$])`, 'g');
      const access = /^[A-Za-z_$][\w$]*$/.test(short) ? `wasm.${short}` : `wasm[${JSON.stringify(short)}]`;
      if (use.test(js)) replaceOnce(use, () => access, `export ${name}`);
    }
    const leftover = js.match(/\b__wbg_\w+_[0-9a-f]{16}\b/);
    if (leftover) throw new Error(`minify: ${leftover[0]} is still in ${jsName}`);
    const wasm = readFileSync(out);
    writeFileSync(wasmFile, wasm);
    writeFileSync(jsFile, js);
    // Trunk preloads both with `integrity` (the early compile copies the WASM's).
    const relink = (page, name, bytes) => {
      const link = new RegExp(`(<link\\b[^>]*\\bhref=["']?\\./${escape(name)}["']?[^>]*\\bintegrity=["']?)[^"'\\s>]+`);
      if (!link.test(page)) throw new Error(`minify: no <link integrity> for ${name} in index.html`);
      return page.replace(link, (_, head) => `${head}${sri(bytes)}`);
    };
    return relink(relink(html, wasmName, wasm), jsName, Buffer.from(js));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `html` with the WASM compiled from the top of <head> (step 5 above). A page without Trunk's
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
  const release = process.env.TRUNK_PROFILE === 'release';
  const exportNames = buildExportModule(dir, release);
  let page = injectExportNames(injectTextNames(injectPrerender(readFileSync(file, 'utf8'), markup), names), exportNames);
  if (release) page = minifyBindingNames(dir, page);
  page = injectEarlyCompile(page);
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
