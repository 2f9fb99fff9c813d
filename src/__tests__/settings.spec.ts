/**
 * Each plugin's defaults are its settings schema's: the code uses them until the setting registry
 * has answered (or when there is none), the Settings Editor shows the schema's.
 */
import * as fs from 'fs';
import * as path from 'path';

import { DEFAULT_ADQL_SETTINGS } from '../adql/settings';
import { DEFAULT_BROWSER_SETTINGS } from '../browser/actions';
import { DEFAULT_CORE_SETTINGS } from '../services/settings';
import { DEFAULT_VIEWER_SETTINGS } from '../viewer/settings';

function schemaDefaults(name: string): Record<string, unknown> {
  const schema = JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../schema', name), 'utf-8')
  ) as { properties: Record<string, { default?: unknown }> };
  return Object.fromEntries(
    Object.entries(schema.properties).map(([key, property]) => [
      key,
      property.default
    ])
  );
}

describe('setting defaults', () => {
  it.each([
    ['plugin.json', DEFAULT_CORE_SETTINGS],
    ['browser.json', DEFAULT_BROWSER_SETTINGS],
    ['adql.json', DEFAULT_ADQL_SETTINGS],
    ['viewer.json', DEFAULT_VIEWER_SETTINGS]
  ])('are those of schema/%s', (name, defaults) => {
    expect(defaults).toEqual(schemaDefaults(name));
  });

  it('cover every schema', () => {
    expect(fs.readdirSync(path.join(__dirname, '../../schema')).sort()).toEqual(
      ['adql.json', 'browser.json', 'plugin.json', 'viewer.json']
    );
  });
});
