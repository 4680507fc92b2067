/**
 * Reads single files out of a .tgz (npm tarball) in memory: enough of the ustar/pax
 * format for npm packages, with no dependency and nothing else written to disk.
 */
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

function field(block: Uint8Array, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return new TextDecoder().decode(end === -1 ? raw : raw.subarray(0, end));
}

function octal(block: Uint8Array, start: number, length: number): number {
  const text = field(block, start, length).trim();
  return text ? parseInt(text, 8) : 0;
}

/** Path from a pax extended header ("<len> path=<value>\n" records), if any. */
function paxPath(data: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(data);
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text);
  return match?.[1];
}

/**
 * Returns the contents of the wanted paths (as written in the tarball, e.g. "package/x.bin"),
 * or of every file whose path the predicate accepts.
 */
export function extractFromTgz(tgz: Uint8Array, wanted: readonly string[] | ((path: string) => boolean)): Map<string, Uint8Array> {
  const accept = typeof wanted === 'function' ? wanted : (path: string) => wanted.includes(path);
  const tar = gunzipSync(tgz);
  const found = new Map<string, Uint8Array>();
  let pos = 0;
  let longName: string | undefined;
  while (pos + BLOCK <= tar.length) {
    const header = tar.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const data = tar.subarray(pos + BLOCK, pos + BLOCK + size);
    pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longName = paxPath(data);
      continue;
    }
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    longName = undefined;
    if ((type === '0' || type === '\0') && accept(name)) found.set(name, new Uint8Array(data));
  }
  const missing = typeof wanted === 'function' ? (found.size ? [] : ['(no file matched)']) : wanted.filter((w) => !found.has(w));
  if (missing.length) throw new Error(`Not found in the tarball: ${missing.join(', ')}`);
  return found;
}
