/**
 * Sky positions as people type and read them: decimal degrees or sexagesimal (RA in hours),
 * separated by spaces, commas or colons.
 */
import { VOParseError } from './errors';
import { ISkyPoint } from './wcs';

function sexagesimal(value: number, hours: boolean, signed: boolean): string {
  const sign = value < 0 ? '-' : signed ? '+' : '';
  let total = Math.abs(value) / (hours ? 15 : 1);
  // Round once, at the last digit shown, so 59.9995 s never prints as 60.
  const digits = hours ? 3 : 2;
  const unit = 3600 * 10 ** digits;
  total = Math.round(total * unit) / unit;
  const whole = Math.floor(total);
  const minutes = Math.floor((total - whole) * 60 + 1e-9);
  const seconds = (total - whole - minutes / 60) * 3600;
  return `${sign}${String(whole).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${Math.abs(
    seconds
  )
    .toFixed(digits)
    .padStart(digits + 3, '0')}`;
}

export function formatSkyPosition(
  point: ISkyPoint,
  style: 'decimal' | 'sexagesimal'
): string {
  if (style === 'decimal') {
    return `${point.ra.toFixed(6)} ${point.dec >= 0 ? '+' : ''}${point.dec.toFixed(6)}`;
  }
  return `${sexagesimal(point.ra, true, false)} ${sexagesimal(point.dec, false, true)}`;
}

function fail(text: string, why: string): never {
  throw new VOParseError(
    `“${text}” is not a sky position: ${why}. Write e.g. 150.1 +2.2 or 10:00:24 +02:12:00.`,
    'a sky position',
    'invalid',
    why
  );
}

/** Parse "150.1 2.2", "150.1, -2.2", "10:00:24.0 +02:12:00", "10h00m24s +2d12m00s". */
export function parseSkyPosition(text: string): ISkyPoint {
  const cleaned = text
    .trim()
    .replace(/^ra\s*=\s*/i, '')
    .replace(/,?\s*dec\s*=\s*/i, ' ')
    // Unit letters only right after a number: 10h00m24s, 2d12m, 2°12′.
    .replace(/(?<=\d)\s*[hdm°'′″"]/gi, ' ')
    .replace(/(?<=\d)s(?=\s|$)/gi, ' ')
    .replace(/,/g, ' ')
    .replace(/:/g, ' ')
    .trim();
  const parts = cleaned.split(/\s+/).filter(Boolean);
  if (parts.some(p => !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(p))) {
    fail(text, 'it holds something other than numbers');
  }
  let ra: number;
  let dec: number;
  if (parts.length === 2) {
    ra = Number(parts[0]);
    dec = Number(parts[1]);
  } else if (parts.length === 6) {
    const [h, m, s, d, dm, ds] = parts.map(Number);
    if (m >= 60 || s >= 60 || dm >= 60 || ds >= 60) {
      fail(text, 'minutes and seconds must be below 60');
    }
    ra = 15 * (h + m / 60 + s / 3600);
    const negative = parts[3].startsWith('-');
    dec = (negative ? -1 : 1) * (Math.abs(d) + dm / 60 + ds / 3600);
  } else {
    return fail(text, `it has ${parts.length} numbers (2 or 6 expected)`);
  }
  if (!(ra >= 0 && ra < 360)) {
    fail(text, 'RA must be from 0 to 360 degrees (0 to 24 hours)');
  }
  if (!(dec >= -90 && dec <= 90)) {
    fail(text, 'Dec must be from -90 to +90 degrees');
  }
  return { ra, dec };
}

const RAD = Math.PI / 180;

function unitVector(point: ISkyPoint): [number, number, number] {
  const ra = point.ra * RAD;
  const dec = point.dec * RAD;
  return [
    Math.cos(dec) * Math.cos(ra),
    Math.cos(dec) * Math.sin(ra),
    Math.sin(dec)
  ];
}

/** The angle between two positions on the sky, in degrees (exact at small and large angles). */
export function angularSeparationDeg(a: ISkyPoint, b: ISkyPoint): number {
  const [ax, ay, az] = unitVector(a);
  const [bx, by, bz] = unitVector(b);
  const cross = Math.hypot(
    ay * bz - az * by,
    az * bx - ax * bz,
    ax * by - ay * bx
  );
  return Math.atan2(cross, ax * bx + ay * by + az * bz) / RAD;
}

/** A view of the sky: where it looks and how wide it is, in degrees. */
export interface ISkyView {
  centre: ISkyPoint;
  fovDeg: number;
}

/**
 * The view that shows every point with a margin: centred on their mean direction, as wide as
 * twice the farthest point's distance from it (at least `minFovDeg`, at most the whole 180°).
 * Null for no points.
 */
export function viewOfPoints(
  points: ReadonlyArray<ISkyPoint>,
  margin = 1.25,
  minFovDeg = 1 / 60
): ISkyView | null {
  if (points.length === 0) {
    return null;
  }
  const sum = points.reduce<[number, number, number]>(
    (total, point) => {
      const [x, y, z] = unitVector(point);
      return [total[0] + x, total[1] + y, total[2] + z];
    },
    [0, 0, 0]
  );
  const length = Math.hypot(...sum);
  // Points spread all round the sky have no mean direction: look from the first one.
  const centre =
    length < 1e-9 * points.length
      ? points[0]
      : {
          ra: (((Math.atan2(sum[1], sum[0]) / RAD) % 360) + 360) % 360,
          dec: Math.asin(Math.max(-1, Math.min(1, sum[2] / length))) / RAD
        };
  const farthest = Math.max(
    ...points.map(point => angularSeparationDeg(centre, point))
  );
  return {
    centre,
    fovDeg: Math.min(180, Math.max(minFovDeg, 2 * farthest * margin))
  };
}
