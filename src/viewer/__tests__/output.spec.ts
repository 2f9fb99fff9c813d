/**
 * FITS images in notebook outputs: the bundle as the kernel writes it (display.py), read and drawn
 * by the inline viewer; what the user reads when the data are broken, too large, not an image, or
 * without a WCS; and where the buttons lead.
 */
import * as fs from 'fs';
import * as path from 'path';

import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import {
  FITS_MIME_TYPE,
  bytesToBase64,
  imagePixels,
  outputFileName,
  outputTitle,
  readFitsOutputData,
  readFitsOutputInfo,
  usesFits
} from '../bundle';
import { DEFAULT_DISPLAY } from '../FitsView';
import {
  DEFAULT_INLINE,
  FitsOutput,
  IFitsOutputActions,
  fitsRendererFactory
} from '../output';
import { readFits } from '../../vo';

// jsdom draws nothing (it has no canvas); the Galata test reads the drawn pixels.
beforeAll(() => {
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

const CUTOUT = new Uint8Array(
  fs.readFileSync(
    path.join(__dirname, '../../vo/__tests__/fixtures/demo-cutout.fits')
  )
);

function card(key: string, value: string): string {
  return `${key.padEnd(8)}= ${value.padStart(20)}`.padEnd(80);
}

/** A FITS file of the given header cards and zero data. */
function fitsFile(cards: string[], dataBytes: number): Uint8Array {
  let header = cards.join('') + 'END'.padEnd(80);
  header = header.padEnd(Math.ceil(header.length / 2880) * 2880);
  const out = new Uint8Array(
    header.length + Math.ceil(dataBytes / 2880) * 2880
  );
  out.set(new TextEncoder().encode(header));
  return out;
}

const noWcs = fitsFile(
  [
    card('SIMPLE', 'T'),
    card('BITPIX', '-32'),
    card('NAXIS', '2'),
    card('NAXIS1', '8'),
    card('NAXIS2', '6')
  ],
  8 * 6 * 4
);

const tableOnly = fitsFile(
  [card('SIMPLE', 'T'), card('BITPIX', '8'), card('NAXIS', '0')],
  0
);

function model(
  data: unknown,
  metadata: Record<string, unknown> = {}
): IRenderMime.IMimeModel {
  return {
    trusted: false,
    data: { [FITS_MIME_TYPE]: data } as IRenderMime.IMimeModel['data'],
    metadata: {
      [FITS_MIME_TYPE]: metadata
    } as IRenderMime.IMimeModel['metadata'],
    setData: () => undefined
  };
}

function setup(
  resolved: IRenderMime.IResolvedLocation | null = null,
  maxPixels = DEFAULT_INLINE.maxPixels
) {
  const calls = {
    openTab: [] as [Uint8Array, string, string][],
    showOnSky: [] as [unknown[], Uint8Array, string][],
    openFile: [] as string[],
    resolvePath: [] as string[]
  };
  const actions: IFitsOutputActions = {
    display: () => DEFAULT_DISPLAY,
    inline: () => ({ ...DEFAULT_INLINE, maxPixels }),
    openTab: (...args) => void calls.openTab.push(args),
    showOnSky: (...args) => void calls.showOnSky.push(args),
    openFile: async p => void calls.openFile.push(p)
  };
  const resolver = {
    resolveUrl: async (url: string) => url,
    getDownloadUrl: async (url: string) => url,
    resolvePath: async (p: string) => {
      calls.resolvePath.push(p);
      return resolved;
    }
  };
  const factory = fitsRendererFactory(actions);
  const output = factory.createRenderer({
    mimeType: FITS_MIME_TYPE,
    resolver,
    sanitizer: { sanitize: (html: string) => html },
    linkHandler: null,
    latexTypesetter: null
  }) as FitsOutput;
  Widget.attach(output, document.body);
  const buttonNamed = (name: string) =>
    Array.from(output.node.querySelectorAll('button')).find(
      b => b.textContent === name
    ) as HTMLButtonElement;
  return { output, calls, buttonNamed, factory };
}

const text = (output: FitsOutput, selector: string) =>
  output.node.querySelector(selector)?.textContent ?? '';
const shownOf = (output: FitsOutput) =>
  Array.from(output.node.querySelectorAll('[role=alert], [role=status]'))
    .filter(e => !(e as HTMLElement).hidden)
    .map(e => e.textContent)
    .join(' | ');

describe('the bundle', () => {
  it('reads base64 FITS, as one string or as nbformat lines', () => {
    const text = bytesToBase64(CUTOUT);
    expect(readFitsOutputData(text)).toEqual(CUTOUT);
    expect(readFitsOutputData([text.slice(0, 100), text.slice(100)])).toEqual(
      CUTOUT
    );
    expect(() => readFitsOutputData({ not: 'text' })).toThrow(
      'not base64 text'
    );
    expect(() => readFitsOutputData('')).toThrow('holds no FITS data');
    expect(() => readFitsOutputData('@@@ not base64 @@@')).toThrow(
      'not valid base64'
    );
  });

  it('reads the metadata defensively and names the image from it', () => {
    const info = readFitsOutputInfo({
      factor: 4,
      originalWidth: 4000,
      label: "HDU 1 'IMAGE'",
      source: '/home/me/data/calexp.fits',
      notes: ['shown as the mean of 4 x 4 blocks', 7]
    });
    expect(info).toEqual({
      factor: 4,
      originalWidth: 4000,
      originalHeight: undefined,
      label: "HDU 1 'IMAGE'",
      source: '/home/me/data/calexp.fits',
      notes: ['shown as the mean of 4 x 4 blocks']
    });
    expect(outputTitle(info)).toBe("calexp.fits, HDU 1 'IMAGE'");
    expect(outputFileName(info)).toBe('calexp_binned4.fits');
    const none = readFitsOutputInfo('nonsense');
    expect(none).toEqual({
      factor: 1,
      originalWidth: undefined,
      originalHeight: undefined,
      label: '',
      source: null,
      notes: []
    });
    expect(outputTitle(none)).toBe('FITS output');
    expect(outputFileName(none)).toBe('output.fits');
  });

  it('counts the pixels of the first image', () => {
    expect(imagePixels(readFits(CUTOUT))).toBe(74 * 74);
    expect(imagePixels(readFits(tableOnly))).toBe(0);
  });

  it('knows the cells that may show an HDU', () => {
    expect(
      usesFits('from astropy.io import fits\ncutout = fits.open("a.fits")')
    ).toBe(true);
    expect(usesFits('hdul: HDUList = get()')).toBe(true);
    expect(usesFits('x = ImageHDU(data)')).toBe(true);
    expect(usesFits('import numpy as np\nprofits = 3')).toBe(false);
  });
});

describe('the inline renderer', () => {
  it('is safe (data, not script) and ranked above the PNG beside it', () => {
    const { factory } = setup();
    expect(factory.safe).toBe(true);
    expect(factory.mimeTypes).toEqual(['application/fits', 'image/fits']);
    expect(factory.defaultRank).toBeLessThan(90);
  });

  it('draws a cutout with its WCS, and its buttons lead to a tab and the sky', async () => {
    const { output, calls, buttonNamed } = setup({
      scope: 'server',
      path: 'work/cutout.fits'
    });
    await output.renderModel(
      model(bytesToBase64(CUTOUT), {
        factor: 1,
        label: 'HDU 0',
        source: '/lab/work/cutout.fits',
        notes: []
      })
    );
    expect(output.view.image?.width).toBe(74);
    expect(text(output, '.jp-RspApi-ViewerStatus')).toContain(
      '74 × 74, BITPIX -32'
    );
    expect(shownOf(output)).toBe('');
    buttonNamed('Open in a tab').click();
    expect(calls.openTab).toHaveLength(1);
    expect(calls.openTab[0][0]).toEqual(CUTOUT);
    expect(calls.openTab[0][1]).toBe('cutout.fits, HDU 0');
    expect(calls.openTab[0][2]).toBe('cutout.fits');
    expect(buttonNamed('Show on the sky').disabled).toBe(false);
    buttonNamed('Show on the sky').click();
    expect(calls.showOnSky[0][0]).toHaveLength(4);
    const file = buttonNamed('Open the file');
    expect(file.hidden).toBe(false);
    file.click();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(calls.resolvePath).toEqual(['/lab/work/cutout.fits']);
    expect(calls.openFile).toEqual(['work/cutout.fits']);
    output.dispose();
  });

  it('shows what the kernel says about a downsampled image, and says where its file is not', async () => {
    const { output, calls, buttonNamed } = setup(null);
    await output.renderModel(
      model(bytesToBase64(CUTOUT), {
        factor: 4,
        label: 'HDU 1',
        source: '/elsewhere/big.fits',
        notes: ['shown as the mean of 4 x 4 blocks, 74 x 74']
      })
    );
    expect(text(output, '.jp-RspApi-OutputNotes')).toBe(
      'shown as the mean of 4 x 4 blocks, 74 x 74'
    );
    buttonNamed('Open the full file').click();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(calls.openFile).toEqual([]);
    expect(shownOf(output)).toContain(
      "/elsewhere/big.fits is not in the lab's file tree"
    );
    output.dispose();
  });

  it('says what is wrong with broken data, in the output', async () => {
    const { output, buttonNamed } = setup();
    await output.renderModel(model('bm90IEZJVFM='));
    expect(shownOf(output)).toContain(
      'This FITS output cannot be shown: This is not a FITS file'
    );
    expect(buttonNamed('Open in a tab').disabled).toBe(true);
    await output.renderModel(model(bytesToBase64(CUTOUT.subarray(0, 5000))));
    expect(shownOf(output)).toContain('cut short');
    output.dispose();
  });

  it('draws no image larger than the inline limit, and offers the tab', async () => {
    const { output, buttonNamed } = setup(null, 1000);
    await output.renderModel(model(bytesToBase64(CUTOUT)));
    expect(output.view.image).toBeNull();
    expect(shownOf(output)).toContain(
      'This image is 74 × 74 pixels, more than the 1,000 drawn inline'
    );
    expect(buttonNamed('Open in a tab').disabled).toBe(false);
    expect(buttonNamed('Open the file').hidden).toBe(true);
    output.dispose();
  });

  it('says when there is no image, and when an image has no place on the sky', async () => {
    const { output, buttonNamed } = setup();
    await output.renderModel(model(bytesToBase64(tableOnly)));
    expect(shownOf(output)).toContain('This FITS file has no image HDU');
    await output.renderModel(model(bytesToBase64(noWcs)));
    expect(output.view.image?.width).toBe(8);
    expect(shownOf(output)).toContain('This image has no WCS');
    expect(buttonNamed('Show on the sky').disabled).toBe(true);
    output.dispose();
  });
});
