/**
 * The site's logo for the kiosk: a chosen image file checked (type, size, readable) and shrunk to
 * a small image kept in the settings as a data: URL (a few tens of kB), so the kiosk shows it
 * offline with no file of its own. SVG is refused: it could not be shrunk the same way.
 */
export const LOGO_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
/** The largest file accepted (bytes). */
export const LOGO_MAX_BYTES = 2_000_000;
/** The stored logo fits in this square (CSS px; shown at most 4rem high). */
export const LOGO_MAX_SIDE = 256;

export type LogoProblem = 'type' | 'size' | 'unreadable';

export class LogoError extends Error {
  constructor(readonly problem: LogoProblem) {
    super(`logo: ${problem}`);
    this.name = 'LogoError';
  }
}

/** The file checked and shrunk: a data: URL (WebP where the browser writes it, else PNG). Throws LogoError. */
export async function prepareLogo(file: Blob): Promise<string> {
  if (!LOGO_TYPES.includes(file.type)) throw new LogoError('type');
  if (file.size > LOGO_MAX_BYTES) throw new LogoError('size');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new LogoError('unreadable');
  }
  try {
    if (!bitmap.width || !bitmap.height) throw new LogoError('unreadable');
    const scale = Math.min(1, LOGO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new LogoError('unreadable');
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/webp', 0.9);
  } finally {
    bitmap.close();
  }
}
