/**
 * MJPEG files for Chromium's fake camera (`--use-file-for-fake-video-capture`): JPEG frames of
 * one size, simply concatenated, which Chromium plays in a loop at 30 fps (it reads no frame rate
 * from an MJPEG file). Used by the browser tests' camera (e2e/camera.ts) and by `npm run bench`.
 *
 * A file is described as a list of frames, each a list of photo pieces drawn on black; a plain
 * headless Chromium draws them on a canvas and encodes them with `canvas.toBlob('image/jpeg')`.
 * Files are made at run time under `.cache/` (git-ignored, never committed), named by a hash of
 * the photos and the description, so each is made once.
 */
import { chromium } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { launchOptions } from './chromium';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One photo drawn into a frame. */
export interface Piece {
  /** Index into `MjpegSpec.photos`. */
  photo: number;
  /** The part of the photo to draw (default: all of it). */
  from?: Rect;
  /** Where in the frame; 'contain': the whole frame, letterboxed (centred, aspect kept). */
  to: Rect | 'contain';
}

export interface MjpegSpec {
  /** Readable part of the file name. */
  name: string;
  width: number;
  height: number;
  /** Photo files (absolute paths). */
  photos: string[];
  /** Frames in playing order; an empty frame is black. */
  frames: Piece[][];
  /** JPEG quality for canvas.toBlob (default 0.92). */
  quality?: number;
  /** Mirror every frame horizontally (as a front camera shows it). */
  mirror?: boolean;
}

/**
 * esbuild (tsx) compiles named inner functions with a `__name(fn, "name")` helper that does not
 * exist in the page, which breaks `page.evaluate` callbacks when this file runs under tsx
 * (Playwright's own runner does not need it).
 */
export const NAME_SHIM = 'globalThis.__name ??= (f) => f';

const MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

/** Makes (or finds in `cacheDir`) the MJPEG file described by `spec`; returns its absolute path. */
export async function makeMjpeg(spec: MjpegSpec, cacheDir: string): Promise<string> {
  const s = { quality: 0.92, mirror: false, ...spec };
  const photos = s.photos.map((p) => readFileSync(p));
  const hash = createHash('sha256');
  for (const bytes of photos) hash.update(bytes);
  hash.update(JSON.stringify({ w: s.width, h: s.height, q: s.quality, m: s.mirror, f: s.frames }));
  const out = resolve(cacheDir, `${s.name.replace(/[^\w-]+/g, '_')}-${s.width}x${s.height}-${hash.digest('hex').slice(0, 16)}.mjpeg`);
  if (existsSync(out)) return out;

  // Frames that look alike are encoded once.
  const distinct = [...new Set(s.frames.map((f) => JSON.stringify(f)))];
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage();
    await page.evaluate(NAME_SHIM);
    const encoded: string[] = await page.evaluate(
      async ({ photos, frames, o }) => {
        const bitmaps = await Promise.all(
          photos.map(({ b64, mime }) => createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: mime }))),
        );
        const canvas = document.createElement('canvas');
        canvas.width = o.width;
        canvas.height = o.height;
        const ctx = canvas.getContext('2d')!;
        const toB64 = async (blob: Blob) => {
          const buf = new Uint8Array(await blob.arrayBuffer());
          let str = '';
          for (let i = 0; i < buf.length; i += 0x8000) str += String.fromCharCode(...buf.subarray(i, i + 0x8000));
          return btoa(str);
        };
        const encode = () =>
          new Promise<Blob>((res, rej) => canvas.toBlob((b) => (b ? res(b) : rej(new Error('toBlob failed'))), 'image/jpeg', o.quality));
        const out: string[] = [];
        for (const json of frames) {
          const pieces = JSON.parse(json) as Piece[];
          ctx.fillStyle = '#000';
          ctx.fillRect(0, 0, o.width, o.height);
          ctx.save();
          if (o.mirror) {
            ctx.translate(o.width, 0);
            ctx.scale(-1, 1);
          }
          for (const piece of pieces) {
            const bitmap = bitmaps[piece.photo]!;
            const from = piece.from ?? { x: 0, y: 0, width: bitmap.width, height: bitmap.height };
            let to = piece.to;
            if (to === 'contain') {
              const scale = Math.min(o.width / from.width, o.height / from.height);
              const w = Math.round(from.width * scale);
              const h = Math.round(from.height * scale);
              to = { x: Math.floor((o.width - w) / 2), y: Math.floor((o.height - h) / 2), width: w, height: h };
            }
            ctx.drawImage(bitmap, from.x, from.y, from.width, from.height, to.x, to.y, to.width, to.height);
          }
          ctx.restore();
          out.push(await toB64(await encode()));
        }
        for (const b of bitmaps) b.close();
        return out;
      },
      {
        photos: s.photos.map((p, i) => ({ b64: photos[i]!.toString('base64'), mime: MIME[extname(p).toLowerCase()] ?? 'image/jpeg' })),
        frames: distinct,
        o: { width: s.width, height: s.height, quality: s.quality, mirror: s.mirror },
      },
    );
    const byKey = new Map(distinct.map((k, i) => [k, Buffer.from(encoded[i]!, 'base64')]));
    const data = Buffer.concat(s.frames.map((f) => byKey.get(JSON.stringify(f))!));
    // Chromium finds frames by their JPEG start marker: every frame must start with it.
    if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) throw new Error('canvas.toBlob did not produce a JPEG');
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, out);
    return out;
  } finally {
    await browser.close();
  }
}

/**
 * Chromium flags for a fake camera playing `file` (null: Chromium's own test pattern).
 * `fakeUi` adds `--use-fake-ui-for-media-stream`, which accepts every media prompt by itself.
 */
export function fakeCameraArgs(file: string | null, fakeUi = false): string[] {
  return [
    '--use-fake-device-for-media-stream',
    ...(fakeUi ? ['--use-fake-ui-for-media-stream'] : []),
    ...(file ? [`--use-file-for-fake-video-capture=${file}`] : []),
  ];
}
