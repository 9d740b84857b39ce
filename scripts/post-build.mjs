// Trunk post_build hook (Trunk.toml [[hooks]]), in this order:
// 1. prerender: runs `prerender` (crates/teardown-web/src/bin/prerender.rs, natively, feature
//    "ssr"), which prints the first view as Yew renders it, and writes it into the staged
//    index.html's <div id="app"></div>: the page shows both hosts before its WASM has loaded,
//    then hydrates that HTML (teardown_web::run).
// 2. the Content-Security-Policy (scripts/csp-hook.mjs): hashes the inline scripts.
// One hook, not two: Trunk starts the hooks of a stage together, and the policy must see the
// final page.
//
// By hand: node scripts/post-build.mjs path/to/dist   (the folder holding index.html)

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

/** The first view as HTML, from the native `prerender` binary. */
export function renderFirstView() {
  return execFileSync(
    'cargo',
    ['run', '--quiet', '--package', 'teardown-web', '--features', 'ssr', '--bin', 'prerender'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 },
  );
}

function main() {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('usage: node scripts/post-build.mjs DIR (or set TRUNK_STAGING_DIR)');
  const file = path.join(dir, 'index.html');
  const markup = renderFirstView();
  const { html, hashes } = completePolicy(injectPrerender(readFileSync(file, 'utf8'), markup));
  writeFileSync(file, html);
  console.log(
    `post-build: first view prerendered (${markup.length} bytes), ` +
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
