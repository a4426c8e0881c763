// ESLint in the style of aws-cdk-lib's own rules: two spaces, single quotes, semicolons, trailing commas,
// 150 columns, ordered imports and members, no console in the library.
import stylistic from '@stylistic/eslint-plugin';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

// The folders of lib/, lowest first: each imports only from the folders before it, so no import circle
// crosses a folder (CONTRIBUTING.md, "Architecture"). The leaves, core and data, import nothing of lib/.
const LAYERS = ['core', 'data', 'registry', 'cluster', 'storage', 'ingress', 'workloads', 'environments'];
const LEAVES = ['core', 'data'];
// Beside the library, and what they may import: the report command reads a cloud assembly with the
// AWS tables alone (no aws-cdk-lib, so it starts fast) and dispatches `import-copilot` to the Copilot
// importer, which writes TypeScript and imports nothing of lib/; the snapshot helper needs no construct either.
const TOOLS = { report: ['data', 'copilot'], copilot: [], testing: ['core', 'data'] };
// In a concept, the files of its options and choices. Its private/ helpers import these and nothing
// else of the concept (never a construct file, which imports the helpers); these import no other file of it.
// Zones are folder prefixes: a subfolder (cluster/pools/, workloads/private/deployment/) is inside its
// folder's layer and concept, and an option file of a subfolder is named by its path in the concept.
const VOCABULARY = {
  registry: ['github-push-role.ts', 'image-tag-policy.ts', 'lifecycle.ts', 'replication.ts', 'upstream.ts'],
  cluster: ['cluster-query.ts', 'network.ts', 'placement-rules.ts', 'service-connect-namespace.ts', 'task-networking.ts',
    'pools/capacity-pool-options.ts', 'pools/managed-instances-options.ts', 'pools/pool-image.ts'],
  ingress: ['domain.ts', 'route.ts'],
  workloads: ['deployment.ts', 'network-port.ts', 'service-port.ts', 'service-scaling.ts', 'worker-queue.ts', 'workload-environment.ts', 'workload-options.ts'],
};
const lib = folder => `./lib/${folder}`;
const LAYER_ZONES = [
  ...LAYERS.map((layer, i) => ({
    target: lib(layer),
    from: [...LEAVES.includes(layer) ? LAYERS.filter(other => other !== layer) : LAYERS.slice(i + 1), ...Object.keys(TOOLS)].map(lib).concat('./lib/index.ts'),
    message: `lib/${layer}/ ${LEAVES.includes(layer) ? 'imports nothing of lib/' : `may import only from ${LAYERS.slice(0, i).map(l => `${l}/`).join(', ')}`}` +
      ' (CONTRIBUTING.md, "Architecture").',
  })),
  ...Object.entries(TOOLS).map(([tool, allowed]) => ({
    target: lib(tool),
    from: [...LAYERS, ...Object.keys(TOOLS)].filter(folder => folder !== tool && !allowed.includes(folder)).map(lib).concat('./lib/index.ts'),
    message: `lib/${tool}/ may import only from ${allowed.map(folder => `${folder}/`).join(' and ')}: it never loads the constructs.`,
  })),
  ...Object.entries(VOCABULARY).flatMap(([concept, files]) => [
    {
      target: lib(`${concept}/private`),
      from: lib(concept),
      except: ['./private', ...files.map(file => `./${file}`)],
      message: `lib/${concept}/private/ may import only the options and choices of ${concept}/ (${files.join(', ')}), never a file that imports private/.`,
    },
    {
      target: files.map(file => lib(`${concept}/${file}`)),
      from: lib(concept),
      except: files.map(file => `./${file}`),
      message: `The options and choices of ${concept}/ (${files.join(', ')}) import no other file of ${concept}/.`,
    },
  ]),
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'cdk.out/**', '**/*.d.ts', '**/*.js', '**/*.snapshot/**', 'dist/**', 'coverage/**', 'test-results/**'],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { '@stylistic': stylistic, import: importPlugin },
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    },
    rules: {
      '@stylistic/indent': ['error', 2],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/max-len': ['error', { code: 150, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/object-curly-spacing': ['error', 'always'],
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/member-delimiter-style': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1 }],
      'import/order': ['error', {
        groups: ['builtin', 'external', 'parent', 'sibling', 'index'],
        alphabetize: { order: 'asc', caseInsensitive: true },
      }],
      'import/no-duplicates': 'error',
      'import/no-extraneous-dependencies': ['error', { devDependencies: false, peerDependencies: true }],
      '@typescript-eslint/member-ordering': ['error', {
        default: ['public-static-field', 'public-static-method', 'protected-static-field', 'private-static-field',
          'public-instance-field', 'protected-instance-field', 'private-instance-field', 'constructor',
          'public-instance-method', 'protected-instance-method', 'private-instance-method'],
      }],
      '@typescript-eslint/no-shadow': 'error',
      // An override that does not need a parameter of its base method names it with a leading _.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
      'no-throw-literal': 'error',
      'no-duplicate-imports': 'off',
      'dot-notation': 'error',
      'curly': ['error', 'multi-line', 'consistent'],
    },
  },
  {
    // The layers of lib/ (CONTRIBUTING.md, "Architecture"): a lower folder importing a higher one, or a circle, fails.
    files: ['lib/**/*.ts'],
    rules: {
      'import/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The report command, the AWS tables it reads and the Copilot importer load no aws-cdk-lib: the command starts fast.
    files: ['lib/report/**/*.ts', 'lib/data/**/*.ts', 'lib/copilot/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'lib/report/, lib/data/ and lib/copilot/ load no aws-cdk-lib.' }] }],
    },
  },
  {
    // The consumer test's app imports the packed library by its package name, as a user's app does.
    files: ['test/consumer/fixture/**/*.ts'],
    rules: { 'import/no-extraneous-dependencies': 'off' },
  },
  {
    // Tests, the sample app, examples, benchmarks and scripts may use dev dependencies; scripts print.
    files: ['test/**/*.ts', 'bin/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'import/no-extraneous-dependencies': ['error', { devDependencies: true, peerDependencies: true }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
