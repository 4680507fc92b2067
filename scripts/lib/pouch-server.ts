/**
 * A CouchDB-protocol server for tests: `pouchdb-server --in-memory` on 127.0.0.1, on a free port,
 * in a temporary folder (its config.json and log.txt go there); ready once it answers `GET /`
 * (polled, with a deadline); `stop()` ends it and removes the folder.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface PouchServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** Makes a database (PUT /name); its address. */
  createDb(name: string): Promise<string>;
  /** What the server wrote to stdout and stderr so far (for a report when it fails). */
  output(): string;
  stop(): Promise<void>;
}

/** A port the system says is free now (a small race with other programs remains). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `heapMb`: the server's Node heap limit (a large in-memory database needs more than the default). */
export async function startPouchServer({ readyWithinMs = 30_000, heapMb = 0 } = {}): Promise<PouchServer> {
  const dir = await mkdtemp(join(tmpdir(), 'visage-pouch-server-'));
  const port = await freePort();
  const bin = join(dirname(createRequire(import.meta.url).resolve('pouchdb-server/package.json')), 'bin', 'pouchdb-server');
  const args = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), bin, '--in-memory', '--host', '127.0.0.1', '--port', String(port), '--dir', dir, '--config', join(dir, 'config.json'), '--no-stdout-logs'];
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!done) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (done) {
      await stop();
      throw new Error(`pouchdb-server exited before it was ready:\n${output}`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`pouchdb-server did not answer within ${readyWithinMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const createDb = async (name: string) => {
    const r = await fetch(`${url}/${encodeURIComponent(name)}`, { method: 'PUT' });
    if (!r.ok) throw new Error(`PUT /${name}: ${r.status} ${await r.text()}`);
    return `${url}/${encodeURIComponent(name)}`;
  };
  return { url, createDb, output: () => output, stop };
}
