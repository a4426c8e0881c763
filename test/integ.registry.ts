// Integ test: the registry. Deploys an ImageRepository with the library's defaults and checks through
// the ECR API what a real deploy must show: scan on push and immutable tags.
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account: npx integ-runner --directory test --language typescript --force --tests integ.registry.ts
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ImageRepository } from '../lib';

const app = new App();
const stack = new Stack(app, 'EcsPlatformRegistryInteg');
const repository = new ImageRepository(stack, 'Repository', {
  // Integ tests leave nothing behind; users' repositories are retained by default.
  removalPolicy: RemovalPolicy.DESTROY,
  emptyOnDelete: true,
});

const integ = new IntegTest(app, 'RegistryInteg', { testCases: [stack] });
// One assertion per call: a second assertAtPath on the same call would replace the first.
integ.assertions.awsApiCall('ECR', 'describeRepositories', { repositoryNames: [repository.repository.repositoryName] })
  .assertAtPath('repositories.0.imageScanningConfiguration.scanOnPush', ExpectedResult.exact(true));
integ.assertions.awsApiCall('ECR', 'describeRepositories', { repositoryNames: [repository.repository.repositoryName], registryId: stack.account })
  .assertAtPath('repositories.0.imageTagMutability', ExpectedResult.exact('IMMUTABLE'));
