import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dot, openLab } from './lab';
import { DATASETS, HAVE_DATASETS, NO_DATASETS, data } from './paths';

/**
 * The converted MobileFaceNet (the earlier app model, TFJS graph model from .cache/models, run by
 * the app's own backend) against the original .tflite run by TensorFlow Lite for the web, on real
 * aligned faces. (The app's model, converted from ONNX, is checked against an interpreter of its
 * ONNX graph in scripts/lib/onnx-to-tfjs.test.ts.)
 */
test('converted MobileFaceNet matches the original TFLite model on 25 real aligned faces', async ({ page }) => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  // Both images of the first 10 same-person pairs of LFW, and four app photos (5 faces).
  const pairs = readFileSync(resolve(DATASETS, 'lfw-dev/pairs.txt'), 'utf8').split('\n').slice(1, 11);
  const images = pairs.flatMap((line) => {
    const [name, i, j] = line.split('\t');
    return [i!, j!].map((k) => data(`lfw-dev/images/${name}/${name}_${k.trim().padStart(4, '0')}.jpg`));
  });
  images.push(...['obama.jpg', 'biden.jpg', 'two_people.jpg', 'alex-lacamoire.png'].map((f) => data(`photos/${f}`)));

  const { info } = await openLab(page, { network: 'mobilefacenet', urls: { embedderModel: '/__cache/mobilefacenet/model.json' } });
  const results = await page.evaluate((urls) => window.visage.embed(urls, { crops: true, variants: true }), images);
  const faces = results.flatMap((r) => r.faces);
  expect(faces.length).toBe(25);

  const reference = await page.context().newPage();
  await reference.goto('/__e2e/tflite.html');
  await reference.waitForFunction(() => document.body.dataset['ready'] === 'true');
  const expected: number[][] = await reference.evaluate(
    ([model, crops]) => (window as unknown as { reference: { embed(m: string, c: number[][]): Promise<number[][]> } }).reference.embed(model, crops),
    ['/__cache/MobileFaceNet.tflite', faces.map((f) => f.cropRgb!)] as const,
  );
  expect(expected).toHaveLength(faces.length);
  // The crop's own embedding (the app also adds the mirrored crop's; that is not the model's output).
  const cosines = faces.map((f, i) => dot(f.variants!.plain, expected[i]!));
  console.log(`backend ${info.backend}: ${faces.length} faces, min cosine ${Math.min(...cosines).toFixed(7)}`);
  for (const c of cosines) expect(c).toBeGreaterThanOrEqual(0.9999);
  // The faces differ from one another: equivalence is not trivially met by constant output.
  expect(dot(faces[0]!.variants!.plain, faces[faces.length - 1]!.variants!.plain)).toBeLessThan(0.9);
});
