import { isAdqlCell, readAdqlCell, usesAdqlMagic, withBody } from '../cell';

describe('%%adql cells', () => {
  it('reads the service option and where the ADQL starts', () => {
    const source = '%%adql --async -s ssotap --maxrec 5\nSELECT 1';
    const cell = readAdqlCell(source);
    expect(cell).toEqual({
      service: 'ssotap',
      bodyStart: 36,
      body: 'SELECT 1',
      maxrec: 5,
      maxrecAt: { from: 34, to: 35 },
      optionsEnd: 35
    });
    expect(
      readAdqlCell('%%adql --service=https://x.org/tap\r\nSELECT 2')
    ).toEqual({
      service: 'https://x.org/tap',
      bodyStart: 36,
      body: 'SELECT 2',
      maxrec: null,
      optionsEnd: 34
    });
    expect(readAdqlCell('%%adql -m 20 -o t\nQ')?.maxrecAt).toEqual({
      from: 10,
      to: 12
    });
    expect(readAdqlCell('%%adql --maxrec=7\nQ')?.maxrec).toBe(7);
    expect(
      readAdqlCell("%%adql --service 'https://x.org/tap?a=1&b=2'\nQ")?.service
    ).toBe('https://x.org/tap?a=1&b=2');
    expect(readAdqlCell('%%adql')).toEqual({
      service: null,
      bodyStart: 6,
      body: '',
      maxrec: null,
      optionsEnd: 6
    });
  });

  it('leaves other cells alone', () => {
    expect(isAdqlCell('%%adqlx\nSELECT 1')).toBe(false);
    expect(isAdqlCell(' %%adql\nSELECT 1')).toBe(false);
    expect(readAdqlCell('print(1)')).toBeNull();
  });

  it('replaces the ADQL and keeps the options line', () => {
    const source = '%%adql -s tap\nselect 1';
    const cell = readAdqlCell(source);
    expect(cell && withBody(source, cell, 'SELECT 1')).toBe(
      '%%adql -s tap\nSELECT 1'
    );
  });
});

describe('cells that need the magic loaded', () => {
  it.each([
    ['%%adql\nSELECT 1', true],
    ['%%adql --async -s tap\nSELECT 1', true],
    ['%adql SELECT TOP 1 * FROM t', true],
    ['x = 1\n  %adql -o t SELECT 1\nprint(t)', true],
    ['%adqlx SELECT 1', false],
    ['print("%adql")', false],
    ['# %%adql in a comment\nx = 1', false],
    ['', false]
  ])('%j → %s', (source, expected) => {
    expect(usesAdqlMagic(source)).toBe(expected);
  });
});
