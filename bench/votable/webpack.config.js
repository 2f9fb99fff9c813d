// Bundles the compiled browser.ts (CommonJS in .bench-build) into one script for Chromium.
const path = require('path');

const repo = path.resolve(__dirname, '../..');

module.exports = {
  mode: 'production',
  target: 'web',
  entry: path.join(repo, '.bench-build/bench/votable/browser.js'),
  output: {
    path: path.join(repo, '.bench-build'),
    filename: 'votable-browser.js'
  },
  performance: { hints: false }
};
