/**
 * A small static file server for the built app (dist/), with the cross-origin isolation
 * headers the app needs, plus optional extra mounts (test data, test-only vendor files).
 * Used by `npm run eval` and by the browser tests; `npm run preview` is Vite's own.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.tsv': 'text/plain; charset=utf-8',
};

export interface Mount {
  /** URL prefix, e.g. "/" or "/__data/". */
  prefix: string;
  dir: string;
}

export interface StaticServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function resolveFile(mounts: Mount[], pathname: string): string | null {
  // Longest prefix first, so "/__data/" wins over "/".
  for (const m of [...mounts].sort((a, b) => b.prefix.length - a.prefix.length)) {
    if (!pathname.startsWith(m.prefix)) continue;
    const root = resolve(m.dir);
    const file = normalize(join(root, decodeURIComponent(pathname.slice(m.prefix.length))));
    if (file !== root && !file.startsWith(root + sep)) return null; // no escaping the mount
    if (existsSync(file) && statSync(file).isDirectory()) {
      const index = join(file, 'index.html');
      return existsSync(index) ? index : null;
    }
    return existsSync(file) ? file : null;
  }
  return null;
}

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/**
 * A request handler serving `mounts`; a request no mount holds goes to `next` when given
 * (a middleware inside another server), else gets a 404.
 */
export function staticHandler(mounts: Mount[]) {
  return (req: IncomingMessage, res: ServerResponse, next?: () => void): void => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = resolveFile(mounts, pathname);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      if (next) next();
      else res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { ...HEADERS, 'Content-Type': type, 'Content-Length': statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
}

export function serveStatic(mounts: Mount[], port = 0, host = '127.0.0.1'): Promise<StaticServer> {
  const handle = staticHandler(mounts);
  const server = createServer((req, res) => handle(req, res));
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      ok({
        server,
        url: `http://${host}:${actual}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
