/**
 * From pixel values to screen colours: cut levels (min/max, percentiles, zscale), a stretch, and
 * a colour map; NaN pixels stay transparent. Pure and fast enough for 2048 x 2048 on each change.
 */

export type CutMethod =
  | { kind: 'minmax' }
  | { kind: 'percentile'; low: number; high: number }
  | { kind: 'zscale'; contrast?: number }
  | { kind: 'manual'; low: number; high: number };

export interface ICuts {
  low: number;
  high: number;
}

export type Stretch = 'linear' | 'log' | 'sqrt' | 'asinh' | 'squared';
export type ColorMapName =
  'grey' | 'viridis' | 'inferno' | 'cubehelix' | 'red' | 'green' | 'blue';

export const STRETCHES: readonly Stretch[] = [
  'linear',
  'log',
  'sqrt',
  'asinh',
  'squared'
];
export const COLOR_MAPS: readonly ColorMapName[] = [
  'grey',
  'viridis',
  'inferno',
  'cubehelix',
  'red',
  'green',
  'blue'
];

/** Finite values, evenly sampled when there are many: cut levels need a few thousand. */
function sample(data: Float32Array, limit = 100_000): Float32Array {
  const step = Math.max(1, Math.floor(data.length / limit));
  const values: number[] = [];
  for (let i = 0; i < data.length; i += step) {
    const v = data[i];
    if (Number.isFinite(v)) {
      values.push(v);
    }
  }
  return Float32Array.from(values).sort();
}

function quantile(sorted: Float32Array, fraction: number): number {
  const position = Math.min(
    sorted.length - 1,
    Math.max(0, fraction * (sorted.length - 1))
  );
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * IRAF's zscale, from its description: fit a line to the sorted sample, rejecting outliers, and
 * span the median ± the fitted slope over the sample divided by the contrast.
 */
function zscale(values: Float32Array, contrast: number): ICuts {
  const n = values.length;
  const median = quantile(values, 0.5);
  const center = (n - 1) / 2;
  let mask = new Uint8Array(n).fill(1);
  let slope = 0;
  let intercept = median;
  for (let iteration = 0; iteration < 5; iteration++) {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i]) {
        const x = i - center;
        sx += x;
        sy += values[i];
        sxx += x * x;
        sxy += x * values[i];
        count++;
      }
    }
    if (count < Math.max(5, n / 2)) {
      break;
    }
    const denominator = count * sxx - sx * sx;
    slope = denominator === 0 ? 0 : (count * sxy - sx * sy) / denominator;
    intercept = (sy - slope * sx) / count;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i]) {
        const residual = values[i] - (intercept + slope * (i - center));
        sumSquares += residual * residual;
      }
    }
    const sigma = Math.sqrt(sumSquares / count);
    const next = new Uint8Array(n);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const residual = values[i] - (intercept + slope * (i - center));
      if (Math.abs(residual) <= 2.5 * sigma) {
        next[i] = 1;
        kept++;
      }
    }
    if (kept === count) {
      break;
    }
    mask = next;
  }
  const spread = (slope / contrast) * center;
  return {
    low: Math.max(values[0], median - spread),
    high: Math.min(values[n - 1], median + spread)
  };
}

export function computeCuts(data: Float32Array, method: CutMethod): ICuts {
  if (method.kind === 'manual') {
    return { low: method.low, high: method.high };
  }
  if (method.kind === 'minmax') {
    let low = Infinity;
    let high = -Infinity;
    for (const v of data) {
      if (v < low) {
        low = v;
      }
      if (v > high) {
        high = v;
      }
    }
    return Number.isFinite(low) ? { low, high } : { low: 0, high: 1 };
  }
  const values = sample(data, method.kind === 'zscale' ? 1000 : 100_000);
  if (values.length === 0) {
    return { low: 0, high: 1 };
  }
  if (method.kind === 'percentile') {
    return {
      low: quantile(values, method.low / 100),
      high: quantile(values, method.high / 100)
    };
  }
  return zscale(values, method.contrast ?? 0.25);
}

/** Map 0..1 to 0..1 with the stretch. */
export function stretchValue(t: number, stretch: Stretch): number {
  switch (stretch) {
    case 'log':
      return Math.log10(1000 * t + 1) / 3;
    case 'sqrt':
      return Math.sqrt(t);
    case 'asinh':
      return Math.asinh(10 * t) / Math.asinh(10);
    case 'squared':
      return t * t;
    default:
      return t;
  }
}

/** Piecewise-linear maps through a few colours chosen to resemble the well-known ones. */
const CONTROL_POINTS: Partial<Record<ColorMapName, number[][]>> = {
  viridis: [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37]
  ],
  inferno: [
    [0, 0, 4],
    [87, 16, 110],
    [188, 55, 84],
    [249, 142, 9],
    [252, 255, 164]
  ]
};

/** 256 RGB triples. */
export function colorMap(name: ColorMapName): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let rgb: number[];
    const points = CONTROL_POINTS[name];
    if (points) {
      const position = t * (points.length - 1);
      const k = Math.min(points.length - 2, Math.floor(position));
      const f = position - k;
      rgb = points[k].map((c, j) => c + (points[k + 1][j] - c) * f);
    } else if (name === 'cubehelix') {
      // D. A. Green's cubehelix (start 0.5, 1.5 rotations, hue 1, gamma 1).
      const angle = 2 * Math.PI * (0.5 / 3 + 1 - 1.5 * t);
      const amplitude = (t * (1 - t)) / 2;
      rgb = [
        t +
          amplitude * (-0.14861 * Math.cos(angle) + 1.78277 * Math.sin(angle)),
        t +
          amplitude * (-0.29227 * Math.cos(angle) - 0.90649 * Math.sin(angle)),
        t + amplitude * (1.97294 * Math.cos(angle))
      ].map(c => 255 * c);
    } else {
      const v = 255 * t;
      rgb =
        name === 'red'
          ? [v, 0, 0]
          : name === 'green'
            ? [0, v, 0]
            : name === 'blue'
              ? [0, 0, v]
              : [v, v, v];
    }
    for (let j = 0; j < 3; j++) {
      lut[i * 3 + j] = Math.max(0, Math.min(255, Math.round(rgb[j])));
    }
  }
  return lut;
}

export interface IRenderOptions {
  cuts: ICuts;
  stretch: Stretch;
  colorMap: ColorMapName;
  invert?: boolean;
  /** FITS row 1 is the bottom: draw it last (default true). */
  flipY?: boolean;
}

/** RGBA pixels for a canvas; NaN is transparent. */
export function renderImage(
  image: { width: number; height: number; data: Float32Array },
  options: IRenderOptions
): Uint8ClampedArray {
  const { width, height, data } = image;
  const out = new Uint8ClampedArray(width * height * 4);
  const lut = colorMap(options.colorMap);
  // A 4096-entry table of the stretch keeps the loop free of Math calls.
  const steps = 4096;
  const levels = new Uint8Array(steps + 1);
  for (let i = 0; i <= steps; i++) {
    const s = stretchValue(i / steps, options.stretch);
    levels[i] = Math.round(255 * (options.invert ? 1 - s : s));
  }
  const { low, high } = options.cuts;
  const scale = high > low ? steps / (high - low) : 0;
  const flip = options.flipY ?? true;
  for (let row = 0; row < height; row++) {
    const source = row * width;
    const target = (flip ? height - 1 - row : row) * width;
    for (let column = 0; column < width; column++) {
      const v = data[source + column];
      const o = (target + column) * 4;
      if (Number.isNaN(v)) {
        continue; // alpha 0
      }
      let k = Math.round((v - low) * scale);
      k = k < 0 ? 0 : k > steps ? steps : k;
      const c = levels[k] * 3;
      out[o] = lut[c];
      out[o + 1] = lut[c + 1];
      out[o + 2] = lut[c + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}
