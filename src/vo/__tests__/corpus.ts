import * as fs from 'fs';
import * as path from 'path';

/** The real documents captured from VO services (../shared/testdata/vo-corpus). */
export const CORPUS =
  process.env.RSP_API_CORPUS ??
  path.resolve(__dirname, '../../../../shared/testdata/vo-corpus');

export function corpusFiles(kind: string): string[] {
  return fs
    .readdirSync(path.join(CORPUS, kind))
    .filter(name => name.endsWith('.xml'))
    .sort();
}

export function corpusDocument(kind: string, name: string): string {
  return fs.readFileSync(path.join(CORPUS, kind, name), 'utf-8');
}
