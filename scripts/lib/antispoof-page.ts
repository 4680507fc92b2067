/**
 * Page-side helpers of `npm run eval:antispoof`, passed to Playwright's `page.evaluate` on the
 * lab page (so each is self-contained: no imports, no outer variables).
 *
 * `simulateCapture` makes a presentation attack from a real image, as a camera of
 * OUT_W × OUT_H would see it, or a bona fide control that goes through the same camera stage:
 *
 *  - every kind: the source is fitted whole ("contain") into the camera's view, which the screen
 *    or the print fills; the scene is modelled on a grid SS (4) times finer than the camera's pixels,
 *    and the camera averages each SS × SS block (a sensor integrates light over its pixel, which is
 *    what makes a fine pattern alias into moiré); then a slight defocus (3 × 3 binomial blur),
 *    sensor noise (Gaussian, σ 2.5 levels) and JPEG encoding (quality 0.8).
 *  - 'screen' (a replay on a phone or monitor): an RGB-stripe LCD whose pixel pitch is 1.3 camera
 *    pixels and whose grid is turned 3° to the camera; each screen pixel has R, G and B sub-pixels
 *    side by side, each lit over 80% of its third and 85% of the pixel height (black matrix
 *    between), driven brighter to keep the mean light; display response: black level 4%, contrast 92%,
 *    gamma 0.9, cooler white (R × 0.94, B × 1.08); background black.
 *  - 'print' (an inkjet or laser print): clustered-dot CMY halftone, cell pitch 1.5 camera pixels,
 *    screen angles C 15°, M 75°, Y 0°, ink density 0.88; warm paper white (246, 240, 228);
 *    uneven light across the sheet (× 0.85 on the left to × 1.05 on the right); background paper.
 *  - 'control' (bona fide): the same fit, camera averaging, blur, noise and JPEG, but no screen
 *    or print in between; it tells what the camera stage alone does to a model's score.
 *
 * The noise is seeded, so a given source and kind always give the same file.
 */
import type {} from '../../test/lab/lab.ts'; // window.visage (types only)

export type CaptureKind = 'screen' | 'print' | 'control';

export interface CaptureRequest {
  url: string;
  kind: CaptureKind;
  seed: number;
  width: number;
  height: number;
}

/** Returns the JPEG as base64. */
export async function simulateCapture(req: CaptureRequest): Promise<string> {
  const SS = 4;
  const W = req.width;
  const H = req.height;
  const BW = W * SS;
  const BH = H * SS;
  let a = req.seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());

  const bitmap = await createImageBitmap(await (await fetch(req.url)).blob());
  const big = new OffscreenCanvas(BW, BH);
  const ctx = big.getContext('2d')!;
  const background = req.kind === 'screen' ? '#000' : req.kind === 'print' ? '#fff' : '#000';
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, BW, BH);
  const scale = Math.min(BW / bitmap.width, BH / bitmap.height);
  const dw = bitmap.width * scale;
  const dh = bitmap.height * scale;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, (BW - dw) / 2, (BH - dh) / 2, dw, dh);
  bitmap.close();
  const src = ctx.getImageData(0, 0, BW, BH).data;

  // Light leaving the scene, per fine-grid cell, in 0…255 (float).
  const scene = new Float32Array(BW * BH * 3);
  if (req.kind === 'screen') {
    const pitch = 1.3 * SS;
    const th = (3 * Math.PI) / 180;
    const c = Math.cos(th);
    const s = Math.sin(th);
    const gain = 3 / (0.8 * 0.85); // each channel lights 0.8 of a third of the width, 0.85 of the height
    const white = [0.94, 1, 1.08];
    for (let y = 0; y < BH; y++) {
      for (let x = 0; x < BW; x++) {
        const u = (c * x + s * y) / pitch;
        const v = (-s * x + c * y) / pitch;
        const fu = u - Math.floor(u);
        const fv = v - Math.floor(v);
        const sub = Math.floor(fu * 3); // 0 R, 1 G, 2 B
        const lit = fu * 3 - sub < 0.8 && fv < 0.85;
        const i = (y * BW + x) * 4;
        const o = (y * BW + x) * 3;
        if (lit) {
          const val = src[i + sub]! / 255;
          scene[o + sub] = 255 * gain * white[sub]! * (0.04 + 0.92 * Math.pow(val, 0.9));
        }
      }
    }
  } else if (req.kind === 'print') {
    const pitch = 1.5 * SS;
    const angles = [15, 75, 0].map((d) => (d * Math.PI) / 180);
    const paper = [246, 240, 228];
    const density = 0.88;
    for (let y = 0; y < BH; y++) {
      for (let x = 0; x < BW; x++) {
        const i = (y * BW + x) * 4;
        const o = (y * BW + x) * 3;
        const illum = 0.85 + (0.2 * x) / BW;
        // Ink coverage of C, M, Y (each absorbs R, G, B respectively).
        for (let ch = 0; ch < 3; ch++) {
          const cover = 1 - src[i + ch]! / 255;
          const th = angles[ch]!;
          const u = (Math.cos(th) * x + Math.sin(th) * y) / pitch;
          const v = (-Math.sin(th) * x + Math.cos(th) * y) / pitch;
          const spot = 1 - (Math.cos(2 * Math.PI * u) + Math.cos(2 * Math.PI * v) + 2) / 4; // 0 at a dot's centre
          const ink = spot < cover ? density : 0;
          scene[o + ch] = paper[ch]! * (1 - ink) * illum;
        }
      }
    }
  } else {
    for (let p = 0, o = 0; p < src.length; p += 4, o += 3) {
      scene[o] = src[p]!;
      scene[o + 1] = src[p + 1]!;
      scene[o + 2] = src[p + 2]!;
    }
  }

  // The camera: SS × SS averaging, then a 3 × 3 binomial blur, noise, quantisation.
  const cam = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        for (let dy = 0; dy < SS; dy++) for (let dx = 0; dx < SS; dx++) sum += scene[((y * SS + dy) * BW + x * SS + dx) * 3 + ch]!;
        cam[(y * W + x) * 3 + ch] = sum / (SS * SS);
      }
    }
  }
  const K = [1, 2, 1];
  const out = new ImageData(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        let wsum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
            const w = K[dy + 1]! * K[dx + 1]!;
            sum += w * cam[(yy * W + xx) * 3 + ch]!;
            wsum += w;
          }
        }
        out.data[(y * W + x) * 4 + ch] = Math.max(0, Math.min(255, Math.round(sum / wsum + 2.5 * gauss())));
      }
      out.data[(y * W + x) * 4 + 3] = 255;
    }
  }
  const small = new OffscreenCanvas(W, H);
  small.getContext('2d')!.putImageData(out, 0, 0);
  const blob = await small.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export interface GrabbedFace {
  width: number;
  height: number;
  /** Faces the detector found. */
  faces: number;
  /** The face nearest the centre (the lab's rule), or null. */
  box: { x: number; y: number; width: number; height: number } | null;
  score: number | null;
  /** The pixels around it: `rect` of the image, RGB bytes (row-major) as base64. */
  rect: { x: number; y: number; width: number; height: number } | null;
  rgb: string | null;
}

/**
 * Runs the app's detector (window.visage.detect) on `url` and returns the central face's box and
 * the image's pixels within `margin` × the box's longer side of the box centre (clipped to the image).
 */
export async function grabFace(req: { url: string; margin: number }): Promise<GrabbedFace> {
  const faces = await window.visage.detect(req.url);
  const bitmap = await createImageBitmap(await (await fetch(req.url)).blob());
  const W = bitmap.width;
  const H = bitmap.height;
  let best: (typeof faces)[number] | undefined;
  let bestCost = Infinity;
  for (const f of faces) {
    const cost = Math.hypot(f.box.x + f.box.width / 2 - W / 2, f.box.y + f.box.height / 2 - H / 2) - 0.5 * Math.max(f.box.width, f.box.height);
    if (cost < bestCost) {
      bestCost = cost;
      best = f;
    }
  }
  if (!best) {
    bitmap.close();
    return { width: W, height: H, faces: 0, box: null, score: null, rect: null, rgb: null };
  }
  const side = Math.max(best.box.width, best.box.height);
  const cx = best.box.x + best.box.width / 2;
  const cy = best.box.y + best.box.height / 2;
  const x0 = Math.max(0, Math.floor(cx - req.margin * side));
  const y0 = Math.max(0, Math.floor(cy - req.margin * side));
  const x1 = Math.min(W, Math.ceil(cx + req.margin * side));
  const y1 = Math.min(H, Math.ceil(cy + req.margin * side));
  const canvas = new OffscreenCanvas(x1 - x0, y1 - y0);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, x0, y0, x1 - x0, y1 - y0, 0, 0, x1 - x0, y1 - y0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, x1 - x0, y1 - y0).data;
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let p = 0, o = 0; p < rgba.length; p += 4, o += 3) {
    rgb[o] = rgba[p]!;
    rgb[o + 1] = rgba[p + 1]!;
    rgb[o + 2] = rgba[p + 2]!;
  }
  let bin = '';
  for (let i = 0; i < rgb.length; i += 0x8000) bin += String.fromCharCode(...rgb.subarray(i, i + 0x8000));
  return { width: W, height: H, faces: faces.length, box: best.box, score: best.score, rect: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, rgb: btoa(bin) };
}
