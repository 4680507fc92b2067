/**
 * Face embeddings with MobileFaceNet (192-d), converted from TFLite to a TFJS graph model
 * by scripts/lib/tflite-to-tfjs.ts. Input: aligned 112×112 RGB crops, (pixel − 127.5) / 128.
 * Output: one L2-normalised Float32Array(192) per crop. Crops are run in one batch.
 */
import { canvas2d, writeRgb } from './pixels';
import { tf } from './tf-backend';

export const EMBEDDING_SIZE = 192;
const SIZE = 112;

export interface EmbedOptions {
  /**
   * Add the embedding of the mirrored crop to that of the crop (test-time augmentation).
   * On LFW it raised verification accuracy (see README), so the pipeline does it by default.
   */
  flip?: boolean;
}

/** Both embeddings of a crop: of the crop alone, and with its mirror image added. */
export interface EmbeddingVariants {
  plain: Float32Array;
  flip: Float32Array;
}

export class Embedder {
  private constructor(private readonly model: tf.GraphModel) {}

  static async load(modelUrl: string): Promise<Embedder> {
    return new Embedder(await tf.loadGraphModel(modelUrl));
  }

  /** Embeds aligned crops (112×112 canvases); returns L2-normalised vectors. */
  async embed(crops: OffscreenCanvas[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const flip = options.flip ?? true;
    const raw = await this.run(crops, flip);
    return crops.map((_, i) => (flip ? sum(raw, 2 * i, 2) : sum(raw, i, 1)));
  }

  /** Both variants from one run of the model, to compare them (the evaluation does). */
  async embedVariants(crops: OffscreenCanvas[]): Promise<EmbeddingVariants[]> {
    const raw = await this.run(crops, true);
    return crops.map((_, i) => ({ plain: sum(raw, 2 * i, 1), flip: sum(raw, 2 * i, 2) }));
  }

  /** Raw model outputs, one row per crop (followed by its mirror image's row with `flip`). */
  private async run(crops: OffscreenCanvas[], flip: boolean): Promise<Float32Array> {
    if (crops.length === 0) return new Float32Array(0);
    const per = SIZE * SIZE * 3;
    const views = flip ? 2 : 1;
    const input = new Float32Array(crops.length * views * per);
    crops.forEach((crop, i) => {
      const c = crop.width === SIZE && crop.height === SIZE ? crop : resized(crop);
      writeRgb(c, input, i * views * per, 127.5, 1 / 128);
      if (flip) writeRgb(c, input, (i * views + 1) * per, 127.5, 1 / 128, true);
    });
    const x = tf.tensor4d(input, [crops.length * views, SIZE, SIZE, 3]);
    const y = this.model.predict(x) as tf.Tensor;
    try {
      return (await y.data()) as Float32Array;
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** L2-normalised sum of `count` consecutive embedding rows starting at row `first`. */
function sum(raw: Float32Array, first: number, count: number): Float32Array {
  const v = new Float32Array(EMBEDDING_SIZE);
  for (let k = 0; k < count; k++) {
    const base = (first + k) * EMBEDDING_SIZE;
    for (let j = 0; j < EMBEDDING_SIZE; j++) v[j]! += raw[base + j]!;
  }
  return l2normalize(v);
}

export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

function resized(crop: OffscreenCanvas): OffscreenCanvas {
  const { canvas, ctx } = canvas2d(SIZE, SIZE);
  ctx.drawImage(crop, 0, 0, SIZE, SIZE);
  return canvas;
}
