/**
 * The VO protocol core: pure TypeScript, no JupyterLab imports, runs in Node and the browser.
 */
export * from './errors';
export * from './xml';
export * from './stream';
export * from './datatypes';
export * from './binary';
export * from './availability';
export * from './capabilities';
export * from './examples';
export * from './identifiers';
export * from './tables';
export * from './tapschema';
export * from './votable';
export * from './uws';
export * from './datalink';
export * from './sia';
export * from './adql';
export * from './fits';
export * from './wcs';
export * from './imagedisplay';
export * from './coords';
export * from './hips';
