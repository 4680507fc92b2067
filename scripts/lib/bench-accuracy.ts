/**
 * The accuracy part of `npm run bench`: our app and the peer on the same LFW pairs, ours at the
 * app's own threshold, the peer at face-api's distance 0.6, each also at its best threshold.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { thresholdForGallery } from '../../src/ml/matcher.ts';
import type {} from '../../test/lab/lab.ts';
import { openPeer } from './bench-peer.ts';
import { r1, r4, type BenchLog } from './bench-report.ts';
import { embedImages, mountedUrl, pairImages, pickPairs } from './lfw-run.ts';
import { accuracyAt, bestThreshold, lfwImagePath, parsePairs } from './verification.ts';

/** Pairs are 1:1 comparisons: the app's threshold rule for a gallery of one person. */
const PAIR_THRESHOLD = thresholdForGallery(1);

export interface AccuracyOptions extends BenchLog {
  pairsPath: string;
  /** The pairs' images, served under /__images/. */
  imagesDir: string;
  /** N pairs spread over the pairs file; 0: all. */
  pairsLimit: number;
  /** Images per round trip to the page. */
  batch: number;
  skipPeer: boolean;
  stopping: () => boolean;
}

export async function accuracies(page: Page, o: AccuracyOptions) {
  const parsed = parsePairs(readFileSync(o.pairsPath, 'utf8'));
  const pairs = pickPairs(parsed.pairs, o.pairsLimit);
  const { images, missing } = pairImages(pairs, o.imagesDir);
  if (missing.length) throw new Error(`${missing.length} images named in the pairs file are missing, e.g. ${missing[0]}`);
  const same = pairs.map((p) => p.same);
  const path = (r: { name: string; index: number }) => lfwImagePath(r.name, r.index);
  const run = <R>(label: string, embed: (urls: string[]) => Promise<R[]>) =>
    embedImages<R>(images, (chunk) => embed(chunk.map((p) => mountedUrl('/__images/', p))), {
      batch: Math.max(1, o.batch),
      stopped: o.stopping,
      onProgress: ({ done, total, msPerImage, etaS }) => o.progress(`${label} accuracy: ${done}/${total} images, ${msPerImage.toFixed(0)} ms/image, ${etaS.toFixed(0)} s left`),
    });

  const ours = await run('our', (urls) => page.evaluate((u) => window.visage.embed(u, { faces: 'central' }), urls));
  const emb = (r: { name: string; index: number }) => ours.results.get(path(r))!.faces[0]!.embedding;
  const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);
  const ourScores = pairs.map((p) => dot(emb(p.a), emb(p.b)));
  const ourBest = bestThreshold(ourScores, same);
  const our = {
    accuracy: r4(accuracyAt(ourScores, same, PAIR_THRESHOLD)),
    bestAccuracy: r4(ourBest.accuracy),
    noFace: [...ours.results.values()].filter((r) => r.noFace).length,
    msPerImage: r1(ours.wallMs / images.length),
  };
  o.note(`our accuracy: ${our.accuracy} at ${PAIR_THRESHOLD} (best ${our.bestAccuracy}), ${our.msPerImage} ms/image`);
  if (o.skipPeer || o.stopping()) return { pairs: pairs.length, threshold: PAIR_THRESHOLD, our, peer: null };

  await openPeer(page);
  const theirs = await run('peer', (urls) => page.evaluate((u) => window.peer.embed(u), urls));
  const desc = (r: { name: string; index: number }) => theirs.results.get(path(r))!.descriptor;
  // Verification scores are "higher is more alike": minus the Euclidean distance.
  const peerScores = pairs.map((p) => -Math.hypot(...desc(p.a).map((v, k) => v - desc(p.b)[k]!)));
  const peerBest = bestThreshold(peerScores, same);
  const peer = {
    accuracy: r4(accuracyAt(peerScores, same, -0.6)),
    bestAccuracy: r4(peerBest.accuracy),
    bestThreshold: r4(-peerBest.threshold),
    noFace: [...theirs.results.values()].filter((r) => r.noFace).length,
    msPerImage: r1(theirs.wallMs / images.length),
  };
  o.note(`peer accuracy: ${peer.accuracy} at distance 0.6 (best ${peer.bestAccuracy} at ${peer.bestThreshold}), ${peer.msPerImage} ms/image`);
  return { pairs: pairs.length, threshold: PAIR_THRESHOLD, our, peer };
}

export type Accuracy = Awaited<ReturnType<typeof accuracies>>;
