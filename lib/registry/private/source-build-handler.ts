/**
 * The custom resource handlers of a SourceImage, as inline Lambda code (no bundling at synth): start
 * the CodeBuild build on create and update, then report completion once the build ends.
 */
export const ON_EVENT = `
const { CodeBuildClient, StartBuildCommand } = require('@aws-sdk/client-codebuild');
const client = new CodeBuildClient({});
exports.handler = async (event) => {
  const physicalId = event.ResourceProperties.Tag;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const build = await client.send(new StartBuildCommand({ projectName: event.ResourceProperties.ProjectName }));
  return { PhysicalResourceId: physicalId, Data: { BuildId: build.build.id } };
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
