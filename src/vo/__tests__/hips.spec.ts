import * as fs from 'fs';
import * as path from 'path';

import { VOParseError, parseHipsList, parseHipsProperties } from '..';

// The demo platform's HiPS list (Hipsgen surveys of the demo calexps).
const LIST = fs.readFileSync(
  path.join(__dirname, 'fixtures', 'demo-hips-list.txt'),
  'utf-8'
);

describe('HiPS', () => {
  it('reads every survey of the demo HiPS list', () => {
    const surveys = parseHipsList(LIST);
    expect(surveys.map(s => s.id)).toContain(
      'ivo://rsp.demo/P/dp02/deep_coadd/band_g'
    );
    const g = surveys.find(s => s.id.endsWith('band_g'));
    expect(g).toMatchObject({
      title: 'DP0.2 demo calexps, g band',
      url: 'http://localhost:8081/api/hips/v2/dp02/deep_coadd/band_g',
      frame: 'equatorial',
      maxOrder: 10,
      tileFormats: ['png', 'fits'],
      initialRa: 55.832,
      initialDec: -32.142,
      initialFov: 0.3
    });
    expect(surveys.length).toBeGreaterThanOrEqual(4);
  });

  it('reads properties with comments, spaces and = in values', () => {
    expect(
      parseHipsProperties(
        '# a comment\n\nobs_title = A = B\r\nhips_order=3\nbroken line'
      )
    ).toEqual({ obs_title: 'A = B', hips_order: '3' });
  });

  it('refuses an error page', () => {
    expect(() => parseHipsList('<html><title>502</title></html>')).toThrow(
      VOParseError
    );
  });
});
