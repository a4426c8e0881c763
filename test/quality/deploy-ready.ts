/**
 * Deploy-readiness checks on a synthesized template: classes of problem that only a real deploy (or
 * a later update) would show, read from the template alone.
 *
 * 1. A resource that uses a role while CloudFormation creates or deletes it (an ECS service's
 *    infrastructure role, a custom resource's handler and whatever it drives, a state machine, a
 *    Lambda function, a CodeBuild project) depends on every policy of that role: IAM policies are
 *    separate resources, and without the dependency the first use can hit AccessDenied (and the
 *    policy can be deleted before the resource has drained).
 * 2. No SSM-typed parameter feeds an EC2 instance or launch template: CloudFormation resolves such a
 *    parameter again at every update, and a newer value (a new AMI) replaces the instance.
 * 3. No absolute local path: a template must be the same on every machine.
 * 4. Strings within the lengths the AWS APIs accept.
 */
import * as os from 'os';
import * as path from 'path';

type Json = unknown;
interface Resource { Type: string; Properties?: Record<string, Json>; DependsOn?: string | string[]; Metadata?: Json }
export interface CfnTemplate { Resources?: Record<string, Resource>; Parameters?: Record<string, { Type: string; Default?: Json }> }

/** Resource types that act with a role while they are created, updated or deleted. */
const ROLE_USERS = /^(AWS::ECS::Service|AWS::StepFunctions::StateMachine|AWS::Lambda::Function|AWS::CodeBuild::Project|AWS::CloudFormation::CustomResource|Custom::.+)$/;
/** Resource types through which a use reaches a role: a function (a custom resource's handler), a build, a state machine. */
const ROLE_CARRIERS = new Set(['AWS::Lambda::Function', 'AWS::CodeBuild::Project', 'AWS::StepFunctions::StateMachine']);

/**
 * The longest value each API takes, by resource type and property path (`[]` for every item of a list).
 * Sources: the CloudFormation resource reference and each service's API reference (CreateSecurityGroup,
 * AuthorizeSecurityGroupIngress, CreateProject, CreateFunction, PutRule, CreateSchedule, CreateRole,
 * CreateStateMachine, CreateLogGroup, CreateService, CreateTargetGroup, CreateLoadBalancer, CreateRepository,
 * CreateTopic, CreateQueue, and the CloudFormation template limits for outputs and parameters).
 */
export const LENGTH_LIMITS: Record<string, Record<string, number>> = {
  'AWS::EC2::SecurityGroup': { 'GroupDescription': 255, 'SecurityGroupIngress[].Description': 255, 'SecurityGroupEgress[].Description': 255 },
  'AWS::EC2::SecurityGroupIngress': { Description: 255 },
  'AWS::EC2::SecurityGroupEgress': { Description: 255 },
  'AWS::CodeBuild::Project': { Description: 255, Name: 255 },
  'AWS::Lambda::Function': { Description: 256, FunctionName: 64 },
  'AWS::Events::Rule': { Description: 512, Name: 64 },
  'AWS::Scheduler::Schedule': { Description: 512, Name: 64 },
  'AWS::IAM::Role': { Description: 1000, RoleName: 64 },
  'AWS::IAM::Policy': { PolicyName: 128 },
  'AWS::StepFunctions::StateMachine': { StateMachineName: 80 },
  'AWS::Logs::LogGroup': { LogGroupName: 512 },
  'AWS::ECS::Service': { ServiceName: 255 },
  'AWS::ECS::Cluster': { ClusterName: 255 },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { Name: 32 },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { Name: 32 },
  'AWS::ECR::Repository': { RepositoryName: 256 },
  'AWS::SNS::Topic': { TopicName: 256 },
  'AWS::SQS::Queue': { QueueName: 80 },
  'AWS::KMS::Key': { Description: 8192 },
  'AWS::CloudWatch::Alarm': { AlarmName: 255, AlarmDescription: 1024 },
  'AWS::ApplicationAutoScaling::ScalingPolicy': { PolicyName: 256 },
};

/** Every deploy-readiness problem of one template, as sentences naming the logical IDs. */
export function deployReadyProblems(name: string, template: CfnTemplate): string[] {
  return [
    ...rolePolicyOrder(name, template),
    ...ssmParametersOnInstances(name, template),
    ...localPaths(name, template),
    ...lengths(name, template),
  ];
}

function rolePolicyOrder(name: string, template: CfnTemplate): string[] {
  const resources = template.Resources ?? {};
  const policiesOf = new Map<string, string[]>();
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    for (const role of refs(r.Properties?.Roles)) policiesOf.set(role, [...policiesOf.get(role) ?? [], id]);
  }
  const problems: string[] = [];
  for (const [id, r] of Object.entries(resources)) {
    if (!ROLE_USERS.test(r.Type)) continue;
    const after = reachable(resources, id);
    for (const role of rolesUsedBy(resources, id)) {
      for (const policy of policiesOf.get(role) ?? []) {
        // A policy that names the resource itself can only come after it.
        if (after.has(policy) || reachable(resources, policy).has(id)) continue;
        problems.push(`${name}: ${id} (${r.Type}) uses role ${role} but does not depend on its policy ${policy}`);
      }
    }
  }
  return problems;
}

/** The roles a resource acts with: referenced from its properties, directly or through a function, build or state machine. */
function rolesUsedBy(resources: Record<string, Resource>, id: string): Set<string> {
  const roles = new Set<string>();
  const seen = new Set<string>([id]);
  const queue = [...refs(resources[id].Properties)];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next) || !resources[next]) continue;
    seen.add(next);
    const type = resources[next].Type;
    if (type === 'AWS::IAM::Role') roles.add(next);
    else if (ROLE_CARRIERS.has(type)) queue.push(...refs(resources[next].Properties));
  }
  return roles;
}

/** The resources `id` is created after: its DependsOn and references, transitively. */
function reachable(resources: Record<string, Resource>, id: string): Set<string> {
  const seen = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    const r = resources[queue.shift()!];
    if (!r) continue;
    const deps = [...refs(r.Properties), ...(Array.isArray(r.DependsOn) ? r.DependsOn : r.DependsOn ? [r.DependsOn] : [])];
    for (const dep of deps) if (!seen.has(dep) && resources[dep]) { seen.add(dep); queue.push(dep); }
  }
  return seen;
}

/** Logical IDs named by Ref, Fn::GetAtt and Fn::Sub in a value. */
function refs(value: Json): string[] {
  const found: string[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, Json>;
    if (typeof o.Ref === 'string') found.push(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) found.push(String(o['Fn::GetAtt'][0]));
    if (typeof o['Fn::GetAtt'] === 'string') found.push(o['Fn::GetAtt'].split('.')[0]);
    const sub = o['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
    if (typeof subText === 'string') for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g)) found.push(m[1]);
    Object.values(o).forEach(walk);
  };
  walk(value);
  return found;
}

function ssmParametersOnInstances(name: string, template: CfnTemplate): string[] {
  const ssm = new Set(Object.entries(template.Parameters ?? {}).filter(([, p]) => p.Type.startsWith('AWS::SSM::Parameter::Value<')).map(([id]) => id));
  const problems: string[] = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (r.Type !== 'AWS::EC2::Instance' && r.Type !== 'AWS::EC2::LaunchTemplate') continue;
    for (const ref of refs(r.Properties)) {
      if (ssm.has(ref)) {
        problems.push(`${name}: ${id} (${r.Type}) takes SSM-typed parameter ${ref}, resolved again at every update: a new value replaces the instance`);
      }
    }
  }
  return problems;
}

/**
 * Local paths of this machine (the repository, the home and temporary folders, each with something
 * below it), and absolute paths under the usual home and work folders of any machine. Container
 * definitions are left out: their paths are inside the container.
 */
function localPaths(name: string, template: CfnTemplate): string[] {
  const here = [path.resolve(__dirname, '..', '..'), os.homedir(), os.tmpdir(), process.cwd()].filter(p => p.length > 1).map(p => `${p}/`);
  const anywhere = /(^|[\s"'(=:])(\/(home|Users|root|work|var\/folders|private\/tmp)\/|[A-Za-z]:\\(Users|Windows|temp)\\)/;
  const problems: string[] = [];
  walkStrings(template.Resources ?? {}, (text, where) => {
    if (here.some(p => text.includes(p)) || anywhere.test(text)) problems.push(`${name}: ${where} holds a local path: ${JSON.stringify(text.slice(0, 120))}`);
  }, 'Resources');
  return problems;
}

function lengths(name: string, template: CfnTemplate): string[] {
  const problems: string[] = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    for (const [property, max] of Object.entries(LENGTH_LIMITS[r.Type] ?? {})) {
      for (const value of at(r.Properties ?? {}, property.split('.'))) {
        const length = literalLength(value);
        if (length !== undefined && length > max) problems.push(`${name}: ${id}.${property} is ${length} characters; ${r.Type} allows ${max}`);
      }
    }
  }
  return problems;
}

/** Values at a property path; `Name[]` steps into every item of a list. */
function at(value: Json, steps: string[]): Json[] {
  if (steps.length === 0) return [value];
  if (!value || typeof value !== 'object') return [];
  const [step, ...rest] = steps;
  const list = step.endsWith('[]');
  const child = (value as Record<string, Json>)[list ? step.slice(0, -2) : step];
  if (child === undefined) return [];
  return list ? (Array.isArray(child) ? child.flatMap(item => at(item, rest)) : []) : at(child, rest);
}

/** The length of a string, or the literal parts of an Fn::Join (a lower bound); undefined for other intrinsics. */
function literalLength(value: Json): number | undefined {
  if (typeof value === 'string') return value.length;
  const join = (value as Record<string, Json> | null)?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    return (join[1] as Json[]).filter((p): p is string => typeof p === 'string').join(String(join[0])).length;
  }
  return undefined;
}

function walkStrings(value: Json, visit: (text: string, at: string) => void, where: string): void {
  if (typeof value === 'string') return visit(value, where);
  if (Array.isArray(value)) return value.forEach((v, i) => walkStrings(v, visit, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'ContainerDefinitions') walkStrings(v, visit, `${where}.${k}`);
  }
}
