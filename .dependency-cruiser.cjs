/**
 * The layer rules of DESIGN.md, checked on the import graph of src/ (`npm run lint:deps`, part
 * of `npm run lint:check` and so of `make test`).
 *
 *   feature folders (browser, adql, jobs, viewer)  never each other; meet through tokens.ts,
 *        │                                          commands and src/shared/
 *   src/shared, src/codegen (pure text)
 *        │
 *   src/services (the only HTTP client)
 *        │
 *   src/vo (pure protocol core: runs in the browser and in Node unchanged)
 *
 * Type-only imports count (tsPreCompilationDeps): a circle made of `import type` still ties
 * the modules together for a reader, and was how the first circle (tokens.ts → adql) came in.
 * Tests (`__tests__/`) may read fixtures with Node's fs and import across layers to set up.
 */
const tests = '(^|/)__tests__/';
const features = '^src/(browser|adql|jobs|viewer)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle (type-only imports included): one of its modules belongs lower, or ' +
        'the shared type belongs in src/tokens.ts as an interface.',
      from: {},
      to: { circular: true }
    },
    {
      name: 'vo-is-pure',
      severity: 'error',
      comment:
        'src/vo is the pure protocol core: it imports only itself and small parsing libraries, ' +
        'never JupyterLab, Lumino, React or Node built-ins, so that it runs in the browser and ' +
        'under jest unchanged.',
      from: { path: '^src/vo/', pathNot: tests },
      to: {
        pathNot: '^src/vo/',
        dependencyTypesNot: ['npm']
      }
    },
    {
      name: 'vo-no-framework',
      severity: 'error',
      comment: 'src/vo never imports JupyterLab, Lumino or React.',
      from: { path: '^src/vo/', pathNot: tests },
      to: { path: '(^|/)node_modules/(@jupyterlab|@lumino|react|react-dom)/' }
    },
    {
      name: 'codegen-is-pure-text',
      severity: 'error',
      comment:
        'src/codegen turns request objects into text: it uses the vo core and types from ' +
        'src/tokens.ts only (`import type`), no packages, no HTTP, no JupyterLab.',
      from: { path: '^src/codegen/', pathNot: tests },
      to: { pathNot: '^src/(codegen|vo)/|^src/tokens\\.ts$' }
    },
    {
      name: 'codegen-tokens-type-only',
      severity: 'error',
      comment:
        'src/codegen may read the interfaces of src/tokens.ts, never its values (tokens, ' +
        'command ids): write `import type`.',
      from: { path: '^src/codegen/', pathNot: tests },
      to: { path: '^src/tokens\\.ts$', dependencyTypesNot: ['type-only'] }
    },
    {
      name: 'services-below-features',
      severity: 'error',
      comment:
        'src/services (the HTTP client and the models built on it) stands on the vo core, ' +
        'src/tokens.ts and src/shared only; never on codegen or a feature.',
      from: { path: '^src/services/', pathNot: tests },
      to: {
        path: '^src/',
        pathNot: '^src/(services|vo|shared)/|^src/tokens\\.ts$'
      }
    },
    {
      name: 'tokens-are-interfaces',
      severity: 'error',
      comment:
        'src/tokens.ts holds ids, interfaces and tokens; it may name vo types, nothing that ' +
        'implements them (that is how the first import circle came in).',
      from: { path: '^src/tokens\\.ts$' },
      to: { path: '^src/', pathNot: '^src/vo/' }
    },
    {
      name: 'shared-below-features',
      severity: 'error',
      comment:
        'src/shared serves every feature, so it imports none of them (nor their plugins).',
      from: { path: '^src/shared/', pathNot: tests },
      to: { path: `${features}|^src/index\\.ts$` }
    },
    {
      name: 'features-apart',
      severity: 'error',
      comment:
        'Feature folders never import each other: what they share goes through src/tokens.ts ' +
        '(interfaces + tokens), CommandIDs, or src/shared/.',
      from: { path: features },
      to: { path: features, pathNot: '^src/$1/' }
    },
    {
      name: 'only-index-lists-plugins',
      severity: 'error',
      comment: 'src/index.ts lists the plugins; nothing imports it.',
      from: {},
      to: { path: '^src/index\\.ts$' }
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file or a package.',
      from: {},
      to: { couldNotResolve: true }
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        'A package used but not listed in package.json: it works only by accident of hoisting.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] }
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Product code imports a devDependency, which is not there when the extension is ' +
        'installed; move it to dependencies or keep the import in tests.',
      from: { path: '^src/', pathNot: tests },
      to: { dependencyTypes: ['npm-dev'] }
    }
  ],
  options: {
    tsPreCompilationDeps: true,
    // node_modules may be a link (worktrees share one); report packages under their own name.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings']
    },
    reporterOptions: {
      text: { highlightFocused: true }
    }
  }
};
