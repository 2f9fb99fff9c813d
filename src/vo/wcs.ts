/**
 * World coordinates of FITS images: the gnomonic (TAN) projection with CD, PC+CDELT or
 * CDELT+CROTA2 matrices, which is what cutouts and calexps carry. Distortion terms (SIP) are left
 * out and said so; other projections are not read (null), so nothing is drawn in the wrong place.
 */
import { FitsHeader } from './fits';

export interface ISkyPoint {
  /** Degrees, ICRS. */
  ra: number;
  dec: number;
}

export interface IWcs {
  projection: string;
  /** true when the header has distortion terms (SIP) this reader ignores. */
  approximate: boolean;
  /** 0-based pixel centres, x along NAXIS1, y along NAXIS2. */
  pixelToSky(x: number, y: number): ISkyPoint;
  skyToPixel(point: ISkyPoint): { x: number; y: number } | null;
  /** The sky positions of the image's four corners. */
  footprint(width: number, height: number): ISkyPoint[];
}

const RAD = Math.PI / 180;

function matrix(header: FitsHeader): [number, number, number, number] | null {
  const cd = ['CD1_1', 'CD1_2', 'CD2_1', 'CD2_2'].map(k => header.number(k));
  if (cd.some(v => v !== undefined)) {
    const [a, b, c, d] = cd.map(v => v ?? 0);
    return [a, b, c, d];
  }
  const cdelt1 = header.number('CDELT1');
  const cdelt2 = header.number('CDELT2');
  if (cdelt1 === undefined || cdelt2 === undefined) {
    return null;
  }
  const pc = ['PC1_1', 'PC1_2', 'PC2_1', 'PC2_2'].map(k => header.number(k));
  if (pc.some(v => v !== undefined)) {
    const [a, b, c, d] = [pc[0] ?? 1, pc[1] ?? 0, pc[2] ?? 0, pc[3] ?? 1];
    return [cdelt1 * a, cdelt1 * b, cdelt2 * c, cdelt2 * d];
  }
  const rotation = (header.number('CROTA2') ?? 0) * RAD;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  return [cdelt1 * cos, -cdelt2 * sin, cdelt1 * sin, cdelt2 * cos];
}

/** The image's WCS, or null when it has none this reader understands. */
export function readWcs(header: FitsHeader): IWcs | null {
  const ctype1 = header.string('CTYPE1') ?? '';
  const ctype2 = header.string('CTYPE2') ?? '';
  if (!/^RA---TAN/.test(ctype1) || !/^DEC--TAN/.test(ctype2)) {
    return null;
  }
  const m = matrix(header);
  const crpix1 = header.number('CRPIX1');
  const crpix2 = header.number('CRPIX2');
  const ra0 = header.number('CRVAL1');
  const dec0 = header.number('CRVAL2');
  if (
    !m ||
    crpix1 === undefined ||
    crpix2 === undefined ||
    ra0 === undefined ||
    dec0 === undefined
  ) {
    return null;
  }
  const determinant = m[0] * m[3] - m[1] * m[2];
  if (determinant === 0) {
    return null;
  }
  const phiP = (header.number('LONPOLE') ?? 180) * RAD;
  const decP = dec0 * RAD;
  const pixelToSky = (x: number, y: number): ISkyPoint => {
    const u = x + 1 - crpix1;
    const v = y + 1 - crpix2;
    const px = m[0] * u + m[1] * v;
    const py = m[2] * u + m[3] * v;
    const r = Math.hypot(px, py);
    const phi = Math.atan2(px, -py);
    const theta = Math.atan2(180 / Math.PI, r);
    const ra =
      ra0 +
      Math.atan2(
        -Math.cos(theta) * Math.sin(phi - phiP),
        Math.sin(theta) * Math.cos(decP) -
          Math.cos(theta) * Math.sin(decP) * Math.cos(phi - phiP)
      ) /
        RAD;
    const dec =
      Math.asin(
        Math.sin(theta) * Math.sin(decP) +
          Math.cos(theta) * Math.cos(decP) * Math.cos(phi - phiP)
      ) / RAD;
    return { ra: ((ra % 360) + 360) % 360, dec };
  };
  const skyToPixel = (point: ISkyPoint): { x: number; y: number } | null => {
    const ra = point.ra * RAD;
    const dec = point.dec * RAD;
    const dra = ra - ra0 * RAD;
    const phi =
      phiP +
      Math.atan2(
        -Math.cos(dec) * Math.sin(dra),
        Math.sin(dec) * Math.cos(decP) -
          Math.cos(dec) * Math.sin(decP) * Math.cos(dra)
      );
    const theta = Math.asin(
      Math.sin(dec) * Math.sin(decP) +
        Math.cos(dec) * Math.cos(decP) * Math.cos(dra)
    );
    if (theta <= 0) {
      return null; // on the far side of the sky from the image
    }
    const r = 180 / Math.PI / Math.tan(theta);
    const px = r * Math.sin(phi);
    const py = -r * Math.cos(phi);
    const u = (m[3] * px - m[1] * py) / determinant;
    const v = (-m[2] * px + m[0] * py) / determinant;
    return { x: u + crpix1 - 1, y: v + crpix2 - 1 };
  };
  return {
    projection: 'TAN',
    approximate: /-SIP$/.test(ctype1) || header.get('A_ORDER') !== undefined,
    pixelToSky,
    skyToPixel,
    footprint: (width, height) => [
      pixelToSky(-0.5, -0.5),
      pixelToSky(width - 0.5, -0.5),
      pixelToSky(width - 0.5, height - 0.5),
      pixelToSky(-0.5, height - 0.5)
    ]
  };
}

/**
 * Why readWcs gives no WCS for this header, in words for the user (null when it gives one): the
 * viewer then shows pixel positions only, and says so.
 */
export function wcsProblem(header: FitsHeader): string | null {
  if (readWcs(header)) {
    return null;
  }
  const ctype1 = (header.string('CTYPE1') ?? '').trim();
  const ctype2 = (header.string('CTYPE2') ?? '').trim();
  if (!ctype1 && !ctype2) {
    return 'This image has no WCS: the cursor reads pixel positions only.';
  }
  if (!/^RA---TAN/.test(ctype1) || !/^DEC--TAN/.test(ctype2)) {
    return `The WCS (${ctype1 || '?'} / ${ctype2 || '?'}) is not the gnomonic (TAN) projection this viewer reads: the cursor reads pixel positions only.`;
  }
  return 'The WCS lacks CRPIX, CRVAL or a pixel scale (CD or CDELT), or its matrix is singular: the cursor reads pixel positions only.';
}
