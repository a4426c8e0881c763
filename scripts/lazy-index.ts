/**
 * Makes the compiled entry point, build/index.js, load each file of the library when one of its
 * exports is first read, as aws-cdk-lib's entry points do. TypeScript compiles lib/index.ts's
 * `export * from './cluster'` lines into `require()` calls that load every file of the library at
 * `require('cdk-ecs-platform')` (84 files before issue 19's additions), whatever the app uses.
 *
 * The rewrite runs after jsii (npm run build, npm pack). jsii reads the TypeScript sources, so the
 * assembly and the declarations (build/index.d.ts) do not change; only the JavaScript of build/index.js
 * does. Each export becomes a getter on the module's exports that requires the file defining it: the
 * same names in the same order, the same objects (a class read through the index is the class of its
 * file). The script requires the eager index first and fails when the lazy one would export anything
 * else, so a new `export *` is covered or the build stops. Running it twice leaves the file as it is.
 *
 * Run: tsx scripts/lazy-index.ts [build directory]
 */
import * as fs from 'fs';
import * as path from 'path';

const MARKER = '// Written by scripts/lazy-index.ts';
const EXPORT_STAR = /__exportStar\(require\("([^"]+)"\), exports\);/g;

/** The files an index re-exports, in order, with the files of nested indexes in their place. */
function leafFiles(indexFile: string): string[] {
  const files: string[] = [];
  for (const match of fs.readFileSync(indexFile, 'utf8').matchAll(EXPORT_STAR)) {
    const file = require.resolve(path.resolve(path.dirname(indexFile), match[1]));
    files.push(...(path.basename(file) === 'index.js' ? leafFiles(file) : [file]));
  }
  return files;
}

/** Loads a compiled file of the library: the file's exports are known only once it has run. */
function load(file: string): Record<string, unknown> {
  return module.require(file);
}

/** Rewrites `<buildDir>/index.js` into lazy getters; returns how many exports it has. */
export function lazifyIndex(buildDir: string): number {
  const indexFile = path.resolve(buildDir, 'index.js');
  const source = fs.readFileSync(indexFile, 'utf8');
  if (source.startsWith(MARKER)) return -1;
  if (/\b(?:require|exports)\b/.test(source.replace(EXPORT_STAR, '').replace(/Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);/, '')
    .replace(/var __createBinding[\s\S]*?\n\};\n/, '').replace(/var __exportStar[\s\S]*?\n\};\n/, ''))) {
    throw new Error(`${indexFile} has more than \`export * from\` lines; scripts/lazy-index.ts only rewrites those`);
  }

  // The first file to export a name wins, as with __exportStar.
  const owners = new Map<string, string>();
  for (const file of leafFiles(indexFile)) {
    for (const name of Object.keys(load(file))) {
      if (name !== 'default' && name !== '__esModule' && !owners.has(name)) owners.set(name, file);
    }
  }
  const eager = Object.keys(load(indexFile)).filter(n => n !== '__esModule');
  const lazy = [...owners.keys()];
  if (JSON.stringify([...eager].sort()) !== JSON.stringify([...lazy].sort())) {
    throw new Error(`lazy index would export ${lazy.length} names, the compiled one ${eager.length}: ${[...new Set([...eager, ...lazy])]
      .filter(n => !eager.includes(n) || !lazy.includes(n)).join(', ')}`);
  }

  const lines = [
    MARKER + ' from the index TypeScript compiled: each export is required when first read.',
    '"use strict";',
    'Object.defineProperty(exports, "__esModule", { value: true });',
    'function lazy(name, file) {',
    '    Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: function () { return require(file)[name]; } });',
    '}',
    ...lazy.map(name => {
      const relative = './' + path.relative(path.dirname(indexFile), owners.get(name)!).replace(/\\/g, '/').replace(/\.js$/, '');
      return `lazy(${JSON.stringify(name)}, ${JSON.stringify(relative)});`;
    }),
    '',
  ];
  fs.writeFileSync(indexFile, lines.join('\n'));
  return lazy.length;
}

if (require.main === module) {
  const buildDir = process.argv[2] ?? path.join(__dirname, '..', 'build');
  const count = lazifyIndex(buildDir);
  console.log(count < 0 ? `${buildDir}/index.js is already lazy` : `${buildDir}/index.js: ${count} exports, each loaded when first read`);
}
