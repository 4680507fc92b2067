import { describe, expect, it } from 'vitest';
import type { Box, DetectedFace } from './detector';
import { FOLLOW_SCORE, HOLD_MS, SceneScan, WAIT_HOLD_MS, lookRegion, tilePlan, type Look } from './scene';

const face = (x: number, y: number, size: number, score = 0.9): DetectedFace => ({ box: { x, y, width: size, height: size }, score, keypoints: [] });
const inside = (f: DetectedFace, r: Box) => f.box.x >= r.x && f.box.y >= r.y && f.box.x + f.box.width <= r.x + r.width && f.box.y + f.box.height <= r.y + r.height;

/** A scene of faces that the whole frame misses and any look finds when it holds them whole (scored `score`). */
function sceneLook(faces: DetectedFace[], looks: Box[] = []): Look {
  return (region) => {
    looks.push(region);
    return faces.filter((f) => inside(f, region));
  };
}

describe('tilePlan', () => {
  it('covers a 1280×720 frame with squares of 720 and 360 overlapping by half, reaching a quarter tile past the edges', () => {
    const tiles = tilePlan(1280, 720);
    const big = tiles.filter((t) => t.width === 720);
    const small = tiles.filter((t) => t.width === 360);
    expect(tiles.length).toBe(big.length + small.length);
    // A level that spans the frame's height does not reach past it there.
    expect(new Set(big.map((t) => t.y))).toEqual(new Set([0]));
    for (const [level, side] of [[big, 720], [small, 360]] as const) {
      expect(Math.min(...level.map((t) => t.x))).toBe(-side / 4);
      expect(Math.max(...level.map((t) => t.x + t.width))).toBe(1280 + side / 4);
      const xs = [...new Set(level.map((t) => t.x))].sort((a, b) => a - b);
      for (const [i, x] of xs.slice(1).entries()) expect(x - xs[i]!).toBeLessThanOrEqual(side / 2);
    }
    expect(Math.min(...small.map((t) => t.y))).toBe(-90);
    expect(Math.max(...small.map((t) => t.y + t.height))).toBe(810);
    // Every face up to half a tile lies wholly inside some tile of its level, at the frame's edges too,
    // and a face cut by the frame's edge lies a margin inside some tile.
    for (let x = 0; x + 180 <= 1280; x += 37) {
      for (let y = 0; y + 180 <= 720; y += 41) expect(small.some((t) => inside(face(x, y, 180), t))).toBe(true);
    }
    expect(small.some((t) => inside(face(-60, 300, 150), t) && t.x < -60)).toBe(true);
    expect(small.some((t) => inside(face(1190, 300, 150), t) && t.x + t.width > 1340)).toBe(true);
  });

  it('has no tile smaller than minTile, and no level that would not show faces 1.5× larger than the whole frame', () => {
    expect(new Set(tilePlan(640, 480).map((t) => t.width))).toEqual(new Set([240]));
    expect(tilePlan(300, 300)).toEqual([]);
    expect(tilePlan(300, 300, 100).every((t) => t.width === 150)).toBe(true);
  });
});

describe('lookRegion', () => {
  it('is a square twice the face, centred on it, reaching past the frame for a face at its edge', () => {
    expect(lookRegion({ x: 500, y: 300, width: 100, height: 120 }, 1280, 720)).toEqual({ x: 430, y: 240, width: 240, height: 240 });
    expect(lookRegion({ x: 0, y: 650, width: 100, height: 70 }, 1280, 720)).toEqual({ x: -50, y: 585, width: 200, height: 200 });
    expect(lookRegion({ x: 1200, y: 0, width: 100, height: 100 }, 1280, 720)).toEqual({ x: 1150, y: -50, width: 200, height: 200 });
    // Never wider than the frame's shorter side; centred on the frame's edge at most.
    expect(lookRegion({ x: 0, y: 0, width: 600, height: 600 }, 1280, 720)).toEqual({ x: -60, y: -60, width: 720, height: 720 });
    expect(lookRegion({ x: -300, y: 100, width: 200, height: 200 }, 1280, 720)).toEqual({ x: -200, y: 0, width: 400, height: 400 });
    expect(lookRegion({ x: 0, y: 0, width: 6, height: 6 }, 1280, 720)).toBeNull();
  });
});

describe('SceneScan', () => {
  const row = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => face(20 + i * 160, 300, 110));

  it('finds the faces the whole frame misses through its tiles, within one round of them', () => {
    const scan = new SceneScan({ tilesPerFrame: 2 });
    const rounds = Math.ceil(tilePlan(1280, 720).length / 2);
    let followed: Box[] = [];
    let last: DetectedFace[] = [];
    for (let frame = 0; frame < rounds; frame++) {
      last = scan.faces(frame * 33, 1280, 720, [], followed, sceneLook(row)).faces;
      followed = last.map((f) => f.box);
    }
    expect(last.map((f) => f.box.x).sort((a, b) => a - b)).toEqual(row.map((f) => f.box.x));
  });

  it('calls a face found only by a tile fresh, and a followed one not', () => {
    const scan = new SceneScan({ tilesPerFrame: 100 });
    const first = scan.faces(0, 1280, 720, [], [], sceneLook([row[0]!]));
    expect(first.fresh).toEqual([row[0]]);
    const again = scan.faces(33, 1280, 720, [], [row[0]!.box], sceneLook([row[0]!]));
    expect(again.faces).toEqual([row[0]]);
    expect(again.fresh).toEqual([]);
  });

  it('looks for a few followed faces per frame, least recently looked first, and holds the others', () => {
    const scan = new SceneScan({ tilesPerFrame: 0, followsPerFrame: 3 });
    const followed = row.map((f) => f.box);
    // Frame 0: found by whatever way (here: the whole frame).
    scan.faces(0, 1280, 720, row, followed, sceneLook(row));
    const looks: Box[] = [];
    const at33 = scan.faces(33, 1280, 720, [], followed, sceneLook(row, looks));
    expect(looks).toHaveLength(3);
    expect(at33.faces).toHaveLength(8);
    expect(at33.held).toHaveLength(5);
    const next: Box[] = [];
    scan.faces(66, 1280, 720, [], followed, sceneLook(row, next));
    expect(next.filter((r) => looks.some((l) => l.x === r.x))).toEqual([]);
  });

  it('lets a followed face that is gone go once looked at after HOLD_MS, and one waiting for its turn after WAIT_HOLD_MS', () => {
    const scan = new SceneScan({ tilesPerFrame: 0, followsPerFrame: 1 });
    const followed = row.map((f) => f.box);
    scan.faces(0, 1280, 720, row, followed, sceneLook(row));
    const kept = scan.faces(HOLD_MS / 2, 1280, 720, [], followed, sceneLook([]));
    expect(kept.faces).toHaveLength(8);
    expect(kept.held).toEqual(kept.faces);
    // The one looked at goes; the seven waiting stay.
    expect(scan.faces(HOLD_MS + 1, 1280, 720, [], followed, sceneLook([])).faces).toHaveLength(7);
    expect(scan.faces(WAIT_HOLD_MS + 1, 1280, 720, [], followed, sceneLook([])).faces).toHaveLength(0);
  });

  it('keeps eight followed faces boxed at a low frame rate (400 ms a frame, three looks a frame)', () => {
    const scan = new SceneScan({ tilesPerFrame: 0, followsPerFrame: 3 });
    const followed = row.map((f) => f.box);
    scan.faces(0, 1280, 720, row, followed, sceneLook(row));
    for (let frame = 1; frame <= 10; frame++) {
      expect(scan.faces(frame * 400, 1280, 720, [], followed, sceneLook(row)).faces).toHaveLength(8);
    }
  });

  it('needs FOLLOW_SCORE around a followed face, and the full score in a tile', () => {
    const weak = face(500, 300, 110, (FOLLOW_SCORE + 0.75) / 2);
    const scan = new SceneScan({ tilesPerFrame: 100 });
    expect(scan.faces(0, 1280, 720, [], [], sceneLook([weak])).faces).toEqual([]);
    expect(scan.faces(33, 1280, 720, [], [weak.box], sceneLook([weak])).faces).toEqual([weak]);
    const faint = face(500, 300, 110, FOLLOW_SCORE - 0.1);
    expect(new SceneScan({ tilesPerFrame: 0 }).faces(0, 1280, 720, [], [faint.box], sceneLook([faint])).faces).toEqual([]);
  });

  it('looks at no tile when told not to (the liveness check of one person), and resumes where it was', () => {
    const scan = new SceneScan({ tilesPerFrame: 2 });
    const looks: Box[] = [];
    scan.faces(0, 1280, 720, [], [], sceneLook([], looks), false);
    expect(looks).toEqual([]);
    scan.faces(33, 1280, 720, [], [], sceneLook([], looks));
    expect(looks).toEqual(tilePlan(1280, 720).slice(0, 2));
  });

  it('keeps one face where the whole frame, a look and a tile see the same one', () => {
    const scan = new SceneScan({ tilesPerFrame: 100 });
    const f = face(500, 300, 110);
    const shifted = face(504, 302, 108, 0.95);
    expect(scan.faces(0, 1280, 720, [f], [f.box], sceneLook([shifted])).faces).toEqual([f]);
  });
});
