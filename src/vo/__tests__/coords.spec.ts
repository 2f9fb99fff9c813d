import { VOParseError, formatSkyPosition, parseSkyPosition } from '..';

describe('sky positions', () => {
  it.each([
    ['150.1 2.2', 150.1, 2.2],
    ['150.1, -2.2', 150.1, -2.2],
    ['ra=150.1 dec=+2.2', 150.1, 2.2],
    ['10:00:24.0 +02:12:00', 150.1, 2.2],
    ['10h00m24s +2d12m00s', 150.1, 2.2],
    ['10 00 24 -02 12 00', 150.1, -2.2],
    ['03:42:59.52 -00 30 00', 55.748, -0.5]
  ])('reads %s', (text, ra, dec) => {
    const point = parseSkyPosition(text);
    expect(point.ra).toBeCloseTo(ra, 6);
    expect(point.dec).toBeCloseTo(dec, 6);
  });

  it.each([
    ['', /2 or 6 expected/],
    ['M31', /other than numbers/],
    ['400 10', /RA must be/],
    ['10 95', /Dec must be/],
    ['10:61:00 +02:00:00', /below 60/]
  ])('refuses %j clearly', (text, message) => {
    expect(() => parseSkyPosition(text)).toThrow(VOParseError);
    expect(() => parseSkyPosition(text)).toThrow(message);
  });

  it('writes positions back in both styles', () => {
    const point = { ra: 150.1, dec: -2.2 };
    expect(formatSkyPosition(point, 'decimal')).toBe('150.100000 -2.200000');
    expect(formatSkyPosition(point, 'sexagesimal')).toBe(
      '10:00:24.000 -02:12:00.00'
    );
    const again = parseSkyPosition(formatSkyPosition(point, 'sexagesimal'));
    expect(again.ra).toBeCloseTo(150.1, 6);
    expect(again.dec).toBeCloseTo(-2.2, 6);
    expect(formatSkyPosition({ ra: 359.99999999, dec: 0 }, 'sexagesimal')).toBe(
      '24:00:00.000 +00:00:00.00'
    );
  });
});
