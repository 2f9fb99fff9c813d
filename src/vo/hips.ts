/**
 * HiPS metadata: a survey's `properties` file and a HiPS list (property blocks separated by blank
 * lines), as the HiPS 1.0 standard writes them.
 */
import { VOParseError } from './errors';

export interface IHipsSurvey {
  id: string;
  title: string;
  /** hips_service_url: where the tiles are. */
  url: string;
  frame: string;
  maxOrder: number;
  tileFormats: string[];
  initialRa?: number;
  initialDec?: number;
  initialFov?: number;
  properties: Record<string, string>;
}

/** `key = value` lines; # comments and blank lines skipped; a later key replaces an earlier. */
export function parseHipsProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const line of text.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      continue;
    }
    const equals = trimmed.indexOf('=');
    if (equals <= 0) {
      continue;
    }
    properties[trimmed.slice(0, equals).trim()] = trimmed
      .slice(equals + 1)
      .trim();
  }
  return properties;
}

function number(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A survey from its properties; `baseUrl` stands in for a missing hips_service_url. */
export function hipsSurveyFromProperties(
  properties: Record<string, string>,
  baseUrl?: string
): IHipsSurvey {
  const url = properties.hips_service_url ?? baseUrl;
  const id =
    properties.creator_did ?? properties.ID ?? properties.obs_id ?? url;
  if (!url || !id) {
    throw new VOParseError(
      'A HiPS survey without hips_service_url or creator_did cannot be shown.',
      'HiPS properties',
      'invalid',
      'no hips_service_url'
    );
  }
  return {
    id,
    title: properties.obs_title ?? properties.obs_collection ?? id,
    url: url.replace(/\/+$/, ''),
    frame: properties.hips_frame ?? 'equatorial',
    maxOrder: number(properties.hips_order) ?? 3,
    tileFormats: (properties.hips_tile_format ?? 'jpeg')
      .split(/\s+/)
      .filter(Boolean),
    initialRa: number(properties.hips_initial_ra),
    initialDec: number(properties.hips_initial_dec),
    initialFov: number(properties.hips_initial_fov),
    properties
  };
}

/** Every survey of a HiPS list; a block that is not a survey is skipped. */
export function parseHipsList(text: string): IHipsSurvey[] {
  if (/^\s*</.test(text)) {
    throw new VOParseError(
      'Expected a HiPS list but got markup (an error page?).',
      'a HiPS list',
      'html',
      'markup'
    );
  }
  const surveys: IHipsSurvey[] = [];
  for (const block of text.split(/(?:\r?\n){2,}/)) {
    const properties = parseHipsProperties(block);
    if (properties.hips_service_url) {
      surveys.push(hipsSurveyFromProperties(properties));
    }
  }
  return surveys;
}
