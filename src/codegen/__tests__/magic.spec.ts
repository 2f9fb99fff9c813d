import {
  LOAD_MAGIC_LINE,
  adqlMagicCell,
  loadsMagic,
  magicArgument,
  exampleCellOptions,
  replaceAdqlQuery
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

describe('examples into %%adql cells', () => {
  it('replaces the query of a %%adql cell and keeps its options', () => {
    expect(
      replaceAdqlQuery('%%adql --service tap --maxrec 5\nSELECT 1', 'SELECT 2')
    ).toBe('%%adql --service tap --maxrec 5\nSELECT 2');
    expect(replaceAdqlQuery('%%adql', 'SELECT 2')).toBe('%%adql\nSELECT 2');
    expect(replaceAdqlQuery('print(1)', 'SELECT 2')).toBeNull();
  });

  it('turns MAXREC into --maxrec and names what a cell cannot carry', () => {
    expect(
      exampleCellOptions([
        { key: 'MAXREC', value: '50' },
        { key: 'LANG', value: 'ADQL-2.1' },
        { key: 'UPLOAD', value: 't,http://x' }
      ])
    ).toEqual({
      maxrec: 50,
      ignored: [{ key: 'UPLOAD', value: 't,http://x' }]
    });
  });
});
