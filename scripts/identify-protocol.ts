/**
 * `npx tsx scripts/identify-protocol.ts [--from <identify dir>] [--out <dir>] [--distractors N] [--seed S]`
 *
 * A larger open-set protocol for `npm run eval:identify` (issue 17: FNIR, FPIR and wrong
 * identities at ~1,500+ enrolled people) from an existing one (default: lfw-dev's
 * `identify/gallery.tsv` and `probes.tsv`): `N` of its strangers (the `UNKNOWN` probes, one photo
 * each, people no enrolled person shares a photo with) are drawn at random (fixed seed) and enrolled
 * under their own name — enrolled people who are never searched for, as most of a large site's
 * gallery is at any moment — and the rest stay strangers. The mated probes are unchanged. Writes
 * `gallery.tsv` and `probes.tsv` to `--out` (default .cache/identify-dev/), git-ignored: the photos
 * stay in ../shared/datasets, the files only name them.
 *
 * A stranger's name is its photo's folder (LFW's `Name/Name_0001.jpg`). Same images as the source
 * protocol, so `eval:identify --save` embeddings of one serve the other (`--embeddings`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseProtocol, UNKNOWN, withDistractors, type ProtocolEntry } from './lib/identification.ts';
import { rng } from './lib/rng.ts';
import { ROOT } from './lib/build.ts';

const { values: args } = parseArgs({
  options: {
    from: { type: 'string', default: resolve(ROOT, '../shared/datasets/lfw-dev/identify') },
    out: { type: 'string', default: resolve(ROOT, '.cache/identify-dev') },
    distractors: { type: 'string', default: '800' },
    seed: { type: 'string', default: '20261202' },
  },
});

const tsv = (entries: ProtocolEntry[]) => entries.map((e) => `${e.person ?? UNKNOWN}\t${e.path}`).join('\n') + '\n';

function main(): void {
  const read = (name: 'gallery' | 'probes') => parseProtocol(readFileSync(join(args.from, `${name}.tsv`), 'utf8'), name);
  const count = Number(args.distractors);
  if (!Number.isInteger(count) || count < 0) throw new Error('--distractors is a whole number');
  const { gallery, probes } = withDistractors(read('gallery'), read('probes'), count, rng(Number(args.seed)));
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, 'gallery.tsv'), tsv(gallery));
  writeFileSync(join(args.out, 'probes.tsv'), tsv(probes));
  const people = new Set(gallery.map((g) => g.person)).size;
  const strangers = probes.filter((p) => p.person === null).length;
  console.log(`${args.out}: ${people} people enrolled (${gallery.length} templates, ${count} of them distractors), ${probes.length - strangers} mated and ${strangers} non-mated probes`);
}

main();
