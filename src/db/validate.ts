/** Checks on what callers hand the data layer; each failure is a DbError. */
import { DbError } from './errors';
import { EMBEDDING_DIM, MAX_NAME_LENGTH } from './schema';

/** What one enrolment sample brings: the embedding, its quality and the aligned face. */
export interface Sample {
  embedding: Float32Array | readonly number[];
  quality: number;
  /** JPEG or PNG of the aligned 112×112 face. */
  thumbnail?: Blob;
}

// C0/C1 controls, line and paragraph separators: they would break lists, CSV and layouts.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

// Unicode format characters (category Cf): bidi overrides and isolates, zero-width spaces and
// joiners, soft hyphens, the BOM... Invisible, they let a name pass for another on screen and in CSV.
const FORMAT = /\p{Cf}/gu;

/**
 * The one name rule, for typed names and for names read from a backup (people and log entries).
 * Returns the name without Unicode format characters (category Cf), NFC-normalised and trimmed.
 * Any script is allowed (Chinese, Arabic, emoji); the limit counts code points, so one emoji or
 * one CJK character counts once.
 */
export function validateName(name: unknown): string {
  if (typeof name !== 'string') throw new DbError('invalid-name', 'The name must be text.', { nameProblem: 'not-text' });
  const clean = name.replace(FORMAT, '').normalize('NFC').trim();
  if (!clean) throw new DbError('invalid-name', 'The name is empty.', { nameProblem: 'empty' });
  const length = [...clean].length;
  if (length > MAX_NAME_LENGTH) {
    throw new DbError('invalid-name', `The name is too long (${length} characters; at most ${MAX_NAME_LENGTH}).`, { nameProblem: 'too-long' });
  }
  if (CONTROL.test(clean)) throw new DbError('invalid-name', 'The name contains control characters (such as a line break).', { nameProblem: 'control-characters' });
  return clean;
}

export function validateModelId(modelId: unknown): string {
  if (typeof modelId !== 'string' || !modelId.trim()) throw new DbError('invalid-sample', 'The model id must be a non-empty string.');
  return modelId;
}

/** Returns a compact copy of the embedding (never a view of a larger buffer), after checks. */
export function validateSample(sample: Sample, index: number): { embedding: Float32Array; quality: number; thumbnail?: Blob } {
  const where = `Sample ${index + 1}`;
  if (!sample || typeof sample !== 'object') throw new DbError('invalid-sample', `${where} is missing.`);
  const { embedding, quality, thumbnail } = sample;
  if (!(embedding instanceof Float32Array) && !Array.isArray(embedding)) {
    throw new DbError('invalid-sample', `${where}: the embedding must be a Float32Array or an array of numbers.`);
  }
  if (embedding.length !== EMBEDDING_DIM) {
    throw new DbError('invalid-sample', `${where}: the embedding has ${embedding.length} values; expected ${EMBEDDING_DIM}.`);
  }
  const copy = Float32Array.from(embedding);
  if (!copy.every(Number.isFinite)) throw new DbError('invalid-sample', `${where}: the embedding holds a non-finite value.`);
  if (typeof quality !== 'number' || !Number.isFinite(quality)) {
    throw new DbError('invalid-sample', `${where}: the quality must be a finite number.`);
  }
  if (thumbnail !== undefined && !(thumbnail instanceof Blob)) {
    throw new DbError('invalid-sample', `${where}: the thumbnail must be a Blob.`);
  }
  return thumbnail ? { embedding: copy, quality, thumbnail } : { embedding: copy, quality };
}
