/** Pixel access for crops drawn on OffscreenCanvas (works in windows and workers). */

export function canvas2d(width: number, height: number): { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is unavailable');
  return { canvas, ctx };
}

/**
 * Writes the RGB pixels of `canvas` into `out` at `offset` as (value - sub) * scale, HWC order.
 * With `mirror`, columns are read right to left (a horizontally flipped image); with `bgr`, each
 * pixel is written blue, green, red.
 */
export function writeRgb(
  canvas: OffscreenCanvas,
  out: Float32Array,
  offset: number,
  sub: number,
  scale: number,
  mirror = false,
  bgr = false,
): void {
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D | null;
  if (!ctx) throw new Error('2D canvas is unavailable');
  const { width, height } = canvas;
  const data = ctx.getImageData(0, 0, width, height).data;
  let o = offset;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + (mirror ? width - 1 - x : x));
      out[o++] = (data[bgr ? i + 2 : i]! - sub) * scale;
      out[o++] = (data[i + 1]! - sub) * scale;
      out[o++] = (data[bgr ? i : i + 2]! - sub) * scale;
    }
  }
}
