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
 * (test/lab/lab-bench.ts), so they hold wherever the recognizer runs. The peer's page is driven
 * by ./lib/bench-peer.ts, the accuracy by ./lib/bench-accuracy.ts, the camera files come from
 * ./lib/bench-scenes.ts and the figures from ./lib/bench-report.ts.
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
import { chromium, type Browser, type Page } from '@playwright/test';
import type {} from '../test/lab/lab.ts';
import { accuracies } from './lib/bench-accuracy.ts';
import { peerLive, type PeerPhase } from './lib/bench-peer.ts';
import { benchReport, r1, r4, type OurPhase } from './lib/bench-report.ts';
import { enrolCameraFile, enrolPhase } from './lib/bench-enrol.ts';
import { firstNameInProfile } from './lib/bench-first-name.ts';
import { cameraFiles, cameraFps, PEOPLE } from './lib/bench-scenes.ts';
import { groupCamera, groupPeople } from './lib/group-scenes.ts';
import { buildApp, buildTestPages, ROOT } from './lib/build.ts';
import { launchOptions } from './lib/chromium.ts';
import { HeapSampler } from './lib/heap-sampler.ts';
import { mountedUrl } from './lib/lfw-run.ts';
import { fakeCameraArgs, NAME_SHIM } from './lib/mjpeg.ts';
import { serveStatic, type StaticServer } from './lib/serve.ts';
import { testPagesMount } from './lib/test-pages.ts';

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

const CAMERA_CACHE = resolve(ROOT, '.cache/bench');
const SEARCH_SIZES = [1000, 10_000, 100_000] as const;
const LOAD_PEOPLE = 10_000;
const LFW = resolve(DATASETS, 'lfw-dev');
/** Which eight lfw-dev people the 8-face phase shows (scripts/lib/group-scenes.ts). */
const GROUP_SEED = 8;
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
const log = { progress, note };

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

// ---------------------------------------------------------------- live phases

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
  // Eight lfw-dev people for the group phase, each enrolled from another photo than the one shown.
  const group = groupPeople(LFW, 8, 0, GROUP_SEED);
  const groupEmbeddings = await page.evaluate(async (urls) => {
    const out = await window.visage.embed(urls, { faces: 'central' });
    return out.map((r) => r.faces[0]!.embedding);
  }, group.map((p) => data(`lfw-dev/images/${p.enrol!}`)));
  const groupEnrolled = group.map((p, i) => ({ name: p.name, embedding: groupEmbeddings[i]! }));
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
  note(`gallery of ${LOAD_PEOPLE} people: written in ${r1(load.writeMs / 1000)} s, loaded in ${load.loadsMs.map(r1).join(', ')} ms`);
  const accuracy = args['skip-accuracy']
    ? null
    : await accuracies(page, {
        ...log,
        pairsPath,
        imagesDir,
        pairsLimit: Number(args['pairs-limit']),
        batch: Number(args.batch),
        skipPeer: args['skip-peer'],
        stopping: () => stopping,
      });
  await closeBrowser(page);
  if (stopping) return;

  // 2. The camera files, then one browser per camera: ours, then the peer on the same frames.
  progress('making the camera files…');
  const files = await cameraFiles(boxes, DATASETS, CAMERA_CACHE);
  const phases: OurPhase[] = [];
  const peer: PeerPhase[] = [];
  let camFps = NaN;
  for (const [file, faces] of [[files.one, 1], [files.five, 5]] as const) {
    if (stopping) return;
    page = await launch(file);
    await openLab(page);
    if (faces === 1) camFps = await cameraFps(page);
    phases.push(await ourLive(page, people, faces, `ours, ${faces} face${faces > 1 ? 's' : ''}`));
    if (!args['skip-peer']) {
      const enrol = PEOPLE.map((p) => ({ name: p.name, url: data(p.enroll) }));
      peer.push(await peerLive(page, `face-api, ${faces} face${faces > 1 ? 's' : ''}`, { ...log, people: enrol, seconds: SECONDS, warmupMs: WARMUP_MS }));
    }
    await closeBrowser(page);
  }
  if (stopping) return;
  page = await launch((await groupCamera(LFW, group, 'grid', CAMERA_CACHE)).file);
  const eight = await ourLive(page, groupEnrolled, 8, 'ours, 8 faces');
  await closeBrowser(page);
  if (stopping) return;
  page = await launch(files.appear);
  const appear = await ourLive(page, people, 1, 'ours, latency');
  await closeBrowser(page);
  if (stopping) return;
  progress('ours, time to the first name…');
  const firstName = await firstNameInProfile(server!.url, files.one, people);
  note(`ours, first name after opening the app (cache warm): ${firstName.runsMs.join(', ')} ms; marks ${JSON.stringify(firstName.marksMs)}`);
  page = await launch(await enrolCameraFile(DATASETS, CAMERA_CACHE));
  await openLab(page);
  progress('ours, camera enrolment…');
  const enrol = await enrolPhase(page);
  note(`ours, camera enrolment: ${enrol.samples} samples in ${r1(enrol.seconds)} s, ${enrol.longTasksMs.length} main-thread tasks over 50 ms`);
  await closeBrowser(page);

  // 3. The numbers.
  const [one, five] = phases as [OurPhase, OurPhase];
  const [peerOne, peerFive] = peer;
  const report = benchReport({
    backend: info.backend,
    one,
    five,
    eight,
    appear,
    enrol,
    peerOne,
    peerFive,
    peerVersion: PEER_VERSION,
    loadsMs: load.loadsMs,
    searchMs,
    accuracy,
    cameraFps: camFps,
    seconds: SECONDS,
    startedAt: started,
  });
  process.stderr.write('\n');
  console.log(JSON.stringify({ ...report, firstNameMs: firstName }));
}

main()
  .catch((err) => {
    if (stopping) return;
    console.error(`\nbench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  })
  .finally(() => Promise.allSettled([...[...browsers].map((b) => b.close()), server?.close()]));
