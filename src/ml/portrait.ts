/**
 * Which face of a still image is meant: the face nearest the centre of a portrait, or, where the
 * detector found none in an image known to hold one (the evaluations), an assumed centred face.
 */
import { ARCFACE_TEMPLATE_4, TEMPLATE_SIZE } from './align';
import { sourceSize, type Box, type DetectedFace, type FrameSource } from './detector';

/**
 * The face to assume when the detector finds none in an image known to hold one face
 * (the evaluation's documented fallback): a centred square half the image's shorter side,
 * with the face template's keypoints laid over it.
 */
export function centredFace(source: FrameSource): DetectedFace {
  const { width, height } = sourceSize(source);
  const side = Math.min(width, height) / 2;
  const box: Box = { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
  // Assumed keypoints: the 4-point template laid over the box, so alignment works without the mesh.
  const keypoints = ARCFACE_TEMPLATE_4.map((p) => ({ x: box.x + (p.x / TEMPLATE_SIZE) * side, y: box.y + (p.y / TEMPLATE_SIZE) * side }));
  return { box, score: 0, keypoints };
}

/** The detected face nearest the image centre (ties broken by size): the subject of a portrait. */
export function centralFace(source: FrameSource, faces: DetectedFace[]): DetectedFace | undefined {
  const { width, height } = sourceSize(source);
  let best: DetectedFace | undefined;
  let bestCost = Infinity;
  for (const f of faces) {
    const dx = f.box.x + f.box.width / 2 - width / 2;
    const dy = f.box.y + f.box.height / 2 - height / 2;
    const cost = Math.hypot(dx, dy) - 0.5 * Math.max(f.box.width, f.box.height);
    if (cost < bestCost) {
      bestCost = cost;
      best = f;
    }
  }
  return best;
}
