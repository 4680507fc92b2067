/**
 * Face embeddings with the model of a ModelSpec (the app's: an ArcFace-trained MobileFaceNet,
 * 512-d, converted from ONNX to a TFJS graph model by scripts/lib/onnx-to-tfjs.ts; the earlier
 * one, 192-d, from TFLite by scripts/lib/tflite-to-tfjs.ts). Input: aligned square crops of the
 * spec's input size (112) in the spec's channel order, (pixel − 127.5) / 128. Output: one
 * L2-normalised Float32Array of the spec's dimension per crop. Crops are run in one batch.
 */
import { DEFAULT_MODEL_SPEC, type ModelSpec } from './model-spec';
import { canvas2d, writeRgb } from './pixels';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';

export interface EmbedOptions {
  /**
   * Add the embedding of the mirrored crop to that of the crop (test-time augmentation).
   * On LFW it raised verification accuracy (see README), so the app's spec does it. Default:
   * the spec's `flip`.
   */
  flip?: boolean;
}

/** Both embeddings of a crop: of the crop alone, and with its mirror image added. */
export interface EmbeddingVariants {
  plain: Float32Array;
  flip: Float32Array;
}

export class Embedder {
  private constructor(
    private readonly model: GraphModel,
    /** The model's input size and embedding dimension. */
    readonly spec: Readonly<ModelSpec>,
  ) {}

  /** `modelUrl`: where the spec's `file` is served. */
  static async load(modelUrl: string, spec: Readonly<ModelSpec> = DEFAULT_MODEL_SPEC): Promise<Embedder> {
    // No first run on a blank face here: the first real face costs about as much after one as
    // without, and the live view's first name came 60–90 ms sooner without it (README, "The
    // embedder's blank run").
    return new Embedder(await loadGraphModel(modelUrl), spec);
  }

  /** Embeds aligned crops (canvases of the spec's input size); returns L2-normalised vectors. */
  async embed(crops: OffscreenCanvas[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const flip = options.flip ?? this.spec.flip;
    const raw = await this.run(crops, flip);
    const { dim } = this.spec;
    return crops.map((_, i) => (flip ? sum(raw, dim, 2 * i, 2) : sum(raw, dim, i, 1)));
  }

  /** Both variants from one run of the model, to compare them (the evaluation does). */
  async embedVariants(crops: OffscreenCanvas[]): Promise<EmbeddingVariants[]> {
    const raw = await this.run(crops, true);
    const { dim } = this.spec;
    return crops.map((_, i) => ({ plain: sum(raw, dim, 2 * i, 1), flip: sum(raw, dim, 2 * i, 2) }));
  }

  /** Raw model outputs, one row per crop (followed by its mirror image's row with `flip`). */
  private async run(crops: OffscreenCanvas[], flip: boolean): Promise<Float32Array> {
    if (crops.length === 0) return new Float32Array(0);
    const size = this.spec.inputSize;
    const per = size * size * 3;
    const views = flip ? 2 : 1;
    const input = new Float32Array(crops.length * views * per);
    crops.forEach((crop, i) => {
      const c = crop.width === size && crop.height === size ? crop : resized(crop, size);
      const bgr = this.spec.channels === 'bgr';
      writeRgb(c, input, i * views * per, 127.5, 1 / 128, false, bgr);
      if (flip) writeRgb(c, input, (i * views + 1) * per, 127.5, 1 / 128, true, bgr);
    });
    const x = tf.tensor4d(input, [crops.length * views, size, size, 3]);
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

/** L2-normalised sum of `count` consecutive embedding rows (of `dim` values) starting at row `first`. */
function sum(raw: Float32Array, dim: number, first: number, count: number): Float32Array {
  const v = new Float32Array(dim);
  for (let k = 0; k < count; k++) {
    const base = (first + k) * dim;
    for (let j = 0; j < dim; j++) v[j]! += raw[base + j]!;
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

function resized(crop: OffscreenCanvas, size: number): OffscreenCanvas {
  const { canvas, ctx } = canvas2d(size, size);
  ctx.drawImage(crop, 0, 0, size, size);
  return canvas;
}
