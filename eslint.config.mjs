// ESLint in the style of aws-cdk-lib's own rules: two spaces, single quotes, semicolons, trailing commas,
// 150 columns, ordered imports and members, no console in the library.
import stylistic from '@stylistic/eslint-plugin';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

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
