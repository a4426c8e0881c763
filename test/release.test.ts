import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

/**
 * The release and integ-deploy workflows cannot run here (no GitHub, no AWS account); these tests hold
 * them to what README promises, so an edit that drops provenance or a target fails `npm test`.
 */
const root = path.resolve(__dirname, '..');
const workflow = (name: string) => parse(fs.readFileSync(path.join(root, '.github', 'workflows', name), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const runs = (job: any): string => job.steps.map((s: any) => s.run ?? '').join('\n');

describe('release workflow', () => {
  const release = workflow('release.yml');

  test('tests every push and pull request with the command CI runs', () => {
    expect(release.on.pull_request).toBeDefined();
    expect(runs(release.jobs.test)).toContain('bash .ci/run');
  });

  test('publishes only from a version tag that matches package.json, after the tests', () => {
    expect(release.on.push.tags).toEqual(['v*.*.*']);
    expect(release.jobs.package.needs).toBe('test');
    expect(release.jobs.package.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(runs(release.jobs.package)).toContain('"v$version" != "$GITHUB_REF_NAME"');
  });

  test('publishes to npm with provenance, and a jsii package for every target package.json declares', () => {
    const npm = release.jobs['publish-npm'];
    expect(npm.permissions['id-token']).toBe('write');
    expect(runs(npm)).toMatch(/npm publish .* --provenance/);
    const declared = Object.keys(pkg.jsii.targets).sort();
    expect(declared).toEqual(['dotnet', 'go', 'java', 'python']);
    const built = /--targets ([a-z,]+)/.exec(runs(release.jobs.package))![1].split(',');
    expect(built).toEqual(expect.arrayContaining(['js', ...declared]));
    const publisher: Record<string, string> = { python: 'publish-pypi', java: 'publish-maven', dotnet: 'publish-nuget', go: 'publish-go' };
    for (const target of declared) {
      expect(release.jobs[publisher[target]].needs).toBe('package');
      expect(runs(release.jobs[publisher[target]])).toContain(`dist/${target}`);
    }
  });

  test('gives no job more than read access to the repository by default', () => {
    expect(release.permissions).toEqual({ contents: 'read' });
  });
});

describe('integ-deploy workflow', () => {
  const integ = workflow('integ-deploy.yml');

  test('runs by hand and nightly, one at a time', () => {
    expect(integ.on).toHaveProperty('workflow_dispatch');
    expect(integ.on.schedule).toHaveLength(1);
    expect(integ.concurrency['cancel-in-progress']).toBe(false);
  });

  test('reaches AWS through an OIDC role, never stored keys, and deploys every integ test', () => {
    expect(integ.permissions['id-token']).toBe('write');
    const credentials = integ.jobs.integ.steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials'));
    expect(credentials.with['role-to-assume']).toBe('${{ vars.INTEG_ROLE_ARN }}');
    expect(JSON.stringify(integ)).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/i);
    expect(runs(integ.jobs.integ)).toMatch(/integ-runner --directory test --language typescript --force/);
  });
});

describe('package.json', () => {
  test('declares the Node versions scripts/test.sh runs the tests on', () => {
    const script = fs.readFileSync(path.join(root, 'scripts', 'test.sh'), 'utf8');
    const lts = /NODE_LTS=\$\{NODE_LTS:-node@(\d+)\}/.exec(script)![1];
    expect(pkg.engines.node).toBe(`^20.0.0 || ^${lts}.0.0`);
  });

  test('declares the floor of the aws-cdk-lib peer range the tests pin', () => {
    expect(pkg.peerDependencies['aws-cdk-lib']).toBe(`^${pkg.devDependencies['aws-cdk-lib']}`);
  });
});
