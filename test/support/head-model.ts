/**
 * A synthetic face mesh for the liveness tests: the few points of MediaPipe's 468-point mesh that
 * head-pose.ts reads, on an average head turned and projected by a pinhole camera, written into a
 * 468 × 3 array as the face mesh gives it (x, y in pixels, z depth in pixels, towards the camera
 * negative). And a picture of that head as the mesh model reads one (`picture`). Test support
 * only: the app does not import it.
 */

/** Mesh index → point on an average head, in metres (x towards the image's right, y down, z towards the camera). */
const HEAD: Record<number, [number, number, number]> = {
  1: [0, 0.035, 0.03], // nose tip
  10: [0, -0.06, 0], // forehead
  152: [0, 0.11, 0], // chin
  234: [-0.07, 0, -0.05], // cheek at the silhouette, subject's right
  454: [0.07, 0, -0.05],
  33: [-0.045, 0, -0.01], // outer eye corners
  263: [0.045, 0, -0.01],
  133: [-0.015, 0, 0], // inner eye corners
  362: [0.015, 0, 0],
  61: [-0.025, 0.07, 0.005], // mouth corners
  291: [0.025, 0.07, 0.005],
};
const FOCAL = 500;
const DISTANCE = 0.6;
const rad = (deg: number) => (deg * Math.PI) / 180;

export interface MeshOptions {
  /** Degrees, positive looking up. */
  pitch?: number;
  /** The head's distance in metres (default 0.6: a face about 18% of a 640-pixel frame). */
  distance?: number;
  /** Multiplies every x about the face's centre (a picture's foreshortening; 1: none). */
  squeeze?: number;
}

/** The mesh of the head turned by `yaw` degrees (positive: towards the subject's left). */
export function mesh(yaw: number, o: MeshOptions = {}): Float32Array {
  const { pitch = 0, distance = DISTANCE, squeeze = 1 } = o;
  const [cy, sy, cp, sp] = [Math.cos(rad(yaw)), Math.sin(rad(yaw)), Math.cos(rad(pitch)), Math.sin(rad(pitch))];
  const out = new Float32Array(468 * 3);
  for (const [index, [x, y, z]] of Object.entries(HEAD)) {
    const x1 = x * cy + z * sy;
    const z1 = -x * sy + z * cy;
    // Looking up moves the points in front (the nose, the chin) up in the image.
    const y2 = y * cp - z1 * sp;
    const z2 = y * sp + z1 * cp;
    const i = Number(index) * 3;
    out[i] = 320 + (squeeze * FOCAL * x1) / (distance - z2);
    out[i + 1] = 240 + (FOCAL * y2) / (distance - z2);
    out[i + 2] = (-FOCAL * z2) / distance;
  }
  return out;
}

/**
 * A photo of the head, turned `angle` degrees, as the face mesh reads it (measured on prints turned
 * ±35°: README, "Liveness"): a head turned far less (here 0.3 × the angle), and an outline narrowed
 * by the photo's own foreshortening (cos angle).
 */
export function picture(angle: number): Float32Array {
  const read = 0.3 * angle;
  return mesh(read, { squeeze: Math.cos(rad(angle)) / Math.cos(rad(read)) });
}
