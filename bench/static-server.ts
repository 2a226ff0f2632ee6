/**
 * Figure 6 reference: the built renderer served statically, with no backend (no catalog, no WebSocket).
 * Started as its own process by fig-startup.ts, like the browser-mode host, and prints its URL the same way.
 *
 *   tsx bench/static-server.ts DIR
 */
import { serveDir } from './browser';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx bench/static-server.ts DIR');
const site = await serveDir(dir);
process.stdout.write(`${site.url}\n`);
process.on('SIGTERM', () => void site.close().then(() => process.exit(0)));
