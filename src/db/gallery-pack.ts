/**
 * The gallery the app loads at every start, also kept packed in one record of the settings store
 * (key 'gallery.packed/<model id>': the template and person ids, and every embedding in one
 * Float32Array), because IndexedDB reads one large value several times faster than thousands of
 * small ones (10,000 templates of 512 values: about 0.3 s against 1.2–1.5 s in Chromium here).
 *
 * Never stale: every write transaction over people or templates deletes every packed record and
 * gives the gallery a new generation token, in the same transaction (tx.ts, `write`), so a
 * deletion, an erasure, an import or a new sample can never leave a packed copy behind, in this
 * tab or another. After a full read, the packed copy is written in the background, in a
 * transaction of its own that first checks the generation is still the one read (else nothing is
 * written: the gallery changed meanwhile). Only galleries of PACK_MIN templates or more are packed
 * (a small one loads fast anyway, and is not worth a second copy). Backups and sync never read the
 * settings store's packed records.
 */
import { meanTemplates } from '../ml/matcher';
import { KNOWN_MODEL_DIMS, type PersonRecord, type StoreName, type TemplateRecord, type VisageIdb } from './schema';
import { read, writeKeepingGallery } from './tx';

export interface PackedTemplate {
  id: string;
  personId: string;
  embedding: Float32Array;
  modelId: string;
}

interface Packed {
  ids: string[];
  personIds: string[];
  dim: number;
  embeddings: Float32Array;
}

const PREFIX = 'gallery.packed/';
/** The settings key of the gallery's generation token (a new random one at every change). */
export const GENERATION_KEY = 'gallery.generation';
/** The fewest templates worth a packed copy. */
export const PACK_MIN = 1000;

/** Every packed record's key (any model). */
export function packedKeys(): IDBKeyRange {
  return IDBKeyRange.bound(PREFIX, `${PREFIX}\uffff`);
}

/** Whether a write over `stores` changes what a packed gallery holds. */
export function changesGallery(stores: readonly StoreName[]): boolean {
  return stores.includes('people') || stores.includes('templates');
}

function unpack(p: Packed, modelId: string): PackedTemplate[] {
  return p.ids.map((id, i) => ({ id, personId: p.personIds[i]!, modelId, embedding: p.embeddings.subarray(i * p.dim, (i + 1) * p.dim) }));
}

/**
 * Every live template of `modelId` of every live person: from the packed record when there is one,
 * else read in full (`collect`) and then packed in the background.
 */
export async function packedTemplates(
  idb: VisageIdb,
  modelId: string,
  collect: (people: PersonRecord[], templates: TemplateRecord[]) => PackedTemplate[],
  /** Which packed copy: the templates (''), or another view of them such as 'means/'. */
  kind = '',
  /** Wait for the packed copy to be written (a sync round prepares the next start's gallery). */
  awaitPack = false,
): Promise<PackedTemplate[]> {
  const key = PREFIX + kind + modelId;
  const found = await read(idb, ['people', 'templates', 'settings'], async (tx) => {
    const settings = tx.objectStore('settings');
    const saved = await settings.get(key);
    if (saved) return { templates: unpack(saved.value as Packed, modelId), generation: undefined };
    const generation = (await settings.get(GENERATION_KEY))?.value ?? null;
    return { templates: collect(await tx.objectStore('people').getAll(), await tx.objectStore('templates').getAll()), generation };
  });
  if (found.generation !== undefined && found.templates.length >= PACK_MIN) {
    const packing = pack(idb, key, found.templates, found.generation);
    if (awaitPack) await packing;
  }
  return found.templates;
}

/** Writes the packed copy of `templates`, read at `generation`, unless the gallery changed since. */
async function pack(idb: VisageIdb, key: string, templates: readonly PackedTemplate[], generation: unknown): Promise<void> {
  const dim = templates[0]!.embedding.length;
  const embeddings = new Float32Array(templates.length * dim);
  templates.forEach((t, i) => embeddings.set(t.embedding, i * dim));
  const value: Packed = { ids: templates.map((t) => t.id), personIds: templates.map((t) => t.personId), dim, embeddings };
  try {
    await writeKeepingGallery(idb, ['settings'], async (tx) => {
      if (((await tx.objectStore('settings').get(GENERATION_KEY))?.value ?? null) !== generation) return;
      await tx.objectStore('settings').put({ key, value, updatedAt: Date.now() });
    });
  } catch {
    // Not packed (the database closed, storage full): the next start reads the gallery in full.
  }
}

/** The live templates of live people (of `modelId` when given), as the gallery holds them. */
export function galleryOf(people: readonly PersonRecord[], templates: readonly TemplateRecord[], modelId?: string): PackedTemplate[] {
  const alive = new Set(people.filter((p) => !p.deleted).map((p) => p.id));
  const out: PackedTemplate[] = [];
  for (const t of templates) {
    if (!t.deleted && alive.has(t.personId) && (modelId === undefined || t.modelId === modelId)) {
      out.push({ id: t.id, personId: t.personId, embedding: t.embedding, modelId: t.modelId });
    }
  }
  return out;
}

/**
 * One template per live person of `modelId`, as the live view searches them: the normalised mean
 * of their samples (matcher.ts, meanTemplates; `id` is the person's). A large gallery comes from
 * its own packed copy ('means/': at 10,000 people × 5 samples a fifth of the templates' bytes);
 * `prepare` waits until that copy is written (a sync round that brought samples prepares the next
 * start's gallery).
 */
export function galleryMeans(idb: VisageIdb, modelId: string, prepare = false): Promise<PackedTemplate[]> {
  const dim = KNOWN_MODEL_DIMS.get(modelId);
  const means = (people: PersonRecord[], templates: TemplateRecord[]) =>
    dim ? meanTemplates(galleryOf(people, templates, modelId), dim).map((m) => ({ id: m.personId, personId: m.personId, embedding: m.embedding, modelId })) : [];
  return packedTemplates(idb, modelId, means, 'means/', prepare);
}
