// Serves a built dist/ the way the end-to-end tests do (at `/` and under a course sub-path).
//   node web/e2e/serve.mjs [--dir dist] [--address 127.0.0.1] [--port 8080]
// Used by `bash scripts/serve --release`.

import { parseArgs } from 'node:util';
import path from 'node:path';
import { ROOT, serveStatic } from './helpers.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    address: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
  },
});

const server = await serveStatic(path.resolve(ROOT, values.dir), {
  host: values.address,
  port: Number(values.port),
});
console.log(`Teardown: ${server.url}`);
console.log(`      and ${server.subUrl}`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
