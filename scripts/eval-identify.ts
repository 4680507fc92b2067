/**
 * `npm run eval:identify -- --gallery <gallery.tsv> --probes <probes.tsv> --images <dir> [options]`
 *
 * Open-set 1:N identification the way a kiosk uses it: every gallery line (`person<TAB>path`;
 * several lines of a person are several templates) is enrolled through the real pipeline in
 * headless Chromium and the real matcher (`Gallery`, one mean template per person as the app), then every probe
 * (`person<TAB>path`, or `UNKNOWN<TAB>path` for a stranger) is searched. Progress on stderr, one
 * JSON line on stdout; Ctrl-C stops it. Metrics: scripts/lib/identification.ts. `misnamed` lists the
 * whole gallery's searches that named somebody else (a stranger, or an enrolled person named as
 * another), by probe path, to be looked at.
 *
 * Options:
 *   --network NAME       the app's network (arcface-mobilefacenet, default) or the earlier one
 *                        (mobilefacenet; model-spec.ts NETWORKS), judged by its own rule
 *   --refine mesh|none   landmark refinement (default mesh, as the app; none aligns on the detector's keypoints)
 *   --detector still|video  the still-image detector (default, as enrolment from photos) or the live
 *                        view's first frames' (BlazeFace full range, no tiles)
 *   --threshold T        judge at T instead of the network's rule for this gallery's size
 *   --sizes 100,300      sub-gallery sizes for `bySize` (random people, fixed seed; the full
 *                        gallery is always added)
 *   --draws N            random sub-galleries per size (default 5; figures are their mean)
 *   --save FILE          write every image's embedding (JSON) to FILE …
 *   --embeddings FILE    … and read them back instead of running the pipeline (quick re-analysis)
 *   --probe-embeddings FILE  the probes' embeddings from another run's --save (probes made another
 *                        way than the templates, e.g. `--refine none --detector video` against the mesh's)
 *   --batch N            images per round trip to the page (default 16)
 *   --views N            also search each enrolled person's mated probes N at a time, their mean
 *                        embedding as one search (several frames of a live track), and report
 *                        FNIR and wrong identities of those searches beside the same probes searched
 *                        one by one (strangers have one photo each: no FPIR for this)
 *   --templates mean|best  a person's templates searched as their normalised mean (default, as the
 *                        live recognizer: matcher.ts meanTemplates) or each one, the best counting
 *   --fit                also fit the threshold rule's slope on this protocol: for sub-galleries
 *                        of 3 to all people, the threshold at FPIR 1%, and the smallest slope (steps
 *                        of 0.005) of thresholdForGallery(1) + slope · log10(people) whose mean FPIR
 *                        stays ≤ 1% at every size (how THRESHOLD_PER_DECADE was chosen)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Gallery } from '../src/ml/gallery.ts';
import { meanTemplates, thresholdForGallery } from '../src/ml/matcher.ts';
import { APP_NETWORK, NETWORKS, type NetworkName } from '../src/ml/model-spec.ts';
import type { SearchOutcome } from './lib/identification.ts';
import { rates, parseProtocol, sample, searchAll, thresholdAtFpir, viewGroups, type ProtocolEntry, type Rates } from './lib/identification.ts';
import { openLabSession, runCommand, type LabSession } from './lib/lab-session.ts';
import { rng } from './lib/rng.ts';

const { values: args } = parseArgs({
  options: {
    gallery: { type: 'string' },
    probes: { type: 'string' },
    images: { type: 'string' },
    network: { type: 'string', default: APP_NETWORK },
    refine: { type: 'string', default: 'mesh' },
    detector: { type: 'string', default: 'still' },
    threshold: { type: 'string' },
    sizes: { type: 'string', default: '100,300' },
    draws: { type: 'string', default: '5' },
    save: { type: 'string' },
    embeddings: { type: 'string' },
    'probe-embeddings': { type: 'string' },
    batch: { type: 'string', default: '16' },
    fit: { type: 'boolean', default: false },
    views: { type: 'string' },
    templates: { type: 'string', default: 'mean' },
  },
});

function fail(message: string): never {
  console.error(`eval:identify: ${message}`);
  process.exit(2);
}

if (!(args.network in NETWORKS)) fail(`--network is one of ${Object.keys(NETWORKS).join(', ')}`);
const network = args.network as NetworkName;
if (args.refine !== 'mesh' && args.refine !== 'none') fail('--refine is mesh or none');
if (args.detector !== 'still' && args.detector !== 'video') fail('--detector is still or video');
const rule = NETWORKS[network].rule;

if (args.templates !== 'mean' && args.templates !== 'best') fail('--templates is mean or best');
if (!args.gallery || !args.probes || !args.images) fail('usage: npm run eval:identify -- --gallery <gallery.tsv> --probes <probes.tsv> --images <dir>');
const read = (what: 'gallery' | 'probes', path: string): ProtocolEntry[] => {
  const file = resolve(process.cwd(), path);
  if (!existsSync(file)) fail(`no ${what} file at ${file}`);
  try {
    return parseProtocol(readFileSync(file, 'utf8'), what);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
};
const galleryEntries = read('gallery', args.gallery);
const probeEntries = read('probes', args.probes);
const imagesDir = resolve(process.cwd(), args.images);
if (!existsSync(imagesDir)) fail(`no images folder at ${imagesDir}`);
const images = [...new Set([...galleryEntries, ...probeEntries].map((e) => e.path))];
const missing = images.filter((p) => !existsSync(resolve(imagesDir, p)));
if (missing.length) fail(`${missing.length} images named in the protocol are missing, e.g. ${missing[0]}`);

let session: LabSession | undefined;

interface Saved {
  byPath: Map<string, number[]>;
  noFace: number;
  /** The images where no face was found (their embedding is of a centred crop); absent from older files. */
  faceless: Set<string>;
}

function savedEmbeddings(file: string, paths: readonly string[]): Saved {
  const saved = JSON.parse(readFileSync(resolve(process.cwd(), file), 'utf8')) as { embeddings: Record<string, number[]>; noFace: number; faceless?: string[] };
  const byPath = new Map(Object.entries(saved.embeddings));
  const absent = paths.find((p) => !byPath.has(p));
  if (absent) fail(`${file} has no embedding for ${absent}`);
  return { byPath, noFace: saved.noFace, faceless: new Set(saved.faceless ?? []) };
}

/** Every image's embedding: from the pipeline, or from a file saved by an earlier run. */
async function embeddings(): Promise<{ byPath: Map<string, number[]>; noFace: number; msPerImage: number | null }> {
  if (args.embeddings) return { ...savedEmbeddings(args.embeddings, images), msPerImage: null };
  session = await openLabSession('eval:identify', imagesDir, { network, refine: args.refine as 'mesh' | 'none' });
  const { results, wallMs } = await session.embed(images, { batch: Number(args.batch), detector: args.detector as 'still' | 'video' });
  if (session.stopping) process.exit(130);
  const byPath = new Map([...results].map(([path, r]) => [path, r.faces[0]!.embedding]));
  const faceless = [...results].filter(([, r]) => r.noFace).map(([path]) => path);
  const noFace = faceless.length;
  if (args.save) writeFileSync(resolve(process.cwd(), args.save), JSON.stringify({ embeddings: Object.fromEntries(byPath), noFace, faceless }));
  return { byPath, noFace, msPerImage: Math.round((10 * wallMs) / images.length) / 10 };
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const rounded = (r: Rates) => ({ fpir: r4(r.fpir), fnir: r4(r.fnir), wrongId: r4(r.wrongId) });

async function main(): Promise<void> {
  const { byPath, noFace, msPerImage } = await embeddings();
  // Probes made another way: those where that way found no face are left out (the live view would
  // show no face there, so no search), and counted.
  const probeFile = args['probe-embeddings'];
  const other = probeFile ? savedEmbeddings(probeFile, probeEntries.map((e) => e.path)) : null;
  const searched = other ? probeEntries.filter((e) => !other.faceless.has(e.path)) : probeEntries;
  const templates = galleryEntries.map((e) => ({ personId: e.person!, embedding: byPath.get(e.path)! }));
  const probes = searched.map((e) => ({ person: e.person, embedding: (other?.byPath ?? byPath).get(e.path)! }));
  const people = [...new Set(templates.map((t) => t.personId))];
  const build = (subset: ReadonlySet<string> | null) => {
    const g = new Gallery(NETWORKS[network].spec.dim);
    const chosen = subset ? templates.filter((t) => subset.has(t.personId)) : templates;
    g.addMany(args.templates === 'best' ? chosen : meanTemplates(chosen, g.dim));
    return g;
  };
  const threshold = args.threshold !== undefined ? Number(args.threshold) : thresholdForGallery(people.length, rule);
  const full = searchAll(build(null), probes);
  const at = rates(full, threshold);

  // Sub-galleries: the same probes; a mated probe whose person is left out is not counted as mated.
  const random = rng(20261125);
  const bySize: Record<string, ReturnType<typeof rounded> & { people: number; threshold: number; draws: number }> = {};
  const sizes = args.sizes.split(',').map(Number).filter((n) => n > 0 && n < people.length);
  for (const size of sizes) {
    const draws = Math.max(1, Number(args.draws));
    const t = args.threshold !== undefined ? threshold : thresholdForGallery(size, rule);
    const sum = { fpir: 0, fnir: 0, wrongId: 0 };
    for (let d = 0; d < draws; d++) {
      const r = rates(searchAll(build(new Set(sample(people, size, () => random()))), probes), t);
      sum.fpir += r.fpir / draws;
      sum.fnir += r.fnir / draws;
      sum.wrongId += r.wrongId / draws;
    }
    bySize[size] = { people: size, threshold: r4(t), draws, ...rounded({ ...at, ...sum }) };
  }
  bySize[people.length] = { people: people.length, threshold: r4(threshold), draws: 1, ...rounded(at) };

  // Every search of the whole gallery that named somebody else (strangers included), to be read:
  // LFW holds a few people under two names, and such a search is right though counted wrong.
  const misnamed = full.flatMap((o, i) =>
    o.top !== null && o.similarity >= threshold && o.top !== o.truth ? [{ probe: searched[i]!.path, person: o.truth, named: o.top, similarity: r4(o.similarity) }] : [],
  );
  const fnirAt = (fpir: number) => r4(rates(full, thresholdAtFpir(full, fpir)).fnir);

  let fit: Record<string, unknown> | undefined;
  if (args.fit) {
    const searches = new Map<number, SearchOutcome[][]>();
    for (const size of [3, 10, 30, 100, 300, 1000, 3000].filter((n) => n < people.length).concat(people.length)) {
      const draws = size === people.length ? 1 : size < 30 ? 200 : 20;
      searches.set(size, Array.from({ length: draws }, () => searchAll(size === people.length ? build(null) : build(new Set(sample(people, size, () => random()))), probes)));
    }
    const meanFpir = (list: SearchOutcome[][], t: number) => list.reduce((sum, o) => sum + rates(o, t).fpir, 0) / list.length;
    let slope = 0;
    const base = thresholdForGallery(1, rule);
    while ([...searches].some(([n, list]) => meanFpir(list, base + slope * Math.log10(n)) > 0.01) && slope < 1) slope = Math.round((slope + 0.005) * 1000) / 1000;
    fit = {
      thresholdAtFpir1pct: Object.fromEntries([...searches].map(([n, list]) => [n, r4(list.reduce((sum, o) => sum + thresholdAtFpir(o, 0.01), 0) / list.length)])),
      slope,
    };
  }
  let views: Record<string, unknown> | undefined;
  if (args.views !== undefined) {
    const n = Number(args.views);
    if (!Number.isInteger(n) || n < 2) fail('--views is a whole number ≥ 2');
    const groups = viewGroups(probes, n);
    const together = rates(searchAll(build(null), groups), threshold);
    const alone = rates(searchAll(build(null), groups.flatMap((g) => g.members.map((i) => probes[i]!))), threshold);
    views = { views: n, searches: groups.length, fnir: r4(together.fnir), wrongId: r4(together.wrongId), oneByOne: { searches: alone.mated, fnir: r4(alone.fnir), wrongId: r4(alone.wrongId) } };
  }
  console.log(
    JSON.stringify({
      people: people.length,
      templates: templates.length,
      mated: at.mated,
      nonMated: at.nonMated,
      threshold: r4(threshold),
      network,
      thresholdRule: args.threshold !== undefined ? 'fixed (--threshold)' : `thresholdForGallery(people): ${rule.pair} + ${rule.perDecade} · log10(people)`,
      templateRule: args.templates,
      fpir: r4(at.fpir),
      fnir: r4(at.fnir),
      wrongId: r4(at.wrongId),
      rank1: r4(at.rank1),
      fnirAtFpir1pct: fnirAt(0.01),
      fnirAtFpir01pct: fnirAt(0.001),
      thresholdAtFpir1pct: r4(thresholdAtFpir(full, 0.01)),
      bySize,
      misnamed,
      ...(fit ? { fit } : {}),
      ...(views ? { multiView: views } : {}),
      images: images.length,
      noFace,
      ...(other ? { probesWithoutFace: probeEntries.length - searched.length } : {}),
      msPerImage,
    }),
  );
}

runCommand('eval:identify', main, () => session);
