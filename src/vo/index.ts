/**
 * The VO protocol core: pure TypeScript, no JupyterLab imports, runs in Node and the browser.
 */
export * from './errors';
export * from './xml';
export * from './availability';
export * from './tables';
export * from './votable';
