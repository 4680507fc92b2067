/**
 * Head pose from the 468-point face mesh (landmarks.ts), for the liveness challenge (liveness.ts).
 *
 * Three readings of one mesh:
 *  - the pose (`yaw`, `pitch`, `roll`, degrees): from the mesh's 3-D points, the directions of the
 *    head's left-right axis (symmetric pairs: eye corners, cheeks, mouth corners) and of its
 *    up-down axis (forehead to chin). Error on pose-labelled photos: README, "Liveness".
 *  - the parallax (`nose`): where the nose tip lies in the flat frame of the outline (the cheek
 *    points at the silhouette and the chin), in image coordinates. On a picture these would not
 *    move, but the mesh model places its points as its 3-D reading says: measured, the nose slides
 *    with the read yaw for photos and heads alike (README). A consistency check, not a cue alone.
 *  - the outline (`aspect`, `width`): a turned picture narrows by the cosine of its real turn while
 *    the mesh reads a much smaller turn; a head narrows as its read turn explains. That is the cue.
 * All are judged relative to the person's own straight pose (the hold phase, liveness-session.ts):
 * a face's shape and a close camera bias them, and the bias cancels.
 *
 * Frames are unmirrored camera images: the subject's right is the image's left. Framework-free and pure.
 */
import type { Point } from './align';

/** Mesh indices (MediaPipe's face mesh topology). */
const NOSE_TIP = 1;
const FOREHEAD = 10;
const CHIN = 152;
/** The cheek points at the silhouette, at the eyes' height: subject's right (image left), left. */
const CHEEK_RIGHT = 234;
const CHEEK_LEFT = 454;
/** Symmetric pairs (subject's right point, left point) whose 3-D direction gives the yaw and roll. */
const PAIRS: ReadonlyArray<readonly [number, number]> = [
  [33, 263], // outer eye corners
  [133, 362], // inner eye corners
  [CHEEK_RIGHT, CHEEK_LEFT],
  [61, 291], // mouth corners
];

export interface Pose {
  /** Degrees, positive when the head turns to the subject's left (the nose towards the image's right). */
  yaw: number;
  /** Degrees, positive when the head looks up. */
  pitch: number;
  /** Degrees, positive when the head tilts clockwise in the image. */
  roll: number;
  /**
   * The nose tip's affine coordinates in the outline's frame: `x` in half cheek-to-cheek distances
   * from their midpoint (positive towards the image's right), `y` in midpoint-to-chin distances.
   */
  nose: Point;
  /** Cheek-to-cheek width over forehead-to-chin height (image): narrows when the face or a picture turns. */
  aspect: number;
  /** Cheek-to-cheek width in source pixels (how near the face is). */
  width: number;
}

const DEG = 180 / Math.PI;

/** Pose from a face mesh (468 x, y, z triples), or null when it is too short or degenerate. */
export function poseFromMesh(mesh: ArrayLike<number>): Pose | null {
  if (mesh.length < 468 * 3) return null;
  const at = (i: number) => ({ x: mesh[3 * i]!, y: mesh[3 * i + 1]!, z: mesh[3 * i + 2]! });
  let dx = 0;
  let dy = 0;
  let dz = 0;
  for (const [r, l] of PAIRS) {
    const a = at(r);
    const b = at(l);
    dx += b.x - a.x;
    dy += b.y - a.y;
    dz += b.z - a.z;
  }
  const top = at(FOREHEAD);
  const chin = at(CHIN);
  const rc = at(CHEEK_RIGHT);
  const lc = at(CHEEK_LEFT);
  const nose = at(NOSE_TIP);
  const cx = (rc.x + lc.x) / 2;
  const cy = (rc.y + lc.y) / 2;
  const e1x = (lc.x - rc.x) / 2;
  const e1y = (lc.y - rc.y) / 2;
  const e2x = chin.x - cx;
  const e2y = chin.y - cy;
  const det = e1x * e2y - e1y * e2x;
  const height = Math.hypot(chin.x - top.x, chin.y - top.y);
  const width = 2 * Math.hypot(e1x, e1y);
  if (!(Math.abs(det) > 1e-6) || !(height > 1e-6) || !(Math.hypot(dx, dy) > 1e-6)) return null;
  const nx = nose.x - cx;
  const ny = nose.y - cy;
  // The up-down axis, forehead → chin: looking up brings the chin towards the camera (z falls).
  const vy = chin.y - top.y;
  const vz = chin.z - top.z;
  return {
    yaw: Math.atan2(dz, Math.hypot(dx, dy)) * DEG,
    pitch: Math.atan2(-vz, vy) * DEG,
    roll: Math.atan2(dy, dx) * DEG,
    nose: { x: (nx * e2y - ny * e2x) / det, y: (e1x * ny - e1y * nx) / det },
    aspect: width / height,
    width,
  };
}

/** A face's pose relative to a neutral one (the person's own straight pose). */
export function poseChange(pose: Pose, neutral: Pose): { yaw: number; pitch: number; noseX: number; noseY: number; narrowing: number } {
  return {
    yaw: pose.yaw - neutral.yaw,
    pitch: pose.pitch - neutral.pitch,
    noseX: pose.nose.x - neutral.nose.x,
    noseY: pose.nose.y - neutral.nose.y,
    narrowing: 1 - pose.aspect / neutral.aspect,
  };
}

/** The mean of several poses (the hold phase's frames): the neutral pose. */
export function meanPose(poses: readonly Pose[]): Pose | null {
  if (poses.length === 0) return null;
  const m = (f: (p: Pose) => number) => poses.reduce((s, p) => s + f(p), 0) / poses.length;
  return { yaw: m((p) => p.yaw), pitch: m((p) => p.pitch), roll: m((p) => p.roll), nose: { x: m((p) => p.nose.x), y: m((p) => p.nose.y) }, aspect: m((p) => p.aspect), width: m((p) => p.width) };
}

/** A face narrower than this share of the frame's width, or wider, is not judged (distanceHint). */
export const MIN_FACE_SHARE = 0.1;
export const MAX_FACE_SHARE = 0.8;

/** Whether a face of this pose is too far ('come-closer') or too near ('move-back') to be judged. */
export function distanceHint(pose: Pose, frameWidth: number | undefined): 'come-closer' | 'move-back' | null {
  if (!frameWidth) return null;
  const share = pose.width / frameWidth;
  return share < MIN_FACE_SHARE ? 'come-closer' : share > MAX_FACE_SHARE ? 'move-back' : null;
}
