/**
 * Enrolment from photos: finds the faces in each file (box, embedding, aligned thumbnail), and
 * writes a person with the chosen faces. No UI here; `<visage-enroll-view>` drives it.
 */
import { isDbError, validateName } from '../../db';
import { requestPersistence } from '../pwa/pwa';
import { cosineSimilarity } from '../../ml/matcher';
import type { FoundFace, VisionApi } from '../../ml/vision-api';
import { getDb, writeLog } from '../../app/services';
import { frame, getVision, isVisionLost } from '../../app/vision';

/**
 * Why a photo gave no face: not an image, unreadable, too large a file or too many pixels to
 * decode, no face found, or the analysis itself failed (`cause`, for describeError()).
 */
export type PhotoErrorCode = 'not-image' | 'broken' | 'file-too-big' | 'too-many-pixels' | 'no-face' | 'failed';

export type PhotoResult =
  | { file: File; ok: true; url: string; width: number; height: number; faces: FoundFace[] }
  | { file: File; ok: false; error: PhotoErrorCode; cause?: unknown };

/** Larger files are refused before anything is read (a phone's photo is 2–15 MB). */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;
/** Larger images are refused before decoding (about 14,000 × 14,000). */
export const MAX_PHOTO_PIXELS = 200_000_000;
/** Photos are decoded at most this long on their long side (downscaled while decoding). */
export const MAX_PHOTO_SIDE = 4096;

export interface AnalyseProgress {
  /** Photos finished so far. */
  done: number;
  total: number;
  /** Set while the face models are loading. */
  loading?: string;
}

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|bmp|avif)$/i;
const isImageFile = (f: File) => (f.type ? f.type.startsWith('image/') : IMAGE_EXT.test(f.name));

function abortError(): DOMException {
  return new DOMException('Analysis cancelled', 'AbortError');
}

/**
 * Analyses each file in turn. Successful results carry an object URL of the photo: release it
 * with `releasePhotos` when done. Rejects with an AbortError when `signal` aborts (releasing the
 * URLs it made).
 */
export async function analysePhotos(files: File[], onProgress?: (p: AnalyseProgress) => void, signal?: AbortSignal): Promise<PhotoResult[]> {
  const total = files.length;
  const out: PhotoResult[] = [];
  onProgress?.({ done: 0, total });
  try {
    if (signal?.aborted) throw abortError();
    let { api } = await getVision((step) => onProgress?.({ done: 0, total, loading: step }));
    for (const file of files) {
      if (signal?.aborted) throw abortError();
      const result = await analyseOne(api, file);
      out.push(result);
      // The vision worker died on this photo: the next ones go to a new one.
      if (!result.ok && isVisionLost(result.cause)) api = (await getVision()).api;
      onProgress?.({ done: out.length, total });
    }
    if (signal?.aborted) throw abortError();
    return out;
  } catch (err) {
    releasePhotos(out);
    throw err;
  }
}

/** One photo; whatever goes wrong is this photo's error only. */
async function analyseOne(vision: VisionApi, file: File): Promise<PhotoResult> {
  if (!isImageFile(file)) return { file, ok: false, error: 'not-image' };
  if (file.size > MAX_PHOTO_BYTES) return { file, ok: false, error: 'file-too-big' };
  let bitmap: ImageBitmap;
  try {
    const size = await imageSize(file);
    if (size.width * size.height > MAX_PHOTO_PIXELS) return { file, ok: false, error: 'too-many-pixels' };
    bitmap = await decode(file, size);
  } catch (cause) {
    return { file, ok: false, error: 'broken', cause };
  }
  const { width, height } = bitmap;
  try {
    // The service closes the bitmap (it is transferred to the vision worker).
    const faces = await vision.analysePhoto(frame(bitmap));
    if (faces.length === 0) return { file, ok: false, error: 'no-face' };
    return { file, ok: true, url: URL.createObjectURL(file), width, height, faces };
  } catch (cause) {
    return { file, ok: false, error: 'failed', cause };
  }
}

/**
 * The image's size (as displayed: EXIF orientation applied) without decoding its pixels: an
 * <img> reads the header on load and decodes only when painted.
 */
async function imageSize(file: Blob): Promise<{ width: number; height: number }> {
  const url = URL.createObjectURL(file);
  const img = new Image();
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The image cannot be read.'));
      img.src = url;
    });
    if (!img.naturalWidth || !img.naturalHeight) throw new Error('The image has no size.');
    return { width: img.naturalWidth, height: img.naturalHeight };
  } finally {
    img.src = '';
    URL.revokeObjectURL(url);
  }
}

/** Decodes the photo, downscaled while decoding when its long side is over MAX_PHOTO_SIDE. */
function decode(file: Blob, size: { width: number; height: number }): Promise<ImageBitmap> {
  const scale = MAX_PHOTO_SIDE / Math.max(size.width, size.height);
  if (scale >= 1) return createImageBitmap(file);
  return createImageBitmap(file, {
    resizeWidth: Math.max(1, Math.round(size.width * scale)),
    resizeHeight: Math.max(1, Math.round(size.height * scale)),
    resizeQuality: 'high',
  });
}

/** Revokes the object URLs of results. */
export function releasePhotos(results: readonly PhotoResult[]): void {
  for (const r of results) if (r.ok) URL.revokeObjectURL(r.url);
}

export type EnrollResult = { ok: true; id: string; name: string; samples: number; /** Added to a person enrolled before. */ added: boolean } | { ok: false; error: 'invalid-name' | 'quota' | 'no-samples' | 'failed'; /** What was thrown, for describeError(). */ cause: unknown };

/**
 * Writes a person with one template per face, in one transaction (nothing written on failure).
 * A name that an enrolled person already has adds the samples to that person instead.
 */
export async function enrollFromSamples(name: string, samples: readonly FoundFace[]): Promise<EnrollResult> {
  if (samples.length === 0) return { ok: false, error: 'no-samples', cause: new Error('No face chosen.') };
  try {
    const db = await getDb();
    const rows = samples.map((s) => ({ embedding: s.embedding, quality: s.quality, thumbnail: s.thumbnail }));
    const wanted = validateName(name);
    const existing = (await db.listPeople()).find((p) => p.name === wanted);
    if (existing) {
      await db.addSamples(existing.id, rows);
      return { ok: true, id: existing.id, name: existing.name, samples: samples.length, added: true };
    }
    const person = await db.enrollPerson(wanted, rows);
    // The first person is worth keeping: ask the browser not to evict the data (no prompt in
    // Chromium; it decides from engagement and installation).
    void requestPersistence().catch(() => undefined);
    return { ok: true, id: person.id, name: person.name, samples: samples.length, added: false };
  } catch (err) {
    if (isDbError(err, 'invalid-name')) return { ok: false, error: 'invalid-name', cause: err };
    if (isDbError(err, 'quota')) return { ok: false, error: 'quota', cause: err };
    return { ok: false, error: 'failed', cause: err };
  }
}

/**
 * Writes a camera enrolment to the log: who, when, the first sample's face, marked 'passed' when
 * the liveness check was made. Its similarity is how alike the samples are (mean cosine to the
 * first one).
 */
export async function logCameraEnrolment(personId: string, name: string, samples: readonly FoundFace[], liveness: boolean): Promise<void> {
  const first = samples[0];
  if (!first) return;
  const similarity = samples.reduce((sum, s) => sum + cosineSimilarity(first.embedding, s.embedding), 0) / samples.length;
  await writeLog(
    { personId, name, similarity, event: 'enrolled', ...(liveness ? { liveness: 'passed' as const } : {}), ...(first.thumbnail.size ? { thumbnail: first.thumbnail } : {}) },
    'keep',
  );
}
