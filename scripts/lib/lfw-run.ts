/**
 * Running an LFW-style pairs file through a browser page, shared by `npm run eval` (our
 * pipeline) and `npm run bench` (ours and the peer library): which pairs, which images, and the
 * batched round trips to the page with progress.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { lfwImagePath, type LfwPair } from './verification.ts';

/**
 * `limit` pairs spread evenly over `pairs` (all of them when 0). Same and different pairs come in
 * blocks: taking every k-th pair keeps both.
 */
export function pickPairs(pairs: readonly LfwPair[], limit: number): LfwPair[] {
  const n = limit ? Math.max(2, Math.min(limit, pairs.length)) : pairs.length;
  return n === pairs.length ? [...pairs] : Array.from({ length: n }, (_, i) => pairs[Math.floor((i * pairs.length) / n)]!);
}

/** Relative paths of the pairs' images, each once, and the first ones missing under `imagesDir`. */
export function pairImages(pairs: readonly LfwPair[], imagesDir: string): { images: string[]; missing: string[] } {
  const images = [...new Set(pairs.flatMap((p) => [lfwImagePath(p.a.name, p.a.index), lfwImagePath(p.b.name, p.b.index)]))];
  return { images, missing: images.filter((p) => !existsSync(resolve(imagesDir, p))) };
}

/** The URL of an image path under a server mount, e.g. `/__images/`. */
export const mountedUrl = (prefix: string, path: string) => `${prefix}${path.split('/').map(encodeURIComponent).join('/')}`;

export interface EmbedRunOptions {
  /** Images per round trip to the page. */
  batch: number;
  onProgress?: (p: { done: number; total: number; msPerImage: number; etaS: number }) => void;
  /** Checked between batches: true stops early (Ctrl-C). */
  stopped?: () => boolean;
}

/**
 * Runs `embed` over `images` in batches and gives every image's result by path, with the
 * wall time in ms.
 */
export async function embedImages<R>(images: readonly string[], embed: (paths: string[]) => Promise<R[]>, o: EmbedRunOptions): Promise<{ results: Map<string, R>; wallMs: number }> {
  const results = new Map<string, R>();
  const started = Date.now();
  for (let i = 0; i < images.length && !o.stopped?.(); i += o.batch) {
    const chunk = images.slice(i, i + o.batch);
    const out = await embed(chunk);
    out.forEach((r, j) => results.set(chunk[j]!, r));
    const done = Math.min(i + o.batch, images.length);
    const elapsed = (Date.now() - started) / 1000;
    o.onProgress?.({ done, total: images.length, msPerImage: (1000 * elapsed) / done, etaS: (elapsed / done) * (images.length - done) });
  }
  return { results, wallMs: Date.now() - started };
}
