/**
 * Head pose from BlazeFace's 6 keypoints, read so that a picture cannot fake it (the liveness
 * challenge, liveness.ts, judges its moves on it).
 *
 * Why the keypoints can tell a head from a picture: a real head is deep. When it turns, the nose
 * tip (well in front of the eyes) and the ear tragions (well behind them) move by different
 * amounts, so the nose slides towards one ear. A photo, flat or turned, keeps every point on one
 * plane: its points move together by one projective transform, and the nose stays where it was
 * between the ears. So the pose (`yaw`, `pitch`) is read as the nose's affine coordinates between
 * the ears and the mouth, which no affine map changes (and a perspective one hardly).
 * (A homography fit of the eyes, mouth and ears between frames, with the nose's residual as the
 * cue, was tried first: on BlazeFace's coarse keypoints its noise on still frontal frames, up to
 * 0.1 eye distances, was as large as man-webcam's real 15° turn; see README, "Liveness".)
 *
 * Frames are unmirrored camera images: the subject's right is the image's left.
 * Framework-free and pure.
 */
import type { Point } from './align';

/** Head pose read from the keypoints, in the unitless ratios the thresholds use. */
export interface Pose {
  /**
   * Where the nose tip lies between the ears, in half ear distances from their midpoint: 0
   * frontal, positive towards the subject's left. For a head it is about
   * (nose depth + ear depth) / (half the ear distance) · tan(yaw) ≈ 1.5 · tan(yaw); for a
   * picture it does not change when the picture is turned.
   */
  yaw: number;
  /**
   * Where the nose tip lies from the ears' midpoint towards the mouth, in midpoint-to-mouth
   * distances: it falls when the person looks up. Judged relative to the first frame.
   */
  pitch: number;
  /** Ear distance over the ears-to-mouth height: narrows when the face (or a picture) is turned. */
  aspect: number;
}

/**
 * Pose from BlazeFace's 6 keypoints, or null when some are missing or degenerate. The nose tip
 * is written in the affine frame of the ears and the mouth (origin: the ears' midpoint; axes: half
 * the ear-to-ear vector, and the midpoint-to-mouth vector); those coordinates do not change under
 * any affine map, and hardly under a perspective one, so a picture keeps them however it is moved.
 */
export function poseFromKeypoints(k: readonly Point[]): Pose | null {
  const [, , nose, mouth, rEar, lEar] = k;
  if (!nose || !mouth || !rEar || !lEar) return null;
  const cx = (rEar.x + lEar.x) / 2;
  const cy = (rEar.y + lEar.y) / 2;
  const e1x = (lEar.x - rEar.x) / 2;
  const e1y = (lEar.y - rEar.y) / 2;
  const e2x = mouth.x - cx;
  const e2y = mouth.y - cy;
  const det = e1x * e2y - e1y * e2x;
  const height = Math.hypot(e2x, e2y);
  if (!(Math.abs(det) > 1e-6) || !(height > 1e-6)) return null;
  const nx = nose.x - cx;
  const ny = nose.y - cy;
  return {
    yaw: (nx * e2y - ny * e2x) / det,
    pitch: (e1x * ny - e1y * nx) / det,
    aspect: (2 * Math.hypot(e1x, e1y)) / height,
  };
}

// What the face's outline (`aspect`) tells, for the liveness challenge's moves:
/**
 * A turned picture narrows (or widens back): this much change of aspect (cos 28°; noise on real
 * frames reached 0.08) in a move whose turn was never read reads as 'flat'.
 */
export const FORESHORTENING = 0.12;
/**
 * A left/right move is reached only while the face's outline (ear distance over height) has
 * narrowed less than this since the first frame. BlazeFace reads a real head's turn mostly from
 * the nose and keeps the outline (narrowing 0.00–0.10 where real clips first reached the turn,
 * 0.16 at most), while a picture must be turned far, and so narrow, to read as turned: prints
 * bent round a cylinder and turned ±55° narrowed 0.30–0.39 there (README, "Liveness").
 */
export const MAX_TURN_NARROWING = 0.2;
