/**
 * The figures of `npm run bench` (its one JSON line), from the measured phases: our live phases
 * (one face, five faces, eight faces, a face appearing), the peer's, the gallery timings and the accuracy.
 */
import { median } from '../../test/support/search-bench.ts';
import type { BenchFrame, BenchLiveStats } from '../../test/lab/lab-bench.ts';
import type { EnrolPhase } from './bench-enrol.ts';
import type { Accuracy } from './bench-accuracy.ts';
import type { PeerPhase } from './bench-peer.ts';

/** Progress on stderr: `progress` rewrites the current line, `note` ends it. */
export interface BenchLog {
  progress(msg: string): void;
  note(msg: string): void;
}

export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r2 = (x: number) => Math.round(x * 100) / 100;
export const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** One live phase of our app. */
export interface OurPhase {
  stats: BenchLiveStats;
  /** Peak JS heap (bytes) of the page and its workers together, and the workers' part of it. */
  heapPeakBytes: number;
  heapPeakWorkerBytes: number;
}

export interface BenchMeasurements {
  backend: string;
  /** Our phases: one face, five faces, a face appearing (latency). */
  one: OurPhase;
  five: OurPhase;
  /** Eight lfw-dev people in a 4 + 4 grid on a 1280×720 camera (group-scenes.ts). */
  eight: OurPhase;
  appear: OurPhase;
  /** Camera enrolment: its main-thread long tasks. */
  enrol: EnrolPhase;
  /** The peer's phases (one face, five faces), when measured. */
  peerOne: PeerPhase | undefined;
  peerFive: PeerPhase | undefined;
  peerVersion: string;
  /** Loading the 10,000-person gallery, each try (ms). */
  loadsMs: number[];
  searchMs: Record<string, number>;
  accuracy: Accuracy | null;
  cameraFps: number;
  seconds: number;
  startedAt: number;
}

export function benchReport(m: BenchMeasurements) {
  const { one, five, eight, appear, peerOne, peerFive, accuracy } = m;
  const fps = (p: OurPhase) => (1000 * p.stats.frames.length) / p.stats.windowMs;
  // Busy time per frame: from taking it to its last result. Frames per busy second is the rate
  // with a frame always waiting, i.e. not held back by the camera's 30 fps.
  const uncapped = (p: OurPhase) => (1000 * p.stats.frames.length) / p.stats.frames.reduce((s, f) => s + (f.doneAt - f.frameAt), 0);
  const frames: BenchFrame[] = [...one.stats.frames, ...five.stats.frames];
  const embedded = frames.filter((f) => f.timings.embedded > 0);
  const perFace = (key: 'alignMs' | 'embedMs' | 'matchMs') => r2(median(embedded.map((f) => f.timings[key] / f.timings.embedded)));
  const all = [one, five, eight, appear];
  const facesPerFrame = (p: OurPhase) => r2(p.stats.frames.reduce((n, f) => n + f.faces, 0) / Math.max(1, p.stats.frames.length));
  const longTasks = all.flatMap((p) => p.stats.longTasksMs);
  const minutes = all.reduce((s, p) => s + p.stats.windowMs, 0) / 60_000;
  return {
    backend: m.backend,
    stagesMs: { detect: r2(median(frames.map((f) => f.timings.detectMs))), align: perFace('alignMs'), embedPerFace: perFace('embedMs'), match: perFace('matchMs') },
    fps1: r1(fps(one)),
    fps5: r1(fps(five)),
    fps8: r1(fps(eight)),
    detect8Ms: r2(median(eight.stats.frames.map((f) => f.timings.detectMs))),
    facesPerFrame8: facesPerFrame(eight),
    latencyMs: r1(median(appear.stats.latenciesMs)),
    longTasksPerMin: r1(longTasks.length / minutes),
    loadMs10k: r1(median(m.loadsMs)),
    searchMs: m.searchMs,
    heapMB: r1(Math.max(...all.map((p) => p.heapPeakBytes)) / 2 ** 20),
    heapWorkersMB: r1(all.reduce((a, p) => (p.heapPeakBytes > a.heapPeakBytes ? p : a)).heapPeakWorkerBytes / 2 ** 20),
    accuracy: accuracy?.our.accuracy ?? null,
    peer: peerOne && peerFive
      ? {
          name: `@vladmandic/face-api ${m.peerVersion}`,
          fps1: r1(peerOne.fps),
          fps5: r1(peerFive.fps),
          accuracy: accuracy?.peer?.accuracy ?? null,
          bestAccuracy: accuracy?.peer?.bestAccuracy ?? null,
          bestThreshold: accuracy?.peer?.bestThreshold ?? null,
          noFace: accuracy?.peer?.noFace ?? null,
          backend: `${peerOne.info.backend} (${peerOne.info.threads ? 'threads' : 'one thread'}${peerOne.info.simd ? ', SIMD' : ''})`,
          facesPerFrame: { 1: r2(peerOne.facesPerFrame), 5: r2(peerFive.facesPerFrame) },
          longTasksPerMin: r1((60_000 * (peerOne.longTasksMs.length + peerFive.longTasksMs.length)) / (peerOne.windowMs + peerFive.windowMs)),
        }
      : null,
    speedup: peerOne && peerFive ? { fps1: r2(fps(one) / peerOne.fps), fps5: r2(fps(five) / peerFive.fps) } : null,
    cameraFps: r1(m.cameraFps),
    fpsUncapped: { 1: r1(uncapped(one)), 5: r1(uncapped(five)), 8: r1(uncapped(eight)) },
    latency: { appearances: appear.stats.tracks, named: appear.stats.latenciesMs.length, maxMs: r1(Math.max(...appear.stats.latenciesMs)) },
    longTasks: { count: longTasks.length, maxMs: longTasks.length ? r1(Math.max(...longTasks)) : 0, minutes: r2(minutes) },
    enrolLongTasks: { count: m.enrol.longTasksMs.length, maxMs: m.enrol.longTasksMs.length ? r1(Math.max(...m.enrol.longTasksMs)) : 0, seconds: r1(m.enrol.seconds), samples: m.enrol.samples },
    accuracyDetails: accuracy ? { pairs: accuracy.pairs, threshold: accuracy.threshold, bestAccuracy: accuracy.our.bestAccuracy, noFace: accuracy.our.noFace } : null,
    seconds: m.seconds,
    durationS: Math.round((Date.now() - m.startedAt) / 1000),
  };
}
