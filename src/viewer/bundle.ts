/**
 * FITS images in notebook outputs, as jupyterlab_rsp_api/display.py writes them: base64 FITS under
 * `application/fits` (IANA's type; `image/fits` is read too), what was shown (and what not) in that
 * type's metadata, beside an `image/png` and a `text/plain` for other frontends. Pure: no
 * JupyterLab imports.
 */
import { IFitsFile } from '../vo';

export const FITS_MIME_TYPE = 'application/fits';
export const FITS_MIME_TYPES: readonly string[] = [
  FITS_MIME_TYPE,
  'image/fits'
];

/** Loads the display formatters only (the magic loads them too). */
export const LOAD_DISPLAY_LINE = '%load_ext jupyterlab_rsp_api.display';

/** What the kernel says about the image it sent; every field optional for other producers. */
export interface IFitsOutputInfo {
  /** The image as it was in the kernel, before any downsampling. */
  originalWidth?: number;
  originalHeight?: number;
  /** Each shown pixel is the mean of factor × factor pixels of the original. */
  factor: number;
  /** Which HDU of what (e.g. "HDU 1 'IMAGE'"). */
  label: string;
  /** The file the kernel read it from (a path in the kernel's file system), if any. */
  source: string | null;
  /** Sentences for the user: downsampling, other planes or HDUs not shown. */
  notes: string[];
}

export function base64ToBytes(text: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text.replace(/\s+/g, ''));
  } catch {
    throw new Error('The FITS data of this output are not valid base64.');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The FITS bytes of an output's data (a base64 string; nbformat may split it into lines). */
export function readFitsOutputData(data: unknown): Uint8Array {
  const text = Array.isArray(data)
    ? data.every(part => typeof part === 'string')
      ? data.join('')
      : null
    : typeof data === 'string'
      ? data
      : null;
  if (text === null) {
    throw new Error('The FITS data of this output are not base64 text.');
  }
  if (text.trim() === '') {
    throw new Error('This output holds no FITS data.');
  }
  return base64ToBytes(text);
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : undefined;
}

/** The metadata of an output, read defensively: anything of the wrong type is left out. */
export function readFitsOutputInfo(metadata: unknown): IFitsOutputInfo {
  const record =
    metadata && typeof metadata === 'object' && !Array.isArray(metadata)
      ? (metadata as Record<string, unknown>)
      : {};
  const notes = Array.isArray(record.notes)
    ? record.notes.filter((n): n is string => typeof n === 'string')
    : [];
  return {
    originalWidth: positive(record.originalWidth),
    originalHeight: positive(record.originalHeight),
    factor: Math.round(positive(record.factor) ?? 1),
    label: typeof record.label === 'string' ? record.label : '',
    source:
      typeof record.source === 'string' && record.source !== ''
        ? record.source
        : null,
    notes
  };
}

/** The output's title: its file's name and HDU, or what it is. */
export function outputTitle(info: IFitsOutputInfo): string {
  const name = info.source ? info.source.split(/[\\/]/).pop() : '';
  return [name, info.label].filter(Boolean).join(', ') || 'FITS output';
}

/** A file name to save the shown image under, beside the notebook. */
export function outputFileName(info: IFitsOutputInfo): string {
  const base = (info.source?.split(/[\\/]/).pop() ?? 'output.fits')
    .replace(/\.(fits|fit|fts)(\.gz)?$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${base || 'output'}${info.factor > 1 ? `_binned${info.factor}` : ''}.fits`;
}

/** Pixels of the first image HDU (0 when there is none): what drawing it would cost. */
export function imagePixels(file: IFitsFile): number {
  const hdu = file.hdus.find(h => h.isImage);
  return hdu ? hdu.axes[0] * hdu.axes[1] : 0;
}

/** Python cells that may show an astropy HDU: they use astropy.io.fits or its HDU classes. */
export function usesFits(source: string): boolean {
  return /\bfits\b|\bHDUList\b|\b(?:Primary|Image|CompImage)HDU\b/.test(source);
}
