import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/report/cli';
import { workspaceOf } from './workspace-helper';

/** `cdk-ecs-platform import-copilot`: the bin dispatches it, and `report` still works. */
function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}
const SHOP = path.join(__dirname, 'fixtures', 'shop');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'copilot-cli-'));

test('writes the app and says what it wrote', () => {
  const dir = path.join(tmp(), 'infra');
  const result = run('import-copilot', SHOP, '--out', dir);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toMatch(/^Wrote 13 files to .*infra: 2 environment\(s\), 4 service\(s\) and job\(s\), \d+ lines of TypeScript from 154 lines of manifests; \d+ item\(s\) to review in MIGRATION.md/);
  expect(fs.existsSync(path.join(dir, 'bin', 'shop.ts'))).toBe(true);
});

test('refuses a folder that is not empty, and writes nothing into it', () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'README.md'), 'mine');
  const result = run('import-copilot', SHOP, '--out', dir);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`--out ${dir} is not empty; give an empty or new folder, or --force to write into it`);
  expect(fs.readdirSync(dir)).toEqual(['README.md']);
});

test('--force writes into a folder that is not empty, keeping files of other names', () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'README.md'), 'mine');
  expect(run('import-copilot', SHOP, '--out', dir, '--force').code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('mine');
  expect(fs.existsSync(path.join(dir, 'MIGRATION.md'))).toBe(true);
});

test('a manifest it cannot read: exit 2, the file, the field and what was expected, and nothing written', () => {
  const dir = path.join(tmp(), 'infra');
  const ws = workspaceOf({ 'copilot/web/manifest.yml': 'name: web\ntype: Load Balanced Web Service\nimage:\n  location: nginx\n' });
  const result = run('import-copilot', ws, '--out', dir);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe('cdk-ecs-platform import-copilot: copilot/web/manifest.yml: image.port is missing; expected the port the container listens on (a Load Balanced Web Service needs one)\n');
  expect(fs.existsSync(dir)).toBe(false);
});

test.each([
  [['import-copilot'], 'no workspace given'],
  [['import-copilot', SHOP], '--out is required'],
  [['import-copilot', SHOP, '--out'], '--out needs a folder'],
  [['import-copilot', SHOP, '--out', 'x', '--var', 'NOPE'], '--var needs NAME=VALUE; got "NOPE"'],
  [['import-copilot', SHOP, '--out', 'x', '--domain'], '--domain needs a DNS name'],
  [['import-copilot', SHOP, '--out', 'x', '--fast'], 'unknown option "--fast"'],
  [['import-copilot', SHOP, 'other', '--out', 'x'], 'one workspace at a time'],
])('%j is refused: %s', (argv, message) => {
  const result = run(...argv);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
  expect(result.stderr).toContain('Usage: cdk-ecs-platform import-copilot <workspace> --out <dir>');
});

test('a domain that is not a DNS name is refused', () => {
  const result = run('import-copilot', SHOP, '--out', path.join(tmp(), 'x'), '--domain', 'example');
  expect(result).toMatchObject({ code: 2, stderr: 'cdk-ecs-platform import-copilot: --domain example is not a DNS name such as example.com\n' });
});

test('--help prints the command\'s usage; the report\'s usage names the new command', () => {
  expect(run('import-copilot', '--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('--var NAME=VALUE') });
  expect(run('--help').stdout).toContain('cdk-ecs-platform import-copilot <workspace> --out <dir> [--force]');
  expect(run('report', 'no-such-cdk.out').code).toBe(2);
});
