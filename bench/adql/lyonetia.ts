/**
 * Agreement of our ADQL checker with the IVOA's ADQL test suite (github.com/ivoa/lyonetia):
 * every query of its XML test files, marked valid or not, goes through parseAdql + validateAdql
 * with no tables (the suite tests syntax, not a service's schema), only the user-defined
 * functions each file declares. A query counts as refused when we report an error; warnings and
 * hints do not refuse. Prints the four counts, the agreement and every disagreement.
 * The suite is not part of this repository: pass the path of a checkout or of its git directory.
 * Usage: bash bench/adql/lyonetia.sh <lyonetia checkout or git dir> [--quiet]
 * Exit status 1 when any valid query is refused.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { AdqlSchema, IAdqlDiagnostic, validateAdql } from '../../src/vo';

interface ISuiteQuery {
  file: string;
  uuid: string;
  description: string;
  adql: string;
  valid: boolean;
  version: string;
  functions: string[];
}

/** The files of the suite: from a git directory (no work tree needed) or a checkout. */
function suiteFiles(root: string): { name: string; text: string }[] {
  const isGitDir =
    fs.existsSync(path.join(root, 'HEAD')) &&
    fs.existsSync(path.join(root, 'objects'));
  if (isGitDir) {
    const git = (...args: string[]): string =>
      execFileSync('git', ['--git-dir', root, ...args], {
        encoding: 'utf-8',
        maxBuffer: 64 * 1024 * 1024
      });
    return git('ls-tree', '-r', '--name-only', 'HEAD')
      .split('\n')
      .filter(name => /^src\/adql\/.*\.xml$/.test(name))
      .map(name => ({ name, text: git('show', `HEAD:${name}`) }));
  }
  const base = fs.existsSync(path.join(root, 'src', 'adql'))
    ? path.join(root, 'src', 'adql')
    : root;
  const found: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.xml')) {
        found.push({
          name: path.relative(root, full),
          text: fs.readFileSync(full, 'utf-8')
        });
      }
    }
  };
  walk(base);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Element text: CDATA kept verbatim, entities decoded, comments dropped. */
function textOf(xml: string): string {
  let out = '';
  let i = 0;
  while (i < xml.length) {
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      out += xml.slice(i + 9, end < 0 ? xml.length : end);
      i = end < 0 ? xml.length : end + 3;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      i = end < 0 ? xml.length : end + 3;
    } else {
      const next = [xml.indexOf('<![CDATA[', i), xml.indexOf('<!--', i)]
        .filter(n => n >= 0)
        .reduce((a, b) => Math.min(a, b), xml.length);
      out += xml
        .slice(i, next)
        .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) =>
          String.fromCodePoint(parseInt(hex, 16))
        )
        .replace(/&#([0-9]+);/g, (_, dec: string) =>
          String.fromCodePoint(Number(dec))
        )
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
      i = next;
    }
  }
  return out;
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(
    attributes
  );
  return match ? (match[1] ?? match[2]) : undefined;
}

/** XML comments outside CDATA, blanked so that commented-out queries are not read. */
function withoutComments(xml: string): string {
  return xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, match =>
    match.startsWith('<!--') ? ' '.repeat(match.length) : match
  );
}

function functionForms(xml: string): string[] {
  const forms: string[] = [];
  const block = /<functions\b[^>]*>([\s\S]*?)<\/functions>/.exec(xml);
  if (block) {
    for (const form of block[1].matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
      forms.push(textOf(form[1]).trim());
    }
  }
  return forms;
}

function parseSuiteFile(name: string, source: string): ISuiteQuery[] {
  const xml = withoutComments(source);
  const firstQuery = xml.search(/<query\b/);
  const fileFunctions = functionForms(
    firstQuery < 0 ? xml : xml.slice(0, firstQuery)
  );
  const queries: ISuiteQuery[] = [];
  for (const match of xml.matchAll(/<query\b([^>]*)>([\s\S]*?)<\/query>/g)) {
    const body = match[2];
    const adql = /<adql\b([^>]*)>([\s\S]*?)<\/adql>/.exec(body);
    if (!adql) {
      continue;
    }
    const description = /<description\b[^>]*>([\s\S]*?)<\/description>/.exec(
      body
    );
    queries.push({
      file: name,
      uuid: attribute(match[1], 'uuid') ?? '',
      description: description ? textOf(description[1]).trim() : '',
      adql: textOf(adql[2]),
      // The suite's schema: `valid` defaults to false, `version` to adql-2.1.
      valid: (attribute(adql[1], 'valid') ?? 'false').trim() === 'true',
      version: attribute(adql[1], 'version') ?? 'adql-2.1',
      functions: [...fileFunctions, ...functionForms(body)]
    });
  }
  return queries;
}

/** What a service's TAPRegExt would say: the declared UDFs, by name. */
function schemaFor(query: ISuiteQuery): AdqlSchema {
  const schema = new AdqlSchema();
  for (const form of query.functions) {
    const name = form.split('(')[0].trim().split('.').pop();
    if (name) {
      schema.userFunctions.set(name.toUpperCase(), form);
    }
  }
  return schema;
}

function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
}

function main(): void {
  const args = process.argv.slice(2);
  const quiet = args.includes('--quiet');
  const root = args.find(a => !a.startsWith('--'));
  if (!root) {
    console.error(
      'usage: lyonetia <path of a lyonetia checkout or git dir> [--quiet]'
    );
    process.exit(2);
  }
  const queries = suiteFiles(path.resolve(root)).flatMap(f =>
    parseSuiteFile(f.name, f.text)
  );
  const counts = {
    validAccepted: 0,
    validRefused: 0,
    invalidRefused: 0,
    invalidAccepted: 0,
    skipped: 0
  };
  const disagreements: { query: ISuiteQuery; errors: IAdqlDiagnostic[] }[] = [];
  for (const query of queries) {
    if (query.adql.trim() === '') {
      counts.skipped++;
      continue;
    }
    const errors = validateAdql(query.adql, schemaFor(query)).filter(
      d => d.severity === 'error'
    );
    const refused = errors.length > 0;
    if (query.valid && !refused) {
      counts.validAccepted++;
    } else if (query.valid) {
      counts.validRefused++;
      disagreements.push({ query, errors });
    } else if (refused) {
      counts.invalidRefused++;
    } else {
      counts.invalidAccepted++;
      disagreements.push({ query, errors });
    }
  }
  const total =
    counts.validAccepted +
    counts.validRefused +
    counts.invalidRefused +
    counts.invalidAccepted;
  const agreed = counts.validAccepted + counts.invalidRefused;
  if (!quiet) {
    for (const { query, errors } of disagreements) {
      const what = query.valid ? 'VALID REFUSED' : 'invalid accepted';
      console.log(`${what}  ${query.file} ${query.uuid}`);
      console.log(`  ${query.description ? oneLine(query.description) : ''}`);
      console.log(`  query: ${oneLine(query.adql, 400)}`);
      for (const error of errors) {
        console.log(`  ours:  ${error.message} (at ${error.from})`);
      }
    }
    console.log('');
  }
  console.log(`lyonetia queries: ${total} (empty, skipped: ${counts.skipped})`);
  console.log(`  valid, accepted:   ${counts.validAccepted}`);
  console.log(`  valid, refused:    ${counts.validRefused}`);
  console.log(`  invalid, refused:  ${counts.invalidRefused}`);
  console.log(`  invalid, accepted: ${counts.invalidAccepted}`);
  console.log(
    `  agreement: ${agreed}/${total} = ${((100 * agreed) / Math.max(total, 1)).toFixed(1)}%`
  );
  process.exit(counts.validRefused > 0 ? 1 : 0);
}

main();
