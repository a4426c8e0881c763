import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { folderSizes, LAYOUT_LIMITS, layoutProblems } from './layout';

/**
 * lib/'s layout (CONTRIBUTING.md, "Architecture"): the size limits of ./layout.ts hold for lib/, and the
 * import rules of eslint.config.mjs reach into the subfolders. Each check is shown firing.
 */
const root = path.join(__dirname, '..', '..');
const lib = path.join(root, 'lib');

describe('the size limits of lib/', () => {
  test('lib/ keeps within them: 16 .ts files and 2,500 lines per folder (its own files), 400 lines per file', () => {
    expect(layoutProblems(lib)).toEqual([]);
  });

  test('the walk reaches the subfolders of lib/', () => {
    const folders = folderSizes(lib).map(s => s.folder.split(path.sep).join('/'));
    expect(folders).toEqual(expect.arrayContaining(['.', 'cluster', 'cluster/pools', 'cluster/private', 'report/baseline',
      'workloads/private', 'workloads/private/deployment', 'workloads/private/messaging']));
    expect(folderSizes(lib).reduce((sum, s) => sum + s.files, 0)).toBeGreaterThan(100);
  });

  describe('on a made-up tree', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-')); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Writes `count` files of `lines` lines each into `folder` of the tree. */
    function write(folder: string, count: number, lines: number, prefix = 'f') {
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
      for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, folder, `${prefix}${i}.ts`), 'x;\n'.repeat(lines));
    }

    test('accepts a tree at the limits, counting each folder\'s own files apart from its subfolders\'', () => {
      write('a', 15, 160);
      write('a', 1, 100, 'g');
      write('a/sub', 16, 150);
      write('b', 1, 400);
      fs.writeFileSync(path.join(dir, 'a', 'notes.md'), 'x\n'.repeat(5000));
      expect(folderSizes(dir).find(s => s.folder === 'a')).toEqual({ folder: 'a', files: 16, lines: 2500 });
      expect(layoutProblems(dir)).toEqual([]);
    });

    test('fires on a folder with 17 .ts files of its own, naming it, the count and the limit', () => {
      write('cluster', 17, 10);
      expect(layoutProblems(dir)).toEqual([`${path.basename(dir)}/cluster/ has 17 .ts files of its own; the limit is 16: split it by sub-concept`]);
    });

    test('fires on a folder whose own files hold 2,501 lines', () => {
      write('report', 10, 250);
      write('report', 1, 1, 'extra');
      expect(layoutProblems(dir)).toEqual([`${path.basename(dir)}/report/ has 2501 lines in its own .ts files; the limit is 2500: split it by sub-concept`]);
    });

    test('fires on a file of 401 lines, naming it', () => {
      write('workloads/private', 1, 401);
      expect(layoutProblems(dir)).toEqual([`${path.basename(dir)}/workloads/private/f0.ts has 401 lines; the limit is 400: move a coherent part to a file of its own`]);
    });

    test('counts a last line without a newline as wc -l does', () => {
      fs.writeFileSync(path.join(dir, 'a.ts'), 'x;\n'.repeat(400) + 'y;');
      expect(layoutProblems(dir)).toEqual([]);
      fs.writeFileSync(path.join(dir, 'a.ts'), 'x;\n'.repeat(401));
      expect(layoutProblems(dir)).toHaveLength(1);
    });

    test('fires on a flat private/ folder at the top of the library', () => {
      write('private', 1, 5);
      write('cluster/private', 1, 5);
      expect(layoutProblems(dir)).toEqual([`${path.basename(dir)}/private/ is a flat folder of private helpers: each concept keeps its own in <concept>/private/`]);
    });

    test('takes other limits', () => {
      write('a', 3, 10);
      expect(layoutProblems(dir, { ...LAYOUT_LIMITS, filesPerFolder: 2 })).toHaveLength(1);
    });
  });
});

describe('the import rules of eslint.config.mjs reach the subfolders of lib/', () => {
  /** The import/no-restricted-paths messages ESLint gives each probe, a file's text linted as if at its path. */
  function restrictedPaths(probes: Array<[string, string]>): string[][] {
    const script = `
      const { ESLint } = require('eslint');
      (async () => {
        const eslint = new ESLint({ cwd: ${JSON.stringify(root)}, ruleFilter: ({ ruleId }) => ruleId === 'import/no-restricted-paths' });
        const out = [];
        for (const [file, code] of JSON.parse(process.argv[1])) {
          const [result] = await eslint.lintText(code, { filePath: file });
          out.push(result.messages.map(m => m.message));
        }
        process.stdout.write(JSON.stringify(out));
      })().catch(e => { console.error(e); process.exit(1); });`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(probes)], { cwd: root, encoding: 'utf8' }));
  }

  const use = (from: string, name: string) => `import { ${name} } from '${from}';\nexport const probe = ${name};\n`;
  // Each probe is a file that does not exist, linted at a path in a subfolder: [path, text, the message expected or none].
  const probes: Array<[string, string, RegExp | undefined]> = [
    ['lib/workloads/private/deployment/probe.ts', use('../../web-service', 'WebService'), /lib\/workloads\/private\/ may import only the options/],
    ['lib/workloads/private/messaging/probe.ts', use('../../worker-service', 'WorkerService'), /lib\/workloads\/private\/ may import only the options/],
    ['lib/workloads/private/messaging/probe-ok.ts', use('../../worker-queue', 'WorkerQueue'), undefined],
    ['lib/workloads/service-scaling.ts', use('./web-service', 'WebService'), /The options and choices of workloads\/ .* import no other file/],
    ['lib/cluster/private/probe.ts', use('../pools/capacity-pool', 'CapacityPool'), /lib\/cluster\/private\/ may import only the options/],
    ['lib/cluster/private/probe-ok.ts', use('../pools/pool-image', 'PoolImage'), undefined],
    ['lib/cluster/pools/pool-image.ts', use('../platform-cluster', 'PlatformCluster'), /The options and choices of cluster\/ .* import no other file/],
    ['lib/cluster/pools/probe.ts', use('../../workloads/web-service', 'WebService'), /lib\/cluster\/ may import only from core\/, data\/, registry\//],
    ['lib/report/baseline/probe.ts', use('../../cluster/platform-cluster', 'PlatformCluster'), /lib\/report\/ may import only from data\/ and copilot\//],
  ];

  test('a forbidden import in a subfolder fails lint, an allowed one passes', () => {
    const messages = restrictedPaths(probes.map(([file, text]) => [file, text]));
    probes.forEach(([file, , expected], i) => {
      if (expected) expect({ file, messages: messages[i] }).toEqual({ file, messages: [expect.stringMatching(expected)] });
      else expect({ file, messages: messages[i] }).toEqual({ file, messages: [] });
    });
  });
});
