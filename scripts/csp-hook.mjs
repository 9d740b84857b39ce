// Trunk post_build hook (Trunk.toml [[hooks]]): completes the page's Content-Security-Policy.
//
// index.html carries the policy in a <meta http-equiv="Content-Security-Policy"> whose
// script-src holds the placeholder PLACEHOLDER below. Trunk writes the inline module script that
// loads the app (and, under `trunk serve`, its live-reload script) after the source is read, so
// their hashes can only be known now: this script hashes every inline <script> of the staged
// index.html ($TRUNK_STAGING_DIR) and puts `'sha256-…'` sources in place of the placeholder.
// No 'unsafe-inline' for scripts, ever.
//
// It fails the build (exit 1) if the policy or its placeholder is missing, if an inline script
// cannot be hashed, or if the page holds something the policy would block anyway (an inline
// <style> element or an inline event-handler attribute): better a failed build than a page that
// silently does not start.
//
// By hand: node scripts/csp-hook.mjs path/to/dist   (the folder holding index.html)

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PLACEHOLDER = "'inline-script-hashes'";

/** `'sha256-…'` of a script's text, as the browser computes it (UTF-8 bytes of the content). */
export function scriptHash(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Every inline script's text (scripts with a `src` are allowed by 'self' and skipped). */
export function inlineScripts(html) {
  const found = [];
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (const m of html.matchAll(re)) {
    if (/\bsrc\s*=/i.test(m[1])) continue;
    found.push(m[2]);
  }
  return found;
}

/**
 * `trunk serve` fills two placeholders of its live-reload script per response (the Host header
 * and the serve base), which would change the script after it was hashed. Filled here with
 * what the browser knows, the server finds nothing to replace and the hash holds. (Only the
 * reload script has them; a release build is unchanged.)
 */
export function pinReloadScript(html) {
  return html
    .replaceAll("'{{__TRUNK_ADDRESS__}}'", 'window.location.host')
    .replaceAll("'{{__TRUNK_WS_BASE__}}'", 'window.location.pathname.replace(/[^/]*$/, "")');
}

/**
 * The policy's `<meta>` as `[tag, content]`. Attributes in any order and `http-equiv` with or
 * without quotes: Trunk's HTML minifier (`minify = "on_release"`) writes
 * `<meta content="…" http-equiv=Content-Security-Policy>`.
 */
export function policyMeta(html) {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    if (!/\bhttp-equiv\s*=\s*(["']?)Content-Security-Policy\1[\s>\/]/i.test(tag)) continue;
    const content = tag.match(/\bcontent\s*=\s*"([^"]*)"/i);
    if (content) return [tag, content[1]];
  }
  return null;
}

/** The staged page with the placeholder replaced; throws on anything the policy would break. */
export function completePolicy(staged) {
  const html = pinReloadScript(staged);
  const meta = policyMeta(html);
  if (!meta) throw new Error('index.html has no <meta http-equiv="Content-Security-Policy">');
  if (!meta[1].includes(PLACEHOLDER)) {
    throw new Error(`the Content-Security-Policy has no ${PLACEHOLDER} placeholder`);
  }
  if (html.indexOf(meta[0]) > html.search(/<script\b/i) && /<script\b/i.test(html)) {
    throw new Error('the Content-Security-Policy must come before the first <script>');
  }
  if (/<style\b/i.test(html)) {
    throw new Error("an inline <style> element would be blocked by style-src 'self'");
  }
  const handler = html.match(/<[a-z][^>]*\son[a-z]+\s*=/i);
  if (handler) throw new Error(`an inline event handler would be blocked: ${handler[0]}`);
  const hashes = [...new Set(inlineScripts(html).map(scriptHash))];
  if (hashes.length === 0) console.warn('csp-hook: no inline script found (nothing to hash)');
  const policy = meta[1].replace(PLACEHOLDER, hashes.join(' ')).replace(/\s+;/g, ';');
  return { html: html.replace(meta[0], meta[0].replace(meta[1], policy)), policy, hashes };
}

function main() {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('usage: node scripts/csp-hook.mjs DIR (or set TRUNK_STAGING_DIR)');
  const file = path.join(dir, 'index.html');
  const { html, hashes } = completePolicy(readFileSync(file, 'utf8'));
  writeFileSync(file, html);
  console.log(`csp-hook: ${hashes.length} inline script hash(es) written to ${file}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (err) {
    console.error(`csp-hook: ${err.message}`);
    process.exit(1);
  }
}
