/**
 * The longest descriptions AWS APIs take, in characters. Descriptions the library writes name construct
 * paths, which have no length limit of their own: a deep path must shorten the text, not fail the deploy.
 */
export const TEXT_LIMITS = {
  /** EC2 security group and security group rule descriptions. */
  securityGroup: 255,
  /** CodeBuild project descriptions. */
  codeBuildProject: 255,
  /** Lambda function descriptions. */
  lambdaFunction: 256,
  /** EventBridge rule and EventBridge Scheduler schedule descriptions. */
  eventBridge: 512,
  /** IAM role descriptions. */
  iamRole: 1000,
  /** SNS message subjects. */
  snsSubject: 100,
} as const;

/** `text`, cut to `max` characters with an ellipsis when it is longer. */
export function fitText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
