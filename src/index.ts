/**
 * The extension's plugins, one per feature folder: each folder's plugin.ts activates its feature;
 * they meet only through the tokens of ./tokens.ts and the commands of CommandIDs.
 */
import { adqlPlugin } from './adql/plugin';
import { browserPlugin } from './browser/plugin';
import { jobsPlugin } from './jobs/plugin';
import { corePlugin, schemasPlugin } from './services/plugin';
import { viewerPlugin } from './viewer/plugin';

export default [
  corePlugin,
  schemasPlugin,
  browserPlugin,
  jobsPlugin,
  adqlPlugin,
  viewerPlugin
];
