/**
 * The data layer behind `window.visageDb` on the lab page, for the browser tests
 * (e2e/db.spec.ts): real IndexedDB in real Chromium. Not part of the app's UI.
 */
import * as db from '../../src/db';
import { bytesToBase64 } from '../../src/db/backup-format';

const api = {
  ...db,
  /** A small PNG-typed blob (the PNG signature, then a label) standing in for an aligned face thumbnail. */
  fakeThumbnail(label = 'face'): Blob {
    return new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), label], { type: 'image/png' });
  },
  /** A deterministic unit-length embedding of the app's model's length, or `dim`. */
  fakeEmbedding(seed: number, dim: number = db.EMBEDDING_DIM): Float32Array {
    const v = new Float32Array(dim);
    let norm = 0;
    for (let i = 0; i < dim; i++) {
      v[i] = Math.sin(seed * 12.9898 + i * 78.233);
      norm += v[i]! * v[i]!;
    }
    return v.map((x) => x / Math.sqrt(norm));
  },
  /** A file's bytes as base64, to hand it to the test's Node side. */
  async toBase64(blob: Blob): Promise<string> {
    return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
  },
  /** A file from base64 bytes (from the test's Node side). */
  fromBase64(b64: string, name = 'backup.visage'): File {
    return new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name);
  },
};

declare global {
  interface Window {
    visageDb: typeof api;
  }
}
window.visageDb = api;
