/**
 * `window.visageBench` on the lab page: what `npm run bench` measures inside the page.
 *
 * - Live numbers come only from the page's live results (`latestLiveUpdate`, every frame any live
 *   recognizer processed), which keeps them true wherever the vision service runs, plus
 *   main-thread long tasks. The benchmark mounts the real <visage-live-view> on a fake camera.
 * - Gallery numbers: loading the gallery from IndexedDB as the app does at start, and searching it.
 */
import { EMBEDDING_DIM, openVisageDb } from '../../src/db';
import { Gallery } from '../../src/ml/gallery';
import { gallerySnapshotOf } from '../../src/app/services';
import { snapshotGallery } from '../../src/ml/live-engine';
import { median, randomUnit } from '../support/search-bench';
import { latestLiveUpdate, type FrameTimings, type LiveResult } from '../../src/features/live/recognizer';

/** One processed camera frame, as its last 'result' event told it. */
export interface BenchFrame {
  /** performance.now() when the frame was taken. */
  frameAt: number;
  /** performance.now() of the frame's last 'result' (detection, then identification if any). */
  doneAt: number;
  faces: number;
  timings: FrameTimings;
}

export interface BenchLiveStats {
  /** Length of the window, ms. */
  windowMs: number;
  frames: BenchFrame[];
  /** ms from a track's first frame to the first 'result' that names it, one per track named. */
  latenciesMs: number[];
  /** Tracks that appeared in the window (named or not). */
  tracks: number;
  /** Durations (ms) of the main thread's long tasks (> 50 ms) in the window. */
  longTasksMs: number[];
}

let windowStart = performance.now();
let frames = new Map<number, BenchFrame>();
let latencies: number[] = [];
let tracks = new Set<number>();
const named = new Set<number>();
let longTasks: PerformanceEntry[] = [];
let latest: LiveResult | null = null;

function onResult(r: LiveResult): void {
  const now = performance.now();
  latest = r;
  if (r.frameAt < windowStart) return;
  frames.set(r.frameAt, { frameAt: r.frameAt, doneAt: now, faces: r.faces.length, timings: { ...r.timings } });
  for (const f of r.faces) {
    tracks.add(f.trackId);
    if (f.name !== null && !named.has(f.trackId)) {
      named.add(f.trackId);
      latencies.push(now - f.firstSeenAt);
    }
  }
}

// Every processed frame of the page's live recognition, as the live view sees it.
latestLiveUpdate.listen((update) => update && onResult(update.result));

new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask' });

const unitVector = (dim: number) => randomUnit(Math.random, dim);

const api = {
  /** Starts a new measuring window: what came before is forgotten. */
  reset(): void {
    windowStart = performance.now();
    frames = new Map();
    latencies = [];
    tracks = new Set();
    longTasks = [];
  },

  /** What happened since `reset()`. */
  stats(): BenchLiveStats {
    const end = performance.now();
    return {
      windowMs: end - windowStart,
      frames: [...frames.values()],
      latenciesMs: latencies,
      tracks: tracks.size,
      longTasksMs: longTasks.filter((e) => e.startTime >= windowStart).map((e) => e.duration),
    };
  },

  /** Names of the faces in the latest 'result' (null: not named), to wait for a warm recognizer. */
  lastNames(): Array<string | null> {
    return latest?.faces.map((f) => f.name) ?? [];
  },

  /**
   * Median time (ms) of `Gallery.identify` over `queries` random unit vectors, for a gallery of
   * `size` people with one random unit-vector template each.
   */
  searchMs(size: number, queries = 100): number {
    const gallery = new Gallery(undefined, size);
    gallery.addMany(Array.from({ length: size }, (_, i) => ({ personId: `p${i}`, embedding: unitVector(gallery.dim) })));
    const times: number[] = [];
    for (let q = 0; q < queries; q++) {
      const query = unitVector(gallery.dim);
      const t0 = performance.now();
      gallery.identify(query);
      times.push(performance.now() - t0);
    }
    return median(times);
  },

  /**
   * Writes `people` people (one random unit-vector template each) into a fresh database `name`,
   * then loads the gallery from it `runs` times with the app's own code: open, the live view's
   * snapshot (services.ts, `gallerySnapshotOf`) and the vision worker's gallery of it
   * (live-engine.ts, `snapshotGallery`); gives each load's time in ms.
   */
  async loadMs(name: string, people: number, runs = 5): Promise<{ writeMs: number; loadsMs: number[] }> {
    await new Promise<void>((ok, fail) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => ok();
      req.onerror = () => fail(req.error);
    });
    const db = await openVisageDb(name);
    const t0 = performance.now();
    // Many transactions in flight at once: IndexedDB runs them in order without a round trip each.
    const chunk = 500;
    for (let i = 0; i < people; i += chunk) {
      const batch = Array.from({ length: Math.min(chunk, people - i) }, (_, j) => db.enrollPerson(`person ${i + j}`, [{ embedding: unitVector(EMBEDDING_DIM), quality: 1 }]));
      await Promise.all(batch);
    }
    const writeMs = performance.now() - t0;
    db.close();
    const loadsMs: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      const fresh = await openVisageDb(name);
      const snapshot = await gallerySnapshotOf(fresh);
      const gallery = snapshotGallery(snapshot);
      loadsMs.push(performance.now() - start);
      fresh.close();
      const names = Object.keys(snapshot.names).length;
      if (gallery.size !== people || names !== people) throw new Error(`loaded ${gallery.size} templates and ${names} names, wrote ${people}`);
    }
    return { writeMs, loadsMs };
  },
};

declare global {
  interface Window {
    visageBench: typeof api;
  }
}
window.visageBench = api;
