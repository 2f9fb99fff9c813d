import {
  LOAD_MAGIC_LINE,
  adqlMagicCell,
  loadsMagic,
  magicArgument
} from '../magic';

describe('%%adql cells', () => {
  it('names the service and keeps the query as the body', () => {
    expect(
      adqlMagicCell({
        service: 'tap',
        query: 'SELECT TOP 5 * FROM dp02_dc2_catalogs.Object',
        maxrec: 5
      })
    ).toBe(
      '%%adql --service tap --maxrec 5\nSELECT TOP 5 * FROM dp02_dc2_catalogs.Object'
    );
    expect(
      adqlMagicCell({
        service: 'tap',
        query: 'SELECT 1',
        async: true,
        out: 't'
      })
    ).toBe('%%adql --service tap --async --out t\nSELECT 1');
  });

  it('quotes arguments the way shlex reads them back', () => {
    expect(magicArgument('https://example.org/tap')).toBe(
      'https://example.org/tap'
    );
    expect(magicArgument('https://x.org/tap?a=1&b=2')).toBe(
      "'https://x.org/tap?a=1&b=2'"
    );
    expect(magicArgument("it's")).toBe(`'it'"'"'s'`);
  });

  it('knows whether a notebook loads the magic', () => {
    expect(loadsMagic(['import pyvo', `x = 1\n${LOAD_MAGIC_LINE}\n`])).toBe(
      true
    );
    expect(
      loadsMagic(['# %load_ext jupyterlab_rsp_api', '%load_ext other'])
    ).toBe(false);
  });
});
