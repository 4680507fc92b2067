/**
 * The recognition pipeline's types (pipeline.ts): where its files are, how it is asked to run,
 * and what it says of each face.
 */
import type { Point } from './align';
import type { Delegate, DetectedFace } from './detector';
import type { EmbeddingVariants } from './embedder';
import type { MeshResult } from './landmarks';
import type { NetworkName } from './model-spec';
import type { BackendName } from './tf-backend';

/** Where the pipeline's files are served (the app passes URLs under its base path). */
export interface PipelineUrls {
  detectorModel: string;
  /** BlazeFace full range's model.json: video frames' detector (blazeface-full.ts). */
  fullRangeModel: string;
  mediapipeWasm: string;
  meshModel: string;
  embedderModel: string;
  tfjsWasm: string;
}

export interface PipelineOptions {
  urls: PipelineUrls;
  backend?: BackendName | 'auto';
  delegate?: Delegate | 'auto';
  mode?: 'IMAGE' | 'VIDEO';
  /**
   * 'mesh' refines BlazeFace's keypoints with the face mesh; 'none' aligns on BlazeFace's 4 points
   * (spec alignment 'detector'). Default: the app's spec's ('mesh').
   */
  refine?: 'mesh' | 'none';
  /** Add the mirrored crop's embedding. Default: the app's spec's (true: it measured better on LFW). */
  flip?: boolean;
  /** Another network than the app's (the evaluations compare them; model-spec.ts, NETWORKS). */
  network?: NetworkName;
  /**
   * Ready without the face mesh, which loads once first needed, once faces were described `early`,
   * or after a few video frames (the live view: its first names come sooner; pipeline.ts, describe).
   */
  meshLater?: boolean;
}

export interface FaceDescription extends DetectedFace {
  /** The points the face was aligned on, in source pixels. */
  landmarks: Point[];
  landmarkSource: 'mesh' | 'detector';
  meshConfidence: number | null;
  /** The face mesh's 468 points (landmarks.ts), when it ran and was trusted. */
  mesh: Float32Array | null;
  /** The face's embedding, as the pipeline's spec says (with or without the mirrored crop). */
  embedding: Float32Array;
  /** Both variants, when asked for (to compare them). */
  variants?: EmbeddingVariants;
  crop: OffscreenCanvas;
  /** Aligned on the detector's keypoints because the face mesh was not loaded yet (describe's `early`). */
  provisional?: true;
}

export interface StageTimes {
  detectMs: number;
  refineMs: number;
  embedMs: number;
}

/** A video frame's faces (FacePipeline.detectScene). */
export interface SceneDetection {
  faces: DetectedFace[];
  /** Face meshes already run on some of the faces (to confirm them), for describe(). */
  meshes: Map<DetectedFace, MeshResult>;
  /** Faces kept from an earlier frame, not seen in this one: to show, not to embed or measure. */
  held: Set<DetectedFace>;
}

