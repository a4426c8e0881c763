/**
 * The custom resource handlers of a SourceImage, as inline Lambda code (no bundling at synth): start
 * the build of the stack's shared CodeBuild project with this image's source, repository, tag and
 * environment on create and update, then report completion once the build ends. Delete touches nothing.
 */
export const ON_EVENT = `
const { CodeBuildClient, StartBuildCommand } = require('@aws-sdk/client-codebuild');
const client = new CodeBuildClient({});
exports.handler = async (event) => {
  const p = event.ResourceProperties;
  // Images are data: a deleted or replaced resource leaves the image to the repository's lifecycle rules.
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const build = await client.send(new StartBuildCommand({
    projectName: p.ProjectName,
    sourceTypeOverride: 'S3',
    sourceLocationOverride: p.SourceLocation,
    environmentTypeOverride: p.EnvironmentType,
    imageOverride: p.BuildImage,
    privilegedModeOverride: true,
    timeoutInMinutesOverride: Number(p.TimeoutMinutes),
    ...(p.QueuedTimeoutMinutes ? { queuedTimeoutInMinutesOverride: Number(p.QueuedTimeoutMinutes) } : {}),
    environmentVariablesOverride: Object.entries(p.Variables).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' })),
  }));
  return { PhysicalResourceId: p.Variables.REPOSITORY_URI + ':' + p.Variables.TAG, Data: { BuildId: build.build.id } };
};
`;

export const IS_COMPLETE = `
const { CodeBuildClient, BatchGetBuildsCommand } = require('@aws-sdk/client-codebuild');
const client = new CodeBuildClient({});
exports.handler = async (event) => {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const id = event.Data.BuildId;
  const { builds } = await client.send(new BatchGetBuildsCommand({ ids: [id] }));
  const status = builds[0].buildStatus;
  if (status === 'SUCCEEDED') return { IsComplete: true };
  if (status === 'IN_PROGRESS') return { IsComplete: false };
  throw new Error('Image build ' + id + ' ended ' + status + ': see its log in CodeBuild');
};
`;
