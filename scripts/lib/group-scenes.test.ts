import { describe, expect, it } from 'vitest';
import { FRAME, groupCells, scoreScene } from './group-scenes';

describe('groupCells', () => {
  it('lays out rows and grids inside the frame without overlap', () => {
    for (const layout of ['row', 'grid'] as const) {
      for (let n = 3; n <= 8; n++) {
        const cells = groupCells(n, layout);
        expect(cells).toHaveLength(n);
        for (const c of cells) {
          expect(c.x).toBeGreaterThanOrEqual(0);
          expect(c.y).toBeGreaterThanOrEqual(0);
          expect(c.x + c.width).toBeLessThanOrEqual(FRAME.width);
          expect(c.y + c.height).toBeLessThanOrEqual(FRAME.height);
        }
        for (const [i, a] of cells.entries()) {
          for (const b of cells.slice(i + 1)) {
            const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
            expect(apart, `${n} in a ${layout}`).toBe(true);
          }
        }
      }
    }
  });
});

describe('scoreScene', () => {
  const cells = [
    { x: 0, y: 0, width: 100, height: 100 },
    { x: 100, y: 0, width: 100, height: 100 },
    { x: 200, y: 0, width: 100, height: 100 },
  ];

  it('counts the boxes of each cell, the cells left empty, the second boxes and those outside', () => {
    const score = scoreScene(cells, [
      { x: 50, y: 50 },
      { x: 20, y: 80 },
      { x: 150, y: 40 },
      { x: 150, y: 300 },
    ]);
    expect(score).toEqual({ perCell: [2, 1, 0], missed: [2], extras: [1], outside: 1 });
  });

  it('scores one box per cell as nothing missed and nothing extra', () => {
    expect(scoreScene(cells, [{ x: 10, y: 10 }, { x: 110, y: 90 }, { x: 299, y: 1 }])).toEqual({ perCell: [1, 1, 1], missed: [], extras: [], outside: 0 });
  });
});
