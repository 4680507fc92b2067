/**
 * A synthetic head for the liveness tests: BlazeFace's 6 keypoints of an average head (and of a
 * photo of it, flat or bent) turned and projected by a pinhole camera. Test support only: the
 * app does not import it.
 */
import type { Point } from '../../src/ml/align';

/**
 * BlazeFace's 6 keypoints on an average head, in metres (x towards the subject's left = image
 * right, y down, z towards the camera): eyes, nose tip 3 cm in front of them, mouth, ear
 * tragions 8 cm behind them.
 */
export const HEAD: Array<[number, number, number]> = [
  [-0.032, 0, 0],
  [0.032, 0, 0],
  [0, 0.035, 0.03],
  [0, 0.07, 0.005],
  [-0.075, 0.03, -0.08],
  [0.075, 0.03, -0.08],
];
const FOCAL = 500;
const DISTANCE = 0.6;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Turns 3-D points by `yaw` (positive: towards the subject's left) and `pitch` (positive: down), and projects them. */
export function project(points: Array<[number, number, number]>, yawDeg: number, pitchDeg = 0): Point[] {
  const [cy, sy, cp, sp] = [Math.cos(rad(yawDeg)), Math.sin(rad(yawDeg)), Math.cos(rad(pitchDeg)), Math.sin(rad(pitchDeg))];
  return points.map(([x, y, z]) => {
    const x1 = x * cy + z * sy;
    const z1 = -x * sy + z * cy;
    // Looking down moves the nose tip (in front) down in the image.
    const y2 = y * cp + z1 * sp;
    const z2 = -y * sp + z1 * cp;
    return { x: 320 + (FOCAL * x1) / (DISTANCE - z2), y: 240 + (FOCAL * y2) / (DISTANCE - z2) };
  });
}

/** The head as a frontal photo printed on a plane (z = 0), at life size. */
export const PHOTO: Array<[number, number, number]> = HEAD.map(([x, y, z]) => [(x * DISTANCE) / (DISTANCE - z), (y * DISTANCE) / (DISTANCE - z), 0]);

/** The photo bent round a vertical cylinder of radius `r` (its centre line stays in place). */
export const bent = (r: number): Array<[number, number, number]> => PHOTO.map(([x, y]) => [r * Math.sin(x / r), y, r * Math.cos(x / r) - r]);

export const real = (yaw: number, pitch = 0) => project(HEAD, yaw, pitch);
