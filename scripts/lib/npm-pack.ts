/** Fetches a pinned package tarball from the npm registry (through npm's cache) without installing it. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function npmPack(spec: string, log: (msg: string) => void = () => {}): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'visage-pack-'));
  try {
    log(`fetching ${spec} (npm pack)…`);
    execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--silent', '--ignore-scripts'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${spec} produced no tarball`);
    return new Uint8Array(readFileSync(join(dir, tgz)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
