/**
 * VOSI capabilities (VOSI 1.0/1.1, VOResource interfaces) and the TAP capability's TAPRegExt
 * details: query languages with their features (ADQL geometry functions, user-defined functions
 * with their signatures), output formats, upload methods and limits. Plus helpers that find the
 * URLs a client needs: TAP base, SIA query, DALI examples, VOSI endpoints.
 */
import {
  IXmlElement,
  child,
  childText,
  childrenNamed,
  parseXmlDocument
} from './xml';

export interface IInterface {
  /** 'std' for the standard interface of the capability. */
  role?: string;
  /** The xsi:type without its prefix: ParamHTTP, WebBrowser, OAIHTTP... */
  type?: string;
  version?: string;
  accessURLs: string[];
  /** `use` of the first accessURL: full, base, post, dir. */
  accessURLUse?: string;
  mirrorURLs: string[];
  /** standardIDs; '' stands for an empty <securityMethod/> (anonymous access). */
  securityMethods: string[];
}

export interface ICapability {
  standardID: string;
  /** The xsi:type without its prefix (TableAccess for TAPRegExt). */
  type?: string;
  description?: string;
  interfaces: IInterface[];
}

export interface IUdfArgument {
  name: string;
  type: string;
}

/** A user-defined function's signature, from its TAPRegExt form `f(a INTEGER) -> POINT`. */
export interface IUdfSignature {
  name: string;
  args: IUdfArgument[];
  returns: string;
}

export interface ILanguageFeature {
  form: string;
  description?: string;
  /** Set for features-udf forms that read as a signature. */
  signature?: IUdfSignature;
}

export interface ILanguageFeatureSet {
  /** e.g. ivo://ivoa.net/std/TAPRegExt#features-adqlgeo */
  type: string;
  features: ILanguageFeature[];
}

export interface ITapLanguage {
  name: string;
  versions: { version: string; ivoId?: string }[];
  description?: string;
  features: ILanguageFeatureSet[];
  /** Features of type ...#features-udf. */
  udfs: ILanguageFeature[];
  /** Forms of type ...#features-adqlgeo (POINT, CIRCLE, CONTAINS...). */
  geometryFunctions: string[];
}

export interface IOutputFormat {
  mime: string;
  aliases: string[];
  ivoId?: string;
  description?: string;
}

export interface ILimit {
  default?: number;
  hard?: number;
  /** row or byte (TAPRegExt outputLimit/uploadLimit). */
  unit?: string;
}

export interface ITapCapabilities {
  dataModels: { name: string; ivoId?: string }[];
  languages: ITapLanguage[];
  outputFormats: IOutputFormat[];
  /** ivo-ids of the upload methods. */
  uploadMethods: string[];
  /** Seconds. */
  retentionPeriod?: ILimit;
  /** Seconds. */
  executionDuration?: ILimit;
  outputLimit?: ILimit;
  uploadLimit?: ILimit;
}

export interface ICapabilities {
  capabilities: ICapability[];
  /** TAPRegExt details of the TAP capability, when the document has one. */
  tap?: ITapCapabilities;
}

export const STANDARD_IDS = {
  tap: 'ivo://ivoa.net/std/TAP',
  examples: 'ivo://ivoa.net/std/DALI#examples'
} as const;

const EXPECTED = 'a VOSI capabilities document';

function localType(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(colon + 1);
}

function readInterface(element: IXmlElement): IInterface {
  const urls = childrenNamed(element, 'accessURL');
  const result: IInterface = {
    accessURLs: urls.map(u => u.text.trim()).filter(u => u !== ''),
    mirrorURLs: childrenNamed(element, 'mirrorURL')
      .map(u => u.text.trim())
      .filter(u => u !== ''),
    securityMethods: childrenNamed(element, 'securityMethod').map(
      m => m.attributes.standardID ?? ''
    )
  };
  const { role, version } = element.attributes;
  if (role) {
    result.role = role;
  }
  const type = localType(element.attributes.type);
  if (type) {
    result.type = type;
  }
  if (version) {
    result.version = version;
  }
  if (urls[0]?.attributes.use) {
    result.accessURLUse = urls[0].attributes.use;
  }
  return result;
}

/** Split at commas outside parentheses: "a INTEGER, b VARCHAR(3)". */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    }
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p !== '');
}

/** Read a TAPRegExt UDF form, `name(arg TYPE, ...) -> TYPE`; null when it does not read so. */
export function parseUdfSignature(form: string): IUdfSignature | null {
  const match =
    /^\s*([A-Za-z_][\w]*)\s*\(([\s\S]*)\)\s*->\s*([\s\S]+?)\s*$/.exec(form);
  if (!match) {
    return null;
  }
  const args = splitTopLevel(match[2]).map(arg => {
    const space = arg.search(/\s/);
    return space === -1
      ? { name: arg, type: '' }
      : { name: arg.slice(0, space), type: arg.slice(space).trim() };
  });
  return { name: match[1], args, returns: match[3] };
}

function readLanguage(element: IXmlElement): ITapLanguage {
  const features: ILanguageFeatureSet[] = childrenNamed(
    element,
    'languageFeatures'
  ).map(set => {
    const type = set.attributes.type ?? '';
    const isUdf = /#features-udf$/i.test(type);
    return {
      type,
      features: childrenNamed(set, 'feature').map(feature => {
        const form = childText(feature, 'form') ?? '';
        const result: ILanguageFeature = { form };
        const description = childText(feature, 'description');
        if (description) {
          result.description = description;
        }
        if (isUdf) {
          const signature = parseUdfSignature(form);
          if (signature) {
            result.signature = signature;
          }
        }
        return result;
      })
    };
  });
  const language: ITapLanguage = {
    name: childText(element, 'name') ?? '',
    versions: childrenNamed(element, 'version').map(v => {
      const version: { version: string; ivoId?: string } = {
        version: v.text
      };
      if (v.attributes['ivo-id']) {
        version.ivoId = v.attributes['ivo-id'];
      }
      return version;
    }),
    features,
    udfs: features
      .filter(f => /#features-udf$/i.test(f.type))
      .flatMap(f => f.features),
    geometryFunctions: features
      .filter(f => /#features-adqlgeo$/i.test(f.type))
      .flatMap(f => f.features.map(feature => feature.form))
  };
  const description = childText(element, 'description');
  if (description) {
    language.description = description;
  }
  return language;
}

function readLimit(element: IXmlElement | undefined): ILimit | undefined {
  if (!element) {
    return undefined;
  }
  const limit: ILimit = {};
  for (const key of ['default', 'hard'] as const) {
    const part = child(element, key);
    const value = part ? Number(part.text) : NaN;
    if (part && part.text !== '' && Number.isFinite(value)) {
      limit[key] = value;
      if (part.attributes.unit && !limit.unit) {
        limit.unit = part.attributes.unit;
      }
    }
  }
  return limit;
}

function readTap(element: IXmlElement): ITapCapabilities {
  const tap: ITapCapabilities = {
    dataModels: childrenNamed(element, 'dataModel').map(m => {
      const model: { name: string; ivoId?: string } = { name: m.text };
      if (m.attributes['ivo-id']) {
        model.ivoId = m.attributes['ivo-id'];
      }
      return model;
    }),
    languages: childrenNamed(element, 'language').map(readLanguage),
    outputFormats: childrenNamed(element, 'outputFormat').map(format => {
      const result: IOutputFormat = {
        mime: childText(format, 'mime') ?? '',
        aliases: childrenNamed(format, 'alias')
          .map(a => a.text)
          .filter(a => a !== '')
      };
      if (format.attributes['ivo-id']) {
        result.ivoId = format.attributes['ivo-id'];
      }
      const description = childText(format, 'description');
      if (description) {
        result.description = description;
      }
      return result;
    }),
    uploadMethods: childrenNamed(element, 'uploadMethod')
      .map(m => m.attributes['ivo-id'] ?? '')
      .filter(m => m !== '')
  };
  for (const key of [
    'retentionPeriod',
    'executionDuration',
    'outputLimit',
    'uploadLimit'
  ] as const) {
    const limit = readLimit(child(element, key));
    if (limit) {
      tap[key] = limit;
    }
  }
  return tap;
}

/** Read a VOSI capabilities document; throws VOParseError (or VOServiceError) otherwise. */
export function parseCapabilities(body: string): ICapabilities {
  const root = parseXmlDocument(body, EXPECTED, ['capabilities']);
  const result: ICapabilities = { capabilities: [] };
  for (const element of childrenNamed(root, 'capability')) {
    const capability: ICapability = {
      standardID: element.attributes.standardID ?? '',
      interfaces: childrenNamed(element, 'interface').map(readInterface)
    };
    const type = localType(element.attributes.type);
    if (type) {
      capability.type = type;
    }
    const description = childText(element, 'description');
    if (description) {
      capability.description = description;
    }
    result.capabilities.push(capability);
    if (
      !result.tap &&
      matchesStandard(capability.standardID, STANDARD_IDS.tap)
    ) {
      result.tap = readTap(element);
    }
  }
  return result;
}

/**
 * Does a standardID name this standard? Case-insensitive; a wanted id without a fragment also
 * matches ids with one (…/TAP matches …/TAP#sync-1.1), and a fragment prefix matches versions
 * (…/VOSI#tables matches …/VOSI#tables-1.1).
 */
export function matchesStandard(standardID: string, wanted: string): boolean {
  const id = standardID.trim().toLowerCase();
  const base = wanted.toLowerCase();
  return id === base || id.startsWith(base + '#') || id.startsWith(base + '-');
}

export function findCapabilities(
  capabilities: ICapabilities,
  standardID: string
): ICapability[] {
  return capabilities.capabilities.filter(c =>
    matchesStandard(c.standardID, standardID)
  );
}

/**
 * The access URL of a standard's interface: the role="std" interface first, then any other;
 * among equals the first listed. Surrounding white space removed.
 */
export function accessURL(
  capabilities: ICapabilities,
  standardID: string
): string | undefined {
  const interfaces = findCapabilities(capabilities, standardID).flatMap(
    c => c.interfaces
  );
  const ordered = [
    ...interfaces.filter(i => i.role === 'std'),
    ...interfaces.filter(i => i.role !== 'std')
  ];
  return ordered.find(i => i.accessURLs.length > 0)?.accessURLs[0];
}

/**
 * The TAP base URL (to which /sync, /async, /tables are added). TAP 1.0 services that list
 * …/TAP#sync-1.0 and …#async-1.0 separately give their endpoint URLs: the base is their parent.
 */
export function tapBaseURL(capabilities: ICapabilities): string | undefined {
  const exact = capabilities.capabilities.filter(
    c => c.standardID.trim().toLowerCase() === STANDARD_IDS.tap.toLowerCase()
  );
  const std = exact.flatMap(c => c.interfaces);
  const url =
    std.find(i => i.role === 'std' && i.accessURLs.length > 0)?.accessURLs[0] ??
    std.find(i => i.accessURLs.length > 0)?.accessURLs[0];
  if (url) {
    return url.replace(/\/+$/, '');
  }
  const endpoint = accessURL(capabilities, STANDARD_IDS.tap);
  return endpoint?.replace(/\/+$/, '').replace(/\/(sync|async)$/i, '');
}

/** The DALI examples page. */
export function examplesURL(capabilities: ICapabilities): string | undefined {
  return accessURL(capabilities, STANDARD_IDS.examples);
}

const TABLEDATA_IVOID = 'ivo://ivoa.net/std/TAPRegExt#output-votable-td';

/**
 * The RESPONSEFORMAT that asks a TAP service for TABLEDATA, if its TAPRegExt offers it: XML text,
 * which no miscounted binary length can misalign. A version-pinned variant is a last resort.
 */
export function tabledataFormat(
  capabilities: Pick<ITapCapabilities, 'outputFormats'>
): string | undefined {
  const tabledata = capabilities.outputFormats.filter(
    format =>
      format.ivoId === TABLEDATA_IVOID ||
      /;\s*serialization\s*=\s*tabledata/i.test(format.mime)
  );
  const plain = tabledata.find(format => !/version\s*=/i.test(format.mime));
  return (plain ?? tabledata[0])?.mime || undefined;
}
