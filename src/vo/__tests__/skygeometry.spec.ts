import { angularSeparationDeg, viewOfPoints } from '../coords';

describe('sky geometry', () => {
  it('measures separations on the sphere, across RA 0 and near the pole', () => {
    expect(
      angularSeparationDeg({ ra: 10, dec: 0 }, { ra: 20, dec: 0 })
    ).toBeCloseTo(10, 10);
    expect(
      angularSeparationDeg({ ra: 359.5, dec: 0 }, { ra: 0.5, dec: 0 })
    ).toBeCloseTo(1, 10);
    expect(
      angularSeparationDeg({ ra: 0, dec: 89 }, { ra: 180, dec: 89 })
    ).toBeCloseTo(2, 10);
    // One arcsecond, where the cosine formula loses its digits.
    expect(
      angularSeparationDeg(
        { ra: 62, dec: -37 },
        { ra: 62, dec: -37 + 1 / 3600 }
      ) * 3600
    ).toBeCloseTo(1, 6);
  });

  it('fits a view round rows, also across RA 0', () => {
    const view = viewOfPoints([
      { ra: 359.9, dec: -1 },
      { ra: 0.1, dec: 1 }
    ]);
    expect(view?.centre.dec).toBeCloseTo(0, 6);
    expect(
      Math.min(view?.centre.ra ?? 1, 360 - (view?.centre.ra ?? 1))
    ).toBeLessThan(1e-6);
    const half = angularSeparationDeg({ ra: 0, dec: 0 }, { ra: 0.1, dec: 1 });
    expect(view?.fovDeg).toBeCloseTo(2 * half * 1.25, 6);
  });

  it('keeps a single row in a small view, and the whole sky within 180°', () => {
    expect(viewOfPoints([{ ra: 55.8, dec: -32.1 }])).toEqual({
      centre: { ra: expect.closeTo(55.8, 9), dec: expect.closeTo(-32.1, 9) },
      fovDeg: 1 / 60
    });
    const opposite = viewOfPoints([
      { ra: 0, dec: 0 },
      { ra: 180, dec: 0 }
    ]);
    expect(opposite).toEqual({ centre: { ra: 0, dec: 0 }, fovDeg: 180 });
    expect(viewOfPoints([])).toBeNull();
  });
});
