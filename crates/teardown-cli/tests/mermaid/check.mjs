// Parses Mermaid files with the real mermaid.js (under jsdom) and checks that
// every message and note comes back with its full text: Mermaid's grammar
// silently cuts text at `#` or `;`, which a bare parse() would not notice.
//
//   MERMAID_NODE_MODULES=/path/to/node_modules node check.mjs FILE...
//
// The folder must hold the npm packages `mermaid` and `jsdom`. Exit status 0
// when every file passes; one line per file either way.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const modules = process.env.MERMAID_NODE_MODULES;
if (!modules) {
  console.log('MERMAID_NODE_MODULES is not set');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'x.js'));
const load = (name) => import(pathToFileURL(require.resolve(name)).href);

const { JSDOM } = await load('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const mermaid = (await load('mermaid')).default;
const yaml = (await load('js-yaml')).default;
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const source = fs.readFileSync(file, 'utf8');
  try {
    const parsed = await mermaid.parse(source);
    if (parsed.diagramType !== 'sequence') throw new Error(`parsed as ${parsed.diagramType}`);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
    const got = diagram.db.getMessages().map((m) => (m.message ?? '').trim());
    // An optional front matter carries the title. Mermaid reads it with js-yaml (its own
    // dependency), and parse() above already rejected a malformed one; the title must
    // also come back whole: the link's query, after "TCP connection close".
    const front = source.match(/^---\n([\s\S]*?)\n---\n/);
    const body = front ? source.slice(front[0].length) : source;
    if (front) {
      const title = yaml.load(front[1])?.title ?? '';
      if (!/^TCP connection close( · .+)?$/.test(title) || /[#;]/.test(title)) {
        throw new Error(`title ${JSON.stringify(title)}`);
      }
    }
    const wanted = body
      .split('\n')
      .slice(1)
      .filter((l) => l.includes(': ') && !l.trim().startsWith('participant'))
      .map((l) => l.slice(l.indexOf(': ') + 2).trim());
    const missing = wanted.filter((w) => !got.includes(w));
    if (missing.length) throw new Error(`text lost in parsing: ${JSON.stringify(missing.slice(0, 3))}`);
    const actors = [...diagram.db.getActors().keys()];
    if (actors.join(',') !== 'C,S') throw new Error(`participants ${actors}`);
    console.log(`ok ${file}: ${wanted.length} messages and notes`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${String(e.message ?? e).split('\n')[0]}`);
  }
}
process.exit(failed ? 1 : 0);
