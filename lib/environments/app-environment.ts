import { Environment, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { clusterIn } from '../cluster/cluster-reference';
import { Network } from '../cluster/network';
import { PlatformCluster } from '../cluster/platform-cluster';
import { ServiceConnectNamespace } from '../cluster/service-connect-namespace';
import { fail } from '../core/errors';
import { shareThroughParameters } from '../core/shared-values';
import { Domain } from '../ingress/domain';
import { Ingress } from '../ingress/ingress';
import { IAppEnvironment, WorkloadOverrides } from '../workloads/workload-environment';
import type { Application } from './application';
import { EnvironmentIngress } from './environment-ingress';
import { checkHost, serveDomainOnHost } from './private/shared-environment';

/** Properties of an {@link AppEnvironment}. */
export interface AppEnvironmentProps {
  /**
   * The account and region of the environment and its services' stacks.
   *
   * @default - environment-agnostic stacks (two Availability Zones), deployed where the CLI points
   */
  readonly env?: Environment;

  /**
   * The VPC.
   *
   * @default Network.lowCost()
   */
  readonly network?: Network;

  /**
   * CloudWatch Container Insights for the cluster. `DISABLED` saves its per-task metrics in an
   * environment that does not need them (a worker then gets no rollback alarm, and says so).
   *
   * @default ecs.ContainerInsights.ENABLED
   */
  readonly containerInsights?: ecs.ContainerInsights;

  /**
   * Configure ECS Exec for the cluster; workloads still opt in one by one.
   *
   * @default false
   */
  readonly executeCommand?: boolean;

  /**
   * How long the environment's own logs (flow logs, ECS Exec) are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the environment's key, log groups and access-log bucket when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The load balancer the environment's web services share.
   *
   * @default EnvironmentIngress.internetFacing(), or the ingress of `sharedWith`
   */
  readonly ingress?: EnvironmentIngress;

  /**
   * Run in the network, and behind the load balancer, of another environment of the same account and
   * region (a staging environment beside development): this environment has its own cluster, Service
   * Connect namespace, key and settings, but no VPC, NAT or load balancer of its own, so it costs what
   * its tasks cost. Its domain gets a certificate on the shared listener and alias records to the shared
   * load balancer, created in this environment's stack. What it gives up: network isolation from the
   * other environment (security groups still admit only what each service allows) and a load balancer
   * of its own (the listener's rule quota and the load balancer's availability are shared).
   *
   * @default - a network and a load balancer of its own
   */
  readonly sharedWith?: AppEnvironment;

  /**
   * The environment's DNS name: its web services get `<service>.<name>` by default, covered by a
   * wildcard certificate and alias record on the ingress.
   *
   * @default - `<environment>.<application domain>` in the application's zone, when the application has a domain
   */
  readonly domain?: Domain;

  /**
   * The Service Connect namespace of the environment's services.
   *
   * @default - an HTTP namespace `<environment>.<application>` (lowercase), created with the environment
   */
  readonly serviceConnect?: ServiceConnectNamespace;

  /**
   * Defaults for every workload of the environment, for what a workload does not set itself
   * (`{ placement: Placement.fargateSpot(), deployment: Deployment.rolling(), desiredCount: 1 }` for
   * staging); a workload's own `overrides` for the environment replace both. A deployment applies to
   * services only.
   *
   * @default - none
   */
  readonly workloadDefaults?: WorkloadOverrides;

  /**
   * The stack's description.
   *
   * @default - `<application> <environment>: network, cluster and load balancer of its services`
   */
  readonly description?: string;
}

/** Properties of a service stack of an environment ({@link AppEnvironment.addServiceStack}). */
export interface ServiceStackProps {
  /**
   * The stack's name.
   *
   * @default `<application>-<environment>-<id>`
   */
  readonly stackName?: string;

  /**
   * The stack's description.
   *
   * @default `<application> <environment>: the <id> service`
   */
  readonly description?: string;

  /**
   * Refuse to delete the stack until this is turned off again.
   *
   * @default false
   */
  readonly terminationProtection?: boolean;
}

/**
 * One environment of an {@link Application}: a stack (`<application>-<environment>`) with what its
 * services share (network, cluster, Service Connect namespace, load balancer and domain, notification
 * topic) and its settings. Each service lives in a stack of its own (`addServiceStack`) and reads what it
 * needs of the environment from Parameter Store by name, so no CloudFormation export ties the stacks:
 * a service deploys, updates and is destroyed alone, and the environment can change what it shares
 * while services run (they read the new value at their next deploy).
 */
export class AppEnvironment extends Stack implements IAppEnvironment {
  /** The application the environment belongs to. */
  public readonly application: Application;
  /** The environment's name (`Staging`). */
  public readonly environmentName: string;
  /** The cluster, with its network. */
  public readonly cluster: PlatformCluster;
  /** The load balancer the environment's web services share, unless `EnvironmentIngress.none()`. */
  public readonly ingress?: Ingress;
  /** The DNS name web services get a host under, when the environment has a domain. */
  public readonly serviceDomainName?: string;
  /** Defaults for every workload of the environment. */
  public readonly workloadDefaults?: WorkloadOverrides;
  /** Where rollback alarms and capacity notifications go. */
  public readonly notificationTopic: sns.ITopic;
  /** The Parameter Store path under which the environment shares values with its services' stacks. */
  public readonly parameterPrefix: string;

  private readonly stackEnv?: Environment;

  constructor(application: Application, id: string, props: AppEnvironmentProps = {}) {
    const appName = application.applicationName;
    super(application, id, {
      env: props.env,
      stackName: `${appName}-${id}`,
      tags: environmentTags(appName, id, 'environment'),
      description: props.description ?? `${appName} ${id}: network, cluster and load balancer of its services (cdk-ecs-platform)`,
    });
    this.application = application;
    this.environmentName = id;
    this.stackEnv = props.env;
    this.workloadDefaults = props.workloadDefaults;
    this.parameterPrefix = `/cdk-ecs-platform/${appName}/${id}`;
    shareThroughParameters(this, this.parameterPrefix);

    const domain = props.domain ?? environmentDomain(application.domain, id);
    const host = props.sharedWith;
    if (host) {
      checkHost(this, host);
      for (const prop of ['network', 'ingress'] as const) {
        if (props[prop] !== undefined) fail(this, prop, 'given', `is the one of ${host.node.path}, with sharedWith`, `no ${prop} with sharedWith`);
      }
    }
    const ingress = props.ingress ?? EnvironmentIngress.internetFacing();
    if (domain && !(host ? host.ingress : ingress.enabled)) {
      fail(this, 'domain', domain.name, 'names the environment\'s load balancer, and it has none', 'an ingress, or no domain');
    }
    this.cluster = new PlatformCluster(this, 'Platform', {
      // A guest's cluster runs in its host's VPC, read from the host's parameters like a service would.
      network: host ? Network.fromVpc(clusterIn(this, host.cluster).vpc) : props.network,
      containerInsights: props.containerInsights,
      executeCommand: props.executeCommand,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      serviceConnect: props.serviceConnect ?? ServiceConnectNamespace.http(`${id}.${appName}`.toLowerCase()),
    });
    // Created now, not on first use, so that what the environment shares does not depend on its services.
    this.notificationTopic = this.cluster.notificationTopic;
    void this.cluster.serviceConnectNamespace;
    if (host) {
      this.ingress = host.ingress;
      if (this.ingress && domain) {
        serveDomainOnHost(this, this.ingress, domain);
        this.serviceDomainName = domain.name;
      }
    } else if (ingress.enabled) {
      this.ingress = new Ingress(this, 'Ingress', {
        cluster: this.cluster,
        internetFacing: ingress.isInternetFacing,
        domain: domain ? Domain.fromHostedZone({ zone: domain.zone, name: `*.${domain.name}`, alternativeNames: [domain.name, ...domain.alternativeNames] }) : undefined,
      });
      this.serviceDomainName = domain?.name;
    }
  }

  /** The names of the application's environments. */
  public get environmentNames(): string[] {
    return this.application.environments.map(e => e.environmentName);
  }

  /**
   * A stack for one service of the environment, `<application>-<environment>-<id>`, in the
   * environment's account and region: it reads the environment by name, so it deploys alone
   * (`cdk deploy <application>-<environment>-<id>`).
   */
  public addServiceStack(id: string, props: ServiceStackProps = {}): Stack {
    const name = `${this.environmentName}-${id}`;
    const stack = new Stack(this.application, name, {
      env: this.stackEnv,
      terminationProtection: props.terminationProtection,
      stackName: props.stackName ?? `${this.application.applicationName}-${name}`,
      tags: environmentTags(this.application.applicationName, this.environmentName, 'service'),
      description: props.description ?? `${this.application.applicationName} ${this.environmentName}: the ${id} service (cdk-ecs-platform)`,
    });
    shareThroughParameters(stack, `${this.parameterPrefix}/${id}`);
    return stack;
  }
}

/**
 * Stack tags that say which application and environment a stack belongs to: CloudFormation puts them on
 * every resource (cost allocation), and `cdk-ecs-platform report` groups stacks by them.
 */
function environmentTags(application: string, environment: string, role: 'environment' | 'service'): { [key: string]: string } {
  return { 'cdk-ecs-platform:application': application, 'cdk-ecs-platform:environment': environment, 'cdk-ecs-platform:stack': role };
}

/** `<environment>.<application domain>`, in the application's zone. */
function environmentDomain(applicationDomain: Domain | undefined, environment: string): Domain | undefined {
  if (!applicationDomain) return undefined;
  return Domain.fromHostedZone({ zone: applicationDomain.zone, name: `${environment.toLowerCase()}.${applicationDomain.name}` });
}
