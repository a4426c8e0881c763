import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ImageRelease, ImageRepository, PlatformCluster, WorkerService } from '../../lib';
import { nagFindings } from '../quality/gates';
import { testApp } from '../util';
import { mainContainer } from '../workloads/fixtures';

const TOOLING = { account: '111111111111', region: 'us-east-1' };
const PROD = { account: '222222222222', region: 'us-east-1' };
const ORG = 'o-a1b2c3d4e5';
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

function apps(env = PROD) {
  const app = testApp();
  const tooling = new Stack(app, 'Tooling', { env: TOOLING });
  const workload = new Stack(app, 'Workload', { env });
  const cluster = new PlatformCluster(workload, 'Cluster');
  return { app, tooling, workload, cluster };
}

/** The statements of the execution role's policy of the workload's task definition. */
function executionStatements(stack: Stack): Array<Record<string, unknown>> {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const [policy] = Object.entries(policies).filter(([id]) => id.startsWith('WorkerTaskDefinitionExecutionRole')).map(([, p]) => p);
  return policy.Properties.PolicyDocument.Statement;
}

describe('ImageRepository across accounts', () => {
  test('pullOrganization lets the organization\'s accounts pull, and nothing else; pushes stay with the push role', () => {
    const { tooling } = apps();
    const repo = new ImageRepository(tooling, 'Repo', { repositoryName: 'shop/web', pullOrganization: ORG });
    repo.addGitHubPushRole('Push', { gitHubRepository: 'acme/shop' });
    const policy = Object.values(Template.fromStack(tooling).findResources('AWS::ECR::Repository'))[0].Properties.RepositoryPolicyText;
    expect(policy.Statement).toEqual([{
      Sid: 'OrganizationPull', Effect: 'Allow', Action: PULL, Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    }]);
    expect(nagFindings(tooling.node.root as App)).toEqual([]);
  });

  test('a customer managed key lets the same accounts and organization decrypt', () => {
    const { tooling } = apps();
    const key = new kms.Key(tooling, 'Key', { enableKeyRotation: true });
    new ImageRepository(tooling, 'Repo', { repositoryName: 'shop/web', pullAccounts: [PROD.account], pullOrganization: ORG, encryptionKey: key });
    const statements = Object.values(Template.fromStack(tooling).findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    expect(statements).toEqual(expect.arrayContaining([
      { Sid: 'ImagePullDecryptAccounts', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Principal: { AWS: `arn:aws:iam::${PROD.account}:root` } },
      { Sid: 'ImagePullDecryptOrganization', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Principal: { AWS: '*' },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } },
    ]));
  });

  test('an imported key cannot be changed: a warning names what its policy needs', () => {
    const { tooling } = apps();
    const key = kms.Key.fromKeyArn(tooling, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new ImageRepository(tooling, 'Repo', { pullAccounts: [PROD.account], encryptionKey: key });
    Annotations.fromStack(tooling).hasWarning('/Tooling/Repo', Match.stringLikeRegexp(
      'policy of KMS key arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab is not managed by this app.*account 222222222222 use kms:Decrypt'));
  });

  test('a workload in another account pulls by reference (fromAccount): the grants are on its side, with decrypt on the key', () => {
    const { workload, cluster } = apps();
    const repo = ImageRepository.fromAccount(workload, 'Shop', {
      account: TOOLING.account, repositoryName: 'shop/web', encryptionKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    new WorkerService(workload, 'Worker', { cluster, image: repo.imageByTag('v1.0.0') });
    expect(mainContainer(workload, 'WorkerTaskDefinition').Image).toEqual({ 'Fn::Join': ['', ['111111111111.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/shop/web:v1.0.0']] });
    expect(executionStatements(workload)).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: PULL, Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/shop/web' },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    ]));
    expect(nagFindings(workload.node.root as App)).toEqual([]);
  });

  test('a release pulls from another account by reference too, by digest', () => {
    const { workload, cluster } = apps();
    const repo = ImageRepository.fromAccount(workload, 'Shop', { account: TOOLING.account, repositoryName: 'shop/web' });
    const release = new ImageRelease(workload, 'ImageDigest', { repository: repo, byDigest: true });
    new WorkerService(workload, 'Worker', { cluster, image: release.image });
    expect(JSON.stringify(mainContainer(workload, 'WorkerTaskDefinition').Image)).toContain('"111111111111.dkr.ecr.us-east-1.",{"Ref":"AWS::URLSuffix"},"/shop/web@",{"Ref":"ImageDigest"}');
  });

  test('the repository of this app, used from another account that it admits: grants on the workload\'s side only, the repository unchanged', () => {
    const build = (withWorkload: boolean) => {
      const { tooling, workload, cluster } = apps();
      const key = new kms.Key(tooling, 'Key', { enableKeyRotation: true });
      const repo = new ImageRepository(tooling, 'Repo', { repositoryName: 'shop/web', pullAccounts: [PROD.account], encryptionKey: key });
      if (withWorkload) new WorkerService(workload, 'Worker', { cluster, image: repo.imageByTag('v1') });
      return { tooling, workload };
    };
    const { tooling, workload } = build(true);
    expect(Template.fromStack(tooling).toJSON()).toEqual(Template.fromStack(build(false).tooling).toJSON());
    expect(executionStatements(workload)).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: PULL, Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/shop/web' },
      // The key's id is generated in the tooling account: decrypt on that account's keys, the key's policy naming this account for it.
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111111111111:key/*' },
    ]));
    expect(nagFindings(workload.node.root as App)).toEqual([]);
  });

  test('an organization admits any account of this app (membership cannot be read at synth)', () => {
    const { tooling, workload, cluster } = apps();
    const repo = new ImageRepository(tooling, 'Repo', { repositoryName: 'shop/web', pullOrganization: ORG });
    new WorkerService(workload, 'Worker', { cluster, image: repo.imageByTag('v1') });
    expect(executionStatements(workload)).toEqual(expect.arrayContaining([{ Effect: 'Allow', Action: PULL, Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/shop/web' }]));
  });

  test('refuses a pull from an account the repository does not admit', () => {
    const { tooling, workload, cluster } = apps();
    const repo = new ImageRepository(tooling, 'Repo', { repositoryName: 'shop/web', pullAccounts: ['333333333333'] });
    expect(() => new WorkerService(workload, 'Worker', { cluster, image: repo.imageByTag('v1') })).toThrow(
      'Workload/Worker/TaskDefinition/app: image "Tooling/Repo" is in account 111111111111, whose repository policy does not let account 222222222222 pull. ' +
      'Allowed: add "222222222222" to pullAccounts of Tooling/Repo (now: account 333333333333), or give its pullOrganization.');
  });

  test('refuses a pull from another account of a repository whose name CloudFormation generates', () => {
    const { tooling, workload, cluster } = apps();
    const repo = new ImageRepository(tooling, 'Repo', { pullAccounts: [PROD.account] });
    expect(() => new WorkerService(workload, 'Worker', { cluster, image: repo.imageByTag('v1') })).toThrow(
      /Workload\/Worker\/TaskDefinition\/app: image "Tooling\/Repo" is in account 111111111111 and has no repositoryName, so this stack cannot name it\. Allowed: a repositoryName on Tooling\/Repo/);
  });

  test('warns about a pull from another region, and names replication', () => {
    const { tooling, workload, cluster } = apps({ account: TOOLING.account, region: 'eu-west-1' });
    const repo = new ImageRepository(tooling, 'Repo', { repositoryName: 'shop/web' });
    new WorkerService(workload, 'Worker', { cluster, image: repo.imageByTag('v1') });
    Annotations.fromStack(workload).hasWarning('/Workload/Worker/TaskDefinition/app',
      Match.stringLikeRegexp('pulled from Tooling/Repo in us-east-1, and the task runs in eu-west-1.*Replicate the repository'));
    expect(mainContainer(workload, 'WorkerTaskDefinition').Image).toEqual({ 'Fn::Join': ['', ['111111111111.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/shop/web:v1']] });
  });

  test('a pull in the repository\'s own account and region is what it was: no warning, aws-cdk-lib\'s grant', () => {
    const app = testApp();
    const stack = new Stack(app, 'Same', { env: TOOLING });
    const repo = new ImageRepository(stack, 'Repo', { repositoryName: 'shop/web', pullOrganization: ORG });
    new WorkerService(stack, 'Worker', { cluster: new PlatformCluster(stack, 'Cluster'), image: repo.imageByTag('v1') });
    expect(executionStatements(stack)).toEqual(expect.arrayContaining([{ Effect: 'Allow', Action: PULL, Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Repo/), 'Arn'] } }]));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('region'));
  });

  test.each([
    ['an organization id that is not one', { pullOrganization: 'my-org' }, /Tooling\/Repo: pullOrganization "my-org" is not an AWS Organizations organization id\. Allowed: "o-" and 10 to 32/],
    ['an account id of 11 digits', { pullAccounts: ['12345678901'] }, 'Tooling/Repo: pullAccounts[0] "12345678901" is not an AWS account id. Allowed: a 12-digit account id.'],
  ])('rejects %s', (_title, props, message) => {
    const { tooling } = apps();
    expect(() => new ImageRepository(tooling, 'Repo', props)).toThrow(message);
  });

  test.each([
    ['an account that is not 12 digits', { account: '1111', repositoryName: 'shop/web' }, 'Workload/Shop: account "1111" is not an AWS account id'],
    ['a repository name ECR refuses', { account: TOOLING.account, repositoryName: 'Shop/Web' }, 'Workload/Shop: repositoryName "Shop/Web" is not a valid ECR repository name'],
    ['a key of another region', { account: TOOLING.account, repositoryName: 'shop/web', encryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/abcd' },
      /Workload\/Shop: encryptionKeyArn "arn:aws:kms:eu-west-1:111111111111:key\/abcd" is not a key of the repository's account 111111111111 and region us-east-1/],
    ['a key ARN that is not one', { account: TOOLING.account, repositoryName: 'shop/web', encryptionKeyArn: 'alias/shop' },
      'Workload/Shop: encryptionKeyArn "alias/shop" is not a KMS key ARN. Allowed: arn:<partition>:kms:<region>:<account>:key/<key id>.'],
  ])('fromAccount rejects %s', (_title, attributes, message) => {
    const { workload } = apps();
    expect(() => ImageRepository.fromAccount(workload, 'Shop', attributes)).toThrow(message);
  });

  test('the repository policy check still refuses "*" without the organization condition', () => {
    const { tooling } = apps();
    const repo = new ImageRepository(tooling, 'Repo');
    expect(() => repo.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: PULL, conditions: { StringEquals: { 'aws:PrincipalOrgID': '*' } } })))
      .toThrow(/allows everyone \("\*"\) to use the repository/);
  });
});
