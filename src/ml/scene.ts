/**
 * Finding every face of a video frame, near and far (issue 17).
 *
 * BlazeFace short range sees the whole frame at 128×128: in a 1280×720 frame a face 250 px wide
 * becomes 25 px and scores 0.4–0.7, under the detector's 0.75, and faces of a group are lost.
 * Besides the whole frame, a SceneScan looks at parts of it, each drawn at the detector's scale:
 * - tiles of a pyramid, one per frame in turn (squares of the frame's shorter side and of half
 *   of it, overlapping by half; a level only where it shows faces at least 1.5× larger than the
 *   whole frame does), so that a new face is found within a round of them; what a tile
 *   finds alone is `fresh`, for a second opinion (the pipeline asks the face mesh:
 *   CONFIRM_MESH_SCORE);
 * - around each followed face that the whole frame missed (a square twice its size), a few per
 *   frame, least recently looked at first, with a lower score (a second look where a face was);
 *   a followed face looked at and not found keeps its last sighting for HOLD_MS, one waiting for
 *   its turn keeps it until then (at most WAIT_HOLD_MS: at a low frame rate a round of looks at
 *   many faces takes longer than HOLD_MS, and the faces would blink).
 * Pure logic over a `look` function (the pipeline's still-image detector on a region),
 * unit-tested in Node.
 */
import { DEFAULT_MIN_FACE_SCORE, overlapOfSmaller, suppressOverlaps, type Box, type DetectedFace } from './detector';

/** Detections in a region of the frame, in frame pixels (scoring at least FOLLOW_SCORE). */
export type Look = (region: Box) => DetectedFace[];

export interface SceneScanOptions {
  /** Pyramid tiles looked at per frame (default 1). */
  tilesPerFrame?: number;
  /** Looks around followed faces per frame (default 3). */
  followsPerFrame?: number;
  /** Smallest tile side, in frame pixels (default 192: below it faces are found whole). */
  minTile?: number;
}

/** What one frame's scan found. */
export interface SceneFaces {
  faces: DetectedFace[];
  /** Faces found only in a tile, where no face was followed: to be confirmed before they count. */
  fresh: DetectedFace[];
  /** Faces not seen in this frame, only kept from an earlier one (HOLD_MS): shown, never embedded. */
  held: DetectedFace[];
}

/** A followed face's region: a square `LOOK_SCALE` times its larger side, centred on it. */
export const LOOK_SCALE = 2;
/** Score a face needs in a look around a followed face (a tile, or the whole frame, needs DEFAULT_MIN_FACE_SCORE). */
export const FOLLOW_SCORE = 0.5;
/** A followed face looked at and not found keeps its last sighting this long (ms). */
export const HOLD_MS = 500;
/** A followed face waiting for its turn to be looked at keeps its last sighting at most this long (ms). */
export const WAIT_HOLD_MS = 2000;
/**
 * Face-mesh score a face found only by a tile needs to count (pipeline.detectScene): real faces
 * score 0.99–1.00 there, the building of photos/knn/test/obama1.jpg that a tile scores 0.75 as a
 * face, 0.56.
 */
export const CONFIRM_MESH_SCORE = 0.9;
/** A followed face counts as found when a detection covers this share of the smaller box. */
const FOUND_OVERLAP = 0.4;

/**
 * The tiles of a frame: squares of the shorter side, then of half of it (while at least
 * `minTile`), each level overlapping by half, so that every face up to half a tile is wholly
 * inside some tile of its level; a level that would not show faces MIN_ZOOM times larger than the
 * whole frame is left out (the shorter side of a 4:3 frame). Along a side longer than the tile,
 * the first and last tiles reach EDGE_OVERHANG of a tile beyond the frame (drawn black there): the
 * detector misses a face cut by its picture's border, so a face cut by the frame's edge must not
 * be at a tile's border too. Ordered level by level, row by row.
 */
export function tilePlan(width: number, height: number, minTile = 192): Box[] {
  const tiles: Box[] = [];
  const shorter = Math.min(width, height);
  const longer = Math.max(width, height);
  for (let side = shorter; side >= minTile && tiles.length < 64; side = Math.round(side / 2)) {
    // A tile must show faces at least MIN_ZOOM times larger than the whole frame does.
    if (longer / side < MIN_ZOOM) continue;
    for (const y of starts(height, side)) for (const x of starts(width, side)) tiles.push({ x, y, width: side, height: side });
  }
  return tiles;
}

/** How much larger than in the whole frame a tile level must show a face to be worth looking at. */
const MIN_ZOOM = 1.5;

/** How far the first and last tiles along a side reach beyond the frame, in tiles. */
export const EDGE_OVERHANG = 0.25;

/**
 * Tile origins along one side, evenly spaced at most half a tile apart: from EDGE_OVERHANG of a
 * tile before the side's start to as far past its end (none where the tile spans the side).
 */
function starts(size: number, side: number): number[] {
  const reach = size > side ? side * EDGE_OVERHANG : 0;
  const span = size - side + 2 * reach;
  const steps = Math.ceil(span / (side / 2));
  if (steps === 0) return [0];
  return Array.from({ length: steps + 1 }, (_, i) => Math.round(-reach + (span * i) / steps));
}

/**
 * The square region to look at for a followed face, centred on it: it may reach beyond the frame
 * (drawn black there), so that a face at the frame's edge is not at the region's border (tilePlan).
 * Null when too small.
 */
export function lookRegion(box: Box, width: number, height: number): Box | null {
  const side = Math.min(width, height, LOOK_SCALE * Math.max(box.width, box.height));
  if (side < 16) return null;
  const cx = Math.min(Math.max(0, box.x + box.width / 2), width);
  const cy = Math.min(Math.max(0, box.y + box.height / 2), height);
  return { x: Math.round(cx - side / 2), y: Math.round(cy - side / 2), width: Math.round(side), height: Math.round(side) };
}

interface Sighting {
  face: DetectedFace;
  foundAt: number;
  lookedAt: number;
}

const covers = (face: DetectedFace, box: Box) => overlapOfSmaller(face.box, box) > FOUND_OVERLAP;

export class SceneScan {
  private cursor = 0;
  private plan: { width: number; height: number; tiles: Box[] } | null = null;
  private sightings: Sighting[] = [];
  private readonly tilesPerFrame: number;
  private readonly followsPerFrame: number;
  private readonly minTile: number;

  constructor(options: SceneScanOptions = {}) {
    this.tilesPerFrame = options.tilesPerFrame ?? 1;
    this.followsPerFrame = options.followsPerFrame ?? 3;
    this.minTile = options.minTile ?? 192;
  }

  /**
   * The faces of the frame at `now`: `whole` (the detector on the whole frame), the `followed`
   * faces it missed (looked for where they were, or held), and what this frame's tiles find
   * (none with `tiles` false).
   */
  faces(now: number, width: number, height: number, whole: readonly DetectedFace[], followed: readonly Box[], look: Look, tiles = true): SceneFaces {
    const found: Sighting[] = whole.filter((f) => f.score >= DEFAULT_MIN_FACE_SCORE).map((face) => ({ face, foundAt: now, lookedAt: now }));
    const missed = followed
      .filter((box) => !found.some((s) => covers(s.face, box)))
      .map((box) => ({ box, last: this.sightings.find((s) => covers(s.face, box)) }))
      .sort((a, b) => (a.last?.lookedAt ?? 0) - (b.last?.lookedAt ?? 0));
    missed.forEach(({ box, last }, i) => {
      if (i < this.followsPerFrame) {
        const region = lookRegion(box, width, height);
        const best = region ? look(region).filter((f) => f.score >= FOLLOW_SCORE && covers(f, box)).sort((a, b) => b.score - a.score)[0] : undefined;
        if (best) found.push({ face: best, foundAt: now, lookedAt: now });
        else if (last && now - last.foundAt <= HOLD_MS) found.push({ ...last, lookedAt: now });
      } else if (last && now - last.foundAt <= WAIT_HOLD_MS) {
        found.push(last);
      }
    });
    const fresh: DetectedFace[] = [];
    for (const tile of tiles ? this.nextTiles(width, height) : []) {
      for (const face of look(tile)) {
        if (face.score < DEFAULT_MIN_FACE_SCORE || found.some((s) => covers(s.face, face.box))) continue;
        if (!followed.some((box) => covers(face, box))) fresh.push(face);
        found.push({ face, foundAt: now, lookedAt: now });
      }
    }
    const faces = suppressOverlaps(found.map((s) => s.face));
    this.sightings = found.filter((s) => faces.includes(s.face));
    const held = this.sightings.filter((s) => s.foundAt < now).map((s) => s.face);
    return { faces, fresh: fresh.filter((f) => faces.includes(f)), held };
  }

  private nextTiles(width: number, height: number): Box[] {
    if (this.plan?.width !== width || this.plan.height !== height) {
      this.plan = { width, height, tiles: tilePlan(width, height, this.minTile) };
      this.cursor = 0;
    }
    const { tiles } = this.plan;
    const n = Math.min(this.tilesPerFrame, tiles.length);
    const out: Box[] = [];
    for (let i = 0; i < n; i++) out.push(tiles[(this.cursor + i) % tiles.length]!);
    this.cursor = (this.cursor + n) % Math.max(1, tiles.length);
    return out;
  }
}
