/**
 * `npm run bench [-- options]`
 *
 * Speed, latency, smoothness, memory and accuracy of the whole app in headless Chromium on a
 * fake camera (640×480 MJPEGs made from ../shared/datasets/photos at run time), against the
 * targets in the README and against a peer library, @vladmandic/face-api, on the same frames and
 * pairs. Shows progress on stderr and ends with one JSON line on stdout. Ctrl-C stops it.
 *
 * Our live numbers go through the real app: <visage-live-view> mounted on the lab page, people
 * enrolled in the app's database, and only the recognizer's public 'result' events read
 * (test/lab/lab-bench.ts), so they hold wherever the recognizer runs.
 *
 * Options:
 *   --seconds S        length of each measured camera phase (default 20; a 3 s warm-up comes first)
 *   --pairs-limit N    accuracy on N pairs spread over the pairs file (default 0: all 3,000)
 *   --skip-peer        no face-api measurements
 *   --skip-accuracy    no accuracy (ours or the peer's)
 *   --pairs FILE       pairs file (default ../shared/datasets/lfw-dev/pairs.txt)
 *   --images DIR       its images (default ../shared/datasets/lfw-dev/images)
 *   --batch N          images per round trip to the page (default 16)
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { thresholdForGallery } from '../src/ml/matcher.ts';
import { median } from '../test/support/search-bench.ts';
import type {} from '../test/lab/lab.ts';
import type { BenchFrame, BenchLiveStats } from '../test/lab/lab-bench.ts';
import { buildApp, buildTestPages, ROOT } from './lib/build.ts';
import { launchOptions } from './lib/chromium.ts';
import { embedImages, mountedUrl, pairImages, pickPairs } from './lib/lfw-run.ts';
import { fakeCameraArgs, makeMjpeg, NAME_SHIM, type Piece, type Rect } from './lib/mjpeg.ts';
import { serveStatic, type StaticServer } from './lib/serve.ts';
import { testPagesMount } from './lib/test-pages.ts';
import { accuracyAt, bestThreshold, lfwImagePath, parsePairs } from './lib/verification.ts';

/** Pairs are 1:1 comparisons: the app's threshold rule for a gallery of one person. */
const PAIR_THRESHOLD = thresholdForGallery(1);

const DATASETS = resolve(ROOT, '../shared/datasets');

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    'pairs-limit': { type: 'string', default: '0' },
    'skip-peer': { type: 'boolean', default: false },
    'skip-accuracy': { type: 'boolean', default: false },
    pairs: { type: 'string', default: resolve(DATASETS, 'lfw-dev/pairs.txt') },
    images: { type: 'string', default: resolve(DATASETS, 'lfw-dev/images') },
    batch: { type: 'string', default: '16' },
  },
});

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const SECONDS = Number(args.seconds);
if (!(SECONDS > 0)) fail('--seconds must be a positive number');
if (!existsSync(resolve(DATASETS, 'photos/manifest.json'))) fail(`no datasets at ${DATASETS} (../shared/datasets beside the project)`);
const pairsPath = resolve(process.cwd(), args.pairs);
const imagesDir = resolve(process.cwd(), args.images);
if (!args['skip-accuracy'] && !existsSync(pairsPath)) fail(`no pairs file at ${pairsPath}`);

/** Five people: enrolled from one photo, shown on the camera from another. */
const PEOPLE = [
  { name: 'obama', enroll: 'photos/obama2.jpg', camera: 'photos/knn/test/obama1.jpg' },
  { name: 'biden', enroll: 'photos/biden.jpg', camera: 'photos/knn/test/obama_and_biden.jpg' },
  { name: 'kit_harington', enroll: 'photos/knn/train/kit_harington/john1.jpeg', camera: 'photos/knn/test/johnsnow_test1.jpg' },
  { name: 'rose_leslie', enroll: 'photos/knn/train/rose_leslie/img1.jpg', camera: 'photos/knn/test/kit_with_rose.jpg' },
  { name: 'alex_lacamoire', enroll: 'photos/knn/train/alex_lacamoire/img1.jpg', camera: 'photos/knn/test/alex_lacamoire1.jpg' },
];
/** The one-face camera and the latency camera show this photo of obama (enrolled from obama2.jpg). */
const ONE_FACE = 'photos/obama.jpg';
const FRAME = { width: 640, height: 480 };
const CAMERA_CACHE = resolve(ROOT, '.cache/bench');
const SEARCH_SIZES = [1000, 10_000, 100_000] as const;
const LOAD_PEOPLE = 10_000;
const WARMUP_MS = 3000;
const PEER_VERSION = (JSON.parse(readFileSync(resolve(ROOT, 'node_modules/@vladmandic/face-api/package.json'), 'utf8')) as { version: string }).version;

const browsers = new Set<Browser>();
let server: StaticServer | undefined;
let stopping = false;
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  stopping = true;
  console.error('\nbench: cancelled');
  void Promise.allSettled([...[...browsers].map((b) => b.close()), server?.close()]).then(() => process.exit(130));
});

const progress = (msg: string) => process.stderr.write(`\r\x1b[K[bench] ${msg}`);
const note = (msg: string) => process.stderr.write(`\r\x1b[K[bench] ${msg}\n`);
const data = (path: string) => mountedUrl('/__data/', path);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The peer page's API (scripts/bench/peer.js). */
interface PeerApi {
  init(backend?: string): Promise<{ backend: string; version: string; tfjs: string; simd?: boolean; threads?: boolean }>;
  embed(urls: string[]): Promise<Array<{ noFace: boolean; descriptor: number[] }>>;
  enroll(people: Array<{ name: string; url: string }>): Promise<void>;
  live(seconds: number, warmupMs: number): Promise<{ frames: number; windowMs: number; fps: number; facesPerFrame: number; namedPerFrame: number; longTasksMs: number[] }>;
}
declare global {
  interface Window {
    peer: PeerApi;
  }
}

/** A new Chromium, its camera playing `cameraFile` when given (the file flag is per process). */
async function launch(cameraFile: string | null): Promise<Page> {
  const browser = await chromium.launch({ ...launchOptions, args: [...launchOptions.args, ...(cameraFile ? fakeCameraArgs(cameraFile, true) : [])] });
  browsers.add(browser);
  const context = await browser.newContext({ baseURL: server!.url });
  await context.addInitScript(NAME_SHIM);
  const page = await context.newPage();
  page.on('pageerror', (err) => note(`[page] ${err.message}`));
  return page;
}

async function closeBrowser(page: Page): Promise<void> {
  const browser = page.context().browser()!;
  browsers.delete(browser);
  await browser.close();
}

async function openLab(page: Page) {
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
}

async function openPeer(page: Page) {
  await page.goto('/__bench/peer.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
  return page.evaluate(() => window.peer.init('wasm'));
}

/**
 * Peak heap of the page and of its workers (each worker has its own heap, so recognition moved
 * into a worker is counted too), sampled over CDP: `Runtime.getHeapUsage` on the page, and on
 * each worker through the page's auto-attached (non-flattened) worker sessions.
 */
class HeapSampler {
  peakBytes = 0;
  /** The workers' part of the peak. */
  peakWorkerBytes = 0;
  /** Most workers seen at once. */
  peakWorkers = 0;
  private workers = new Set<string>();
  private pending = new Map<number, (usedSize: number) => void>();
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<HeapSampler> {
    const cdp = await page.context().newCDPSession(page);
    const s = new HeapSampler(cdp);
    cdp.on('Target.attachedToTarget', (e) => e.targetInfo.type === 'worker' && s.workers.add(e.sessionId));
    cdp.on('Target.detachedFromTarget', (e) => e.sessionId && s.workers.delete(e.sessionId));
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const msg = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
      if (msg.id !== undefined) s.pending.get(msg.id)?.(msg.result?.usedSize ?? 0);
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return s;
  }

  private workerHeap(sessionId: string): Promise<number> {
    const id = this.nextId++;
    return new Promise<number>((ok) => {
      const timeout = setTimeout(() => ok(0), 1000); // a worker that is going away
      this.pending.set(id, (v) => {
        clearTimeout(timeout);
        this.pending.delete(id);
        ok(v);
      });
      this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => ok(0));
    });
  }

  /** Total used heap now (bytes), page plus workers; keeps the peak. */
  async sample(): Promise<{ page: number; workers: number }> {
    const page = (await this.cdp.send('Runtime.getHeapUsage')).usedSize;
    const workers = (await Promise.all([...this.workers].map((w) => this.workerHeap(w)))).reduce((a, b) => a + b, 0);
    if (page + workers > this.peakBytes) Object.assign(this, { peakBytes: page + workers, peakWorkerBytes: workers });
    this.peakWorkers = Math.max(this.peakWorkers, this.workers.size);
    return { page, workers };
  }

  start(everyMs = 500): void {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

// ---------------------------------------------------------------- camera files

/** The 5-face frame: one crop per person (2× its face box, square) in a 3 + 2 grid. */
function fiveFacePieces(boxes: Rect[]): Piece[] {
  const cellW = FRAME.width / 3;
  const cellH = FRAME.height / 2;
  const side = 200;
  return boxes.map((box, i) => {
    const row = i < 3 ? 0 : 1;
    const col = i < 3 ? i : i - 3 + 0.5; // the bottom two centred under the top three
    const s = 2 * Math.max(box.width, box.height);
    const from = { x: Math.round(box.x + box.width / 2 - s / 2), y: Math.round(box.y + box.height / 2 - s / 2), width: Math.round(s), height: Math.round(s) };
    const to = { x: Math.round(col * cellW + (cellW - side) / 2), y: Math.round(row * cellH + (cellH - side) / 2), width: side, height: side };
    return { photo: i, from, to };
  });
}

async function cameraFiles(boxes: Rect[]) {
  const photo = (p: string) => resolve(DATASETS, p);
  const still = (pieces: Piece[], n = 10) => Array.from({ length: n }, () => pieces);
  const one = [{ photo: 0, to: 'contain' as const }];
  return {
    one: await makeMjpeg({ name: 'bench-1-face', ...FRAME, photos: [photo(ONE_FACE)], frames: still(one) }, CAMERA_CACHE),
    five: await makeMjpeg({ name: 'bench-5-faces', ...FRAME, photos: PEOPLE.map((p) => photo(p.camera)), frames: still(fiveFacePieces(boxes)) }, CAMERA_CACHE),
    // At 30 fps: 0.8 s of black (the tracker forgets a face unseen for 0.6 s), then 1.2 s of obama.
    appear: await makeMjpeg({ name: 'bench-appear', ...FRAME, photos: [photo(ONE_FACE)], frames: [...still([], 24), ...still(one, 36)] }, CAMERA_CACHE),
  };
}

// ---------------------------------------------------------------- live phases

interface OurPhase {
  stats: BenchLiveStats;
  /** Peak JS heap (bytes) of the page and its workers together, and the workers' part of it. */
  heapPeakBytes: number;
  heapPeakWorkerBytes: number;
}

/**
 * Our app on the camera of `page`'s browser: the people enrolled in the app's database, the live
 * view mounted; after it names `expectNamed` faces (or a minute) and a warm-up, `seconds` measured.
 */
async function ourLive(page: Page, enrolled: Array<{ name: string; embedding: number[] }>, expectNamed: number, label: string): Promise<OurPhase> {
  await openLab(page);
  await page.evaluate(async (people) => {
    const db = await window.visageDb.openVisageDb('visage');
    for (const p of people) await db.enrollPerson(p.name, [{ embedding: p.embedding, quality: 1 }]);
    db.close();
  }, enrolled);
  const heap = await HeapSampler.attach(page);
  heap.start();
  progress(`${label}: loading the models…`);
  await page.evaluate(() => document.body.append(document.createElement('visage-live-view')));
  const deadline = Date.now() + 60_000;
  let named = 0;
  while (Date.now() < deadline && !stopping) {
    named = (await page.evaluate(() => window.visageBench.lastNames())).filter((n) => n !== null).length;
    if (named >= expectNamed) break;
    await sleep(250);
  }
  if (named < expectNamed) note(`${label}: only ${named} of ${expectNamed} faces named after a minute; measuring anyway`);
  await sleep(WARMUP_MS);
  await page.evaluate(() => window.visageBench.reset());
  for (let t = 0; t < SECONDS && !stopping; t++) {
    progress(`${label}: ${t}/${SECONDS} s`);
    await sleep(1000);
  }
  const stats = await page.evaluate(() => window.visageBench.stats());
  heap.stop();
  await heap.sample();
  await page.evaluate(() => document.querySelector('visage-live-view')?.remove());
  const fps = (1000 * stats.frames.length) / stats.windowMs;
  note(`${label}: ${r1(fps)} fps, ${stats.longTasksMs.length} long tasks, heap peak ${r1(heap.peakBytes / 2 ** 20)} MB (of which ${heap.peakWorkers} workers ${r1(heap.peakWorkerBytes / 2 ** 20)} MB)`);
  return { stats, heapPeakBytes: heap.peakBytes, heapPeakWorkerBytes: heap.peakWorkerBytes };
}

/** The camera's own frame rate: new frames of a plain <video> over 2 s. */
function cameraFps(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    let frames = 0;
    const start = performance.now();
    await new Promise<void>((done) => {
      const next = () => (performance.now() - start < 2000 ? (frames++, video.requestVideoFrameCallback(next)) : done());
      video.requestVideoFrameCallback(next);
    });
    const fps = (1000 * frames) / (performance.now() - start);
    stream.getTracks().forEach((t) => t.stop());
    return fps;
  });
}

async function peerLive(page: Page, label: string) {
  progress(`${label}: loading face-api…`);
  const info = await openPeer(page);
  await page.evaluate((people) => window.peer.enroll(people), PEOPLE.map((p) => ({ name: p.name, url: data(p.enroll) })));
  progress(`${label}: measuring (${SECONDS} s)…`);
  const r = await page.evaluate(([s, w]) => window.peer.live(s, w), [SECONDS, WARMUP_MS] as const);
  note(`${label}: ${r1(r.fps)} fps, ${r2(r.facesPerFrame)} faces and ${r2(r.namedPerFrame)} named per frame, ${r.longTasksMs.length} long tasks`);
  return { ...r, info };
}

// ---------------------------------------------------------------- accuracy

async function accuracies(page: Page) {
  const parsed = parsePairs(readFileSync(pairsPath, 'utf8'));
  const pairs = pickPairs(parsed.pairs, Number(args['pairs-limit']));
  const { images, missing } = pairImages(pairs, imagesDir);
  if (missing.length) throw new Error(`${missing.length} images named in the pairs file are missing, e.g. ${missing[0]}`);
  const same = pairs.map((p) => p.same);
  const path = (r: { name: string; index: number }) => lfwImagePath(r.name, r.index);
  const run = <R>(label: string, embed: (urls: string[]) => Promise<R[]>) =>
    embedImages<R>(images, (chunk) => embed(chunk.map((p) => mountedUrl('/__images/', p))), {
      batch: Math.max(1, Number(args.batch)),
      stopped: () => stopping,
      onProgress: ({ done, total, msPerImage, etaS }) => progress(`${label} accuracy: ${done}/${total} images, ${msPerImage.toFixed(0)} ms/image, ${etaS.toFixed(0)} s left`),
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
  note(`our accuracy: ${our.accuracy} at ${PAIR_THRESHOLD} (best ${our.bestAccuracy}), ${our.msPerImage} ms/image`);
  if (args['skip-peer'] || stopping) return { pairs: pairs.length, our, peer: null };

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
  note(`peer accuracy: ${peer.accuracy} at distance 0.6 (best ${peer.bestAccuracy} at ${peer.bestThreshold}), ${peer.msPerImage} ms/image`);
  return { pairs: pairs.length, our, peer };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  progress('building the app…');
  await buildApp();
  await buildTestPages();
  server = await serveStatic(
    [
      { prefix: '/', dir: resolve(ROOT, 'dist') },
      testPagesMount,
      { prefix: '/__data/', dir: DATASETS },
      { prefix: '/__images/', dir: imagesDir },
      { prefix: '/__bench/', dir: resolve(ROOT, 'scripts/bench') },
      { prefix: '/__node_modules/', dir: resolve(ROOT, 'node_modules') },
    ],
    0,
  );

  // 1. No camera: enrolment embeddings, the faces to compose, the gallery, accuracy.
  let page = await launch(null);
  await openLab(page);
  progress('loading the models…');
  const info = await page.evaluate(() => window.visage.init());
  note(`backend ${info.backend}${info.skipped.length ? ` (passed over: ${info.skipped.join('; ')})` : ''}, detector delegate ${info.delegate}`);
  const enrolled = await page.evaluate(async (urls) => {
    const out = await window.visage.embed(urls, { faces: 'central' });
    return out.map((r) => r.faces[0]!.embedding);
  }, PEOPLE.map((p) => data(p.enroll)));
  const people = PEOPLE.map((p, i) => ({ name: p.name, embedding: enrolled[i]! }));
  // Each camera photo's face of its person: the one most like the enrolled face.
  const boxes = await page.evaluate(
    async ([urls, embeddings]) => {
      const out = await window.visage.embed(urls, { faces: 'all' });
      return out.map((r, i) => {
        const sim = (e: number[]) => e.reduce((s, v, k) => s + v * embeddings[i]![k]!, 0);
        return [...r.faces].sort((a, b) => sim(b.embedding) - sim(a.embedding))[0]!.box;
      });
    },
    [PEOPLE.map((p) => data(p.camera)), enrolled] as const,
  );

  progress('gallery search…');
  const searchMs: Record<string, number> = {};
  for (const size of SEARCH_SIZES) searchMs[size] = r4(await page.evaluate((n) => window.visageBench.searchMs(n), size));
  note(`search: ${JSON.stringify(searchMs)} ms`);
  progress(`writing ${LOAD_PEOPLE} people to a scratch database…`);
  const load = await page.evaluate((n) => window.visageBench.loadMs('visage-bench', n), LOAD_PEOPLE);
  const loadMs10k = r1(median(load.loadsMs));
  note(`gallery of ${LOAD_PEOPLE} people: written in ${r1(load.writeMs / 1000)} s, loaded in ${load.loadsMs.map(r1).join(', ')} ms`);
  const accuracy = args['skip-accuracy'] ? null : await accuracies(page);
  await closeBrowser(page);
  if (stopping) return;

  // 2. The camera files, then one browser per camera: ours, then the peer on the same frames.
  progress('making the camera files…');
  const files = await cameraFiles(boxes);
  const phases: OurPhase[] = [];
  const peer: Array<Awaited<ReturnType<typeof peerLive>>> = [];
  let camFps = NaN;
  for (const [file, faces] of [[files.one, 1], [files.five, 5]] as const) {
    if (stopping) return;
    page = await launch(file);
    await openLab(page);
    if (faces === 1) camFps = await cameraFps(page);
    phases.push(await ourLive(page, people, faces, `ours, ${faces} face${faces > 1 ? 's' : ''}`));
    if (!args['skip-peer']) peer.push(await peerLive(page, `face-api, ${faces} face${faces > 1 ? 's' : ''}`));
    await closeBrowser(page);
  }
  if (stopping) return;
  page = await launch(files.appear);
  const appear = await ourLive(page, people, 1, 'ours, latency');
  await closeBrowser(page);

  // 3. The numbers.
  const [one, five] = phases as [OurPhase, OurPhase];
  const [peerOne, peerFive] = peer;
  const fps = (p: OurPhase) => (1000 * p.stats.frames.length) / p.stats.windowMs;
  // Busy time per frame: from taking it to its last result. Frames per busy second is the rate
  // with a frame always waiting, i.e. not held back by the camera's 30 fps.
  const uncapped = (p: OurPhase) => (1000 * p.stats.frames.length) / p.stats.frames.reduce((s, f) => s + (f.doneAt - f.frameAt), 0);
  const frames: BenchFrame[] = [...one.stats.frames, ...five.stats.frames];
  const embedded = frames.filter((f) => f.timings.embedded > 0);
  const perFace = (key: 'alignMs' | 'embedMs' | 'matchMs') => r2(median(embedded.map((f) => f.timings[key] / f.timings.embedded)));
  const all = [one, five, appear];
  const longTasks = all.flatMap((p) => p.stats.longTasksMs);
  const minutes = all.reduce((s, p) => s + p.stats.windowMs, 0) / 60_000;
  const report = {
    backend: info.backend,
    stagesMs: { detect: r2(median(frames.map((f) => f.timings.detectMs))), align: perFace('alignMs'), embedPerFace: perFace('embedMs'), match: perFace('matchMs') },
    fps1: r1(fps(one)),
    fps5: r1(fps(five)),
    latencyMs: r1(median(appear.stats.latenciesMs)),
    longTasksPerMin: r1(longTasks.length / minutes),
    loadMs10k,
    searchMs,
    heapMB: r1(Math.max(...all.map((p) => p.heapPeakBytes)) / 2 ** 20),
    heapWorkersMB: r1(all.reduce((a, p) => (p.heapPeakBytes > a.heapPeakBytes ? p : a)).heapPeakWorkerBytes / 2 ** 20),
    accuracy: accuracy?.our.accuracy ?? null,
    peer: peerOne && peerFive
      ? {
          name: `@vladmandic/face-api ${PEER_VERSION}`,
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
    cameraFps: r1(camFps),
    fpsUncapped: { 1: r1(uncapped(one)), 5: r1(uncapped(five)) },
    latency: { appearances: appear.stats.tracks, named: appear.stats.latenciesMs.length, maxMs: r1(Math.max(...appear.stats.latenciesMs)) },
    longTasks: { count: longTasks.length, maxMs: longTasks.length ? r1(Math.max(...longTasks)) : 0, minutes: r2(minutes) },
    accuracyDetails: accuracy ? { pairs: accuracy.pairs, threshold: PAIR_THRESHOLD, bestAccuracy: accuracy.our.bestAccuracy, noFace: accuracy.our.noFace } : null,
    seconds: SECONDS,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  process.stderr.write('\n');
  console.log(JSON.stringify(report));
}

main()
  .catch((err) => {
    if (stopping) return;
    console.error(`\nbench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  })
  .finally(() => Promise.allSettled([...[...browsers].map((b) => b.close()), server?.close()]));
