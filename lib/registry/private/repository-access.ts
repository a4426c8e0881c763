import { Annotations, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';

/** The actions another account needs to pull an image (ecr:GetAuthorizationToken is granted in its own account). */
export const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** AWS Organizations' organization id: `o-` and 10 to 32 lowercase letters or digits. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;

/** The id of the warning for a KMS key whose policy the library cannot change. */
export const KEY_POLICY_WARNING = 'cdk-ecs-platform:keyPolicyNotChanged';

/** Who may pull from a repository or a registry's cached repositories: named accounts and an organization. */
export interface Pullers {
  readonly accounts: string[];
  readonly organization?: string;
}

/** Checks `pullAccounts` and `pullOrganization`, and returns them. */
export function checkPullers(scope: IConstruct, accounts: string[] | undefined, organization: string | undefined): Pullers {
  (accounts ?? []).forEach((account, i) => {
    if (!Token.isUnresolved(account) && !ACCOUNT_ID.test(account)) {
      fail(scope, `pullAccounts[${i}]`, account, 'is not an AWS account id', 'a 12-digit account id');
    }
  });
  if (organization !== undefined && !Token.isUnresolved(organization) && !ORGANIZATION_ID.test(organization)) {
    fail(scope, 'pullOrganization', organization, 'is not an AWS Organizations organization id', '"o-" and 10 to 32 lowercase letters or digits (aws organizations describe-organization)');
  }
  return { accounts: accounts ?? [], organization };
}

/** An account id attribute (`account` of `fromAccount`). */
export function checkAccount(scope: IConstruct, prop: string, account: string): void {
  if (!Token.isUnresolved(account) && !ACCOUNT_ID.test(account)) fail(scope, prop, account, 'is not an AWS account id', 'a 12-digit account id');
}

/** Whether the pullers admit an account: an account of the organization cannot be told at synth, so it is admitted. */
export function admits(pullers: Pullers, account: string): boolean {
  return pullers.organization !== undefined || pullers.accounts.includes(account);
}

/** The principals of the pullers: accounts by id, the organization as anyone whose `aws:PrincipalOrgID` is it. */
export function pullerPrincipals(pullers: Pullers): iam.IPrincipal[] {
  return [
    ...pullers.accounts.map(account => new iam.AccountPrincipal(account)),
    ...pullers.organization !== undefined ? [new iam.OrganizationPrincipal(pullers.organization)] : [],
  ];
}

/** A statement for the pullers: one per principal kind, since an organization's carries a condition. */
export function pullerStatements(sid: string, pullers: Pullers, actions: string[], resources?: string[]): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  if (pullers.accounts.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: `${sid}Accounts`, actions, resources, principals: pullers.accounts.map(account => new iam.AccountPrincipal(account)),
    }));
  }
  if (pullers.organization !== undefined) {
    statements.push(new iam.PolicyStatement({ sid: `${sid}Organization`, actions, resources, principals: [new iam.OrganizationPrincipal(pullers.organization)] }));
  }
  return statements;
}

/**
 * Lets the pullers decrypt what a KMS key encrypts: a statement in the key's policy. An imported key's
 * policy cannot be changed from here: a warning names the statement it needs.
 */
export function grantKeyToPullers(scope: IConstruct, key: kms.IKey, pullers: Pullers): void {
  if (pullers.accounts.length === 0 && pullers.organization === undefined) return;
  const added = pullerStatements('ImagePullDecrypt', pullers, ['kms:Decrypt'], ['*']).map(statement => key.addToResourcePolicy(statement).statementAdded);
  if (added.some(a => !a)) {
    Annotations.of(scope).addWarningV2(KEY_POLICY_WARNING,
      `the policy of KMS key ${key.keyArn} is not managed by this app, so it was not changed: let ${describePullers(pullers)} use kms:Decrypt ` +
      'in it, or their pulls of these images may fail.');
  }
}

/** Pullers in a message: `accounts 111122223333, 444455556666 and the organization o-...`. */
export function describePullers(pullers: Pullers): string {
  const parts = [
    ...pullers.accounts.length > 0 ? [`account${pullers.accounts.length > 1 ? 's' : ''} ${pullers.accounts.join(', ')}`] : [],
    ...pullers.organization !== undefined ? [`the organization ${pullers.organization}`] : [],
  ];
  return parts.length > 0 ? parts.join(' and ') : 'no other account';
}

/**
 * True for an Allow statement that names everyone (`*`) as principal, unless a condition limits it to one
 * organization (`aws:PrincipalOrgID` equal to an organization id).
 */
export function grantsToEveryone(statement: Record<string, unknown>): boolean {
  const principal = statement.Principal;
  const everyone = principal === '*' || (principal !== null && typeof principal === 'object' &&
    Object.values(principal as Record<string, unknown>).some(v => v === '*' || (Array.isArray(v) && v.includes('*'))));
  return everyone && !limitedToOrganization(statement);
}

function limitedToOrganization(statement: Record<string, unknown>): boolean {
  const equals = (statement.Condition as Record<string, Record<string, unknown>> | undefined)?.StringEquals;
  const org = equals?.['aws:PrincipalOrgID'];
  const values = ([] as unknown[]).concat(org ?? []);
  return values.length > 0 && values.every(v => typeof v === 'string' && ORGANIZATION_ID.test(v));
}

/** cdk-nag's ECR1 flags any `*` principal: acknowledged where the statement is limited to the organization. */
export function acknowledgeOrganizationPull(scope: IConstruct, organization: string | undefined, what: string): void {
  if (organization === undefined) return;
  Validations.of(scope).acknowledge({
    id: 'AwsSolutions-ECR1',
    reason: `The only "*" principal is limited to the AWS Organization ${organization} by aws:PrincipalOrgID: ${what}`,
  });
}

/** A key of the repository's own account and region: ECR encrypts with a key of its region. */
export function checkKeyArn(scope: IConstruct, keyArn: string | undefined, account: string, region: string): void {
  if (keyArn === undefined || Token.isUnresolved(keyArn)) return;
  const match = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/.exec(keyArn);
  if (!match) fail(scope, 'encryptionKeyArn', keyArn, 'is not a KMS key ARN', 'arn:<partition>:kms:<region>:<account>:key/<key id>');
  if ((!Token.isUnresolved(region) && match[1] !== region) || (!Token.isUnresolved(account) && match[2] !== account)) {
    fail(scope, 'encryptionKeyArn', keyArn, `is not a key of the repository's account ${account} and region ${region}`,
      'the ARN of the key the repository was created with (aws ecr describe-repositories --repository-names <name> --query "repositories[0].encryptionConfiguration")');
  }
}
