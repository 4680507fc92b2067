import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Gallery } from '../src/ml/gallery';
import { DEFAULT_MATCH_THRESHOLD } from '../src/ml/matcher';
import { dot, openLab } from './lab';
import { DATASETS, HAVE_DATASETS, NO_DATASETS, data } from './paths';

interface Manifest {
  enroll: Record<string, string[]>;
  recognize: Array<{ file: string; people: string[] }>;
  same_person_resolutions: string[];
}

test.describe('recognition on real photos (photos/manifest.json)', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);

  test('enrolled people are named, strangers are unknown, same and different people separate', async ({ page }) => {
    const manifest = JSON.parse(readFileSync(resolve(DATASETS, 'photos/manifest.json'), 'utf8')) as Manifest;
    await openLab(page);
    const embed = (files: string[]) => page.evaluate((urls) => window.visage.embed(urls), files.map((f) => data(`photos/${f}`)));

    // Enrol: each enrolment photo must hold exactly one face.
    const gallery = new Gallery();
    const enrolled = new Map<string, number[][]>();
    for (const [person, files] of Object.entries(manifest.enroll)) {
      const results = await embed(files);
      for (const r of results) {
        expect(r.error, r.url).toBeUndefined();
        expect(r.faces, r.url).toHaveLength(1);
        gallery.add(person, r.faces[0]!.embedding);
        enrolled.set(person, [...(enrolled.get(person) ?? []), r.faces[0]!.embedding]);
      }
    }

    // Different enrolled people are below the threshold against each other.
    const people = [...enrolled.keys()];
    for (let i = 0; i < people.length; i++) {
      for (let j = i + 1; j < people.length; j++) {
        for (const a of enrolled.get(people[i]!)!) {
          for (const b of enrolled.get(people[j]!)!) {
            expect(dot(a, b), `${people[i]} vs ${people[j]}`).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
          }
        }
      }
    }

    // Recognise: every enrolled person in a photo is named once; nobody else is named (people
    // the manifest does not list, such as a child at a photo's edge, may appear as unknown).
    for (const item of manifest.recognize) {
      const [result] = await embed([item.file]);
      expect(result!.faces.length, item.file).toBeGreaterThanOrEqual(item.people.length);
      const names = result!.faces.map((f) => gallery.identify(f.embedding, DEFAULT_MATCH_THRESHOLD).personId ?? 'unknown');
      const known = item.people.filter((p) => p !== 'unknown');
      expect(names.filter((n) => n !== 'unknown').sort(), item.file).toEqual([...known].sort());
      if (item.people.includes('unknown')) expect(names, item.file).toContain('unknown');
    }

    // One person at several resolutions: every pair is above the threshold.
    const resolutions = await embed(manifest.same_person_resolutions);
    const vectors = resolutions.map((r) => {
      expect(r.faces, r.url).toHaveLength(1);
      return r.faces[0]!.embedding;
    });
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) {
        expect(dot(vectors[i]!, vectors[j]!), `${manifest.same_person_resolutions[i]} vs ${manifest.same_person_resolutions[j]}`).toBeGreaterThanOrEqual(DEFAULT_MATCH_THRESHOLD);
      }
      expect(gallery.identify(vectors[i]!).personId).toBe('obama');
    }
  });

  test('the live pipeline is ready before the face mesh: meanwhile faces are aligned on the detector keypoints and still match; stored embeddings wait for the mesh', async ({ page }) => {
    const manifest = JSON.parse(readFileSync(resolve(DATASETS, 'photos/manifest.json'), 'utf8')) as Manifest;
    const photo = (person: string, i: number) => data(`photos/${manifest.enroll[person]![i]!}`);
    // A face mesh that cannot load: the pipeline is ready all the same (meshLater).
    await openLab(page, { meshLater: true, urls: { meshModel: './models/no-such-mesh/model.json' } });
    const [early] = await page.evaluate((url) => window.visage.embed([url], { faces: 'central', early: true }), photo('obama', 1));
    expect(early!.error).toBeUndefined();
    expect(early!.faces[0]).toMatchObject({ provisional: true, landmarkSource: 'detector' });
    // A caller that does not say `early` (photo enrolment, the camera's) waits for the mesh, and its failure;
    // once it failed, `early` callers get the failure too (not names from the keypoints for ever).
    const [waited] = await page.evaluate((url) => window.visage.embed([url], { faces: 'central' }), photo('obama', 1));
    expect(waited!.faces).toHaveLength(0);
    expect(waited!.error).toMatch(/face models could not be loaded/);
    const [after] = await page.evaluate((url) => window.visage.embed([url], { faces: 'central', early: true }), photo('obama', 1));
    expect(after!.error).toMatch(/face models could not be loaded/);

    // With the face mesh: what is stored is aligned by it, and the early face matches its own person only.
    await page.evaluate(() => window.visage.init({ meshLater: true }));
    const stored = await page.evaluate((urls) => window.visage.embed(urls, { faces: 'central' }), [photo('obama', 0), photo('biden', 0)]);
    for (const r of stored) expect(r.faces[0], r.url).toMatchObject({ provisional: false, landmarkSource: 'mesh' });
    expect(dot(early!.faces[0]!.embedding, stored[0]!.faces[0]!.embedding)).toBeGreaterThanOrEqual(DEFAULT_MATCH_THRESHOLD);
    expect(dot(early!.faces[0]!.embedding, stored[1]!.faces[0]!.embedding)).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    // Once the mesh is there, `early` callers get it too.
    const [loaded] = await page.evaluate((url) => window.visage.embed([url], { faces: 'central', early: true }), photo('obama', 1));
    expect(loaded!.faces[0]).toMatchObject({ provisional: false, landmarkSource: 'mesh' });
  });
});
