import type { Fields } from './manifest-fields';
import type { EnvironmentModel } from './model';

/**
 * An environment manifest (`copilot/environments/<name>/manifest.yml`): an `addEnvironment` with its
 * own stack. https://aws.github.io/copilot-cli/docs/manifest/environment/
 */
export function readEnvironment(m: Fields, directoryName: string): EnvironmentModel {
  const name = m.string('name') ?? directoryName;
  if (!/^[a-z][a-z0-9-]{0,31}$/i.test(name)) m.fail('name', 'an environment name: letters, digits and "-", starting with a letter, at most 32 characters', name);
  if (name !== directoryName) m.fail('name', `the name of the manifest's folder, ${directoryName}`, name);
  m.carry('name', 'addEnvironment(name)');
  const type = m.string('type');
  if (type !== undefined && type !== 'Environment') m.fail('type', '"Environment" in an environment manifest', type);
  m.carry('type', 'an AppEnvironment stack');
  const observability = m.map('observability');
  const containerInsights = observability?.boolean('container_insights') ?? false;
  observability?.carry('container_insights', 'containerInsights');
  observability?.finish();
  if (!observability?.has('container_insights')) {
    m.ledger.list(m.file, 'observability.container_insights', 'not set, so off as in Copilot: the generated environment turns Container Insights off (the library\'s default is on)');
  }
  const network = m.map('network');
  const vpc = network?.map('vpc');
  if (vpc) {
    vpc.listIfPresent('id', 'an imported VPC: pass it as `network: Network.fromVpc(ec2.Vpc.fromVpcAttributes(...))` by hand (the generated environment builds a new one)');
    vpc.listIfPresent('subnets', 'the imported or sized subnets: the library builds its own unless the VPC is imported');
    vpc.listIfPresent('cidr', 'the library\'s VPC takes its own CIDR range; set it on an imported VPC if addresses must not change');
    vpc.listIfPresent('flow_logs', 'VPC flow logs: the library\'s network writes them always');
    vpc.listIfPresent('security_group', 'the environment security group\'s rules: the library opens only what each service calls');
    vpc.finish();
  }
  network?.finish();
  const http = m.map('http');
  if (http) {
    const pub = http.map('public');
    if (pub) {
      pub.listIfPresent('certificates', 'imported certificates: the library requests a DNS-validated certificate for the application\'s domain (run the importer with --domain); to keep these, serve them on the environment\'s listener by hand');
      pub.listIfPresent('access_logs', 'the library\'s load balancers always write access logs, to a bucket of their own');
      pub.listIfPresent('ingress', 'restricting the load balancer to CloudFront or source IPs: not imported');
      pub.listIfPresent('ssl_policy', 'the library\'s listeners use ELBSecurityPolicy-TLS13-1-2-PQ-2025-09');
      pub.listIfPresent('security_groups', 'not imported');
      pub.finish();
    }
    http.listIfPresent('private', 'the internal load balancer\'s settings: a Backend Service with `http` gets its own internal load balancer');
    http.carry('public', 'the environment\'s internet-facing load balancer (EnvironmentIngress.internetFacing())');
    http.finish();
  }
  m.listIfPresent('cdn', 'a CloudFront distribution: outside this library; keep the Copilot environment\'s or build one with aws-cdk-lib');
  m.listIfPresent('additionalAssumeRolePermissions', 'Copilot\'s environment manager role: the CDK app deploys with CDK\'s bootstrap roles');
  m.finish();
  return { name, file: m.file, containerInsights };
}
