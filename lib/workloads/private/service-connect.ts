import { CfnResource, Names, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { IConstruct } from 'constructs';
import { ClusterContext, originOf } from '../../cluster/cluster-reference';
import { dropRedundantDependsOn } from '../../core/dependencies';
import { checkIntegerRange, fail, PlatformValidationError } from '../../core/errors';
import { readsShared, sharedValue } from '../../core/shared-values';
import { fitText, TEXT_LIMITS } from '../../core/text';
import type { ICallableService, ServiceConnectEndpoint, ServicePort } from '../service-port';

/**
 * What the Service Connect proxy is counted for in a task: AWS recommends adding 256 CPU units and at
 * least 64 MiB of memory to the task for it (Amazon ECS Developer Guide, "Service Connect proxy"). The
 * proxy is not in the task definition: it gets what the containers' limits leave of the task's.
 */
export const SERVICE_CONNECT_PROXY = { cpu: 256, memoryMiB: 64 };

/** The port a task listens on, resolved from a `ServicePort` or a web service's container port. */
export interface TaskPort {
  readonly port: number;
  readonly protocol: string;
  /** The port mapping's name; the Service Connect endpoint name when published. */
  readonly name?: string;
  readonly serviceConnect: boolean;
  /** The `ServicePort` it came from (a web service's container port has none). */
  readonly source?: ServicePort;
}

/** Port mapping names, Cloud Map discovery names and client alias names alike: one DNS label. */
const PORT_NAME = /^[a-z0-9_][a-z0-9_-]{0,63}$/;
/** The app protocol Service Connect is told for a port's protocol (read when used, so importing reads no aws-ecs). */
function appProtocol(protocol: string): ecs.AppProtocol | undefined {
  switch (protocol) {
    case 'http': return ecs.AppProtocol.http;
    case 'http2': return ecs.AppProtocol.http2;
    case 'grpc': return ecs.AppProtocol.grpc;
    default: return undefined;
  }
}
/** Endpoint names taken in each namespace: Cloud Map wants discovery names unique in a namespace. */
const TAKEN = new WeakMap<servicediscovery.INamespace, Map<string, string>>();

/** Validates a `ServicePort` (or a web service's published container port) and resolves its name. */
export function resolveTaskPort(scope: IConstruct, prop: string, port: ServicePort | undefined,
  web?: { port: number; name?: string }): TaskPort | undefined {
  if (web) {
    if (web.name !== undefined) checkPortName(scope, 'serviceConnectName', web.name);
    return { port: web.port, protocol: 'http', name: web.name, serviceConnect: web.name !== undefined };
  }
  if (!port) return undefined;
  checkIntegerRange(scope, `${prop}.port`, port.port, 1, 65535);
  const name = port.name ?? scope.node.id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 64);
  checkPortName(scope, `${prop}.name`, name);
  if (port.protocol === 'udp' && port.serviceConnect) {
    fail(scope, `${prop}.serviceConnect`, true, 'cannot publish a UDP port: the Service Connect proxy carries TCP only',
      'serviceConnect: false (the default for UDP) with reachableFrom Reachable.vpc() or Reachable.services([...])');
  }
  if (!port.serviceConnect && port.reachableFrom.kind === 'callers') {
    fail(scope, `${prop}.reachableFrom`, 'Reachable.callers()', `admits only services that call this one through Service Connect, and the ${port.protocol} port is not published, so nothing could connect`,
      'Reachable.vpc() or Reachable.services([...]), or a TCP-based port published through Service Connect');
  }
  if (port.reachableFrom.kind === 'services' && port.reachableFrom.peers.length === 0) {
    fail(scope, `${prop}.reachableFrom`, 'Reachable.services([])', 'names no service', 'one or more services, Reachable.vpc(), or Reachable.callers()');
  }
  return { port: port.port, protocol: port.protocol, name, serviceConnect: port.serviceConnect, source: port };
}

/** The port mapping of the main container. */
export function portMapping(port: TaskPort): ecs.PortMapping {
  return {
    containerPort: port.port,
    protocol: port.protocol === 'udp' ? ecs.Protocol.UDP : ecs.Protocol.TCP,
    name: port.name,
    appProtocol: port.serviceConnect ? appProtocol(port.protocol) : undefined,
  };
}

/** True when the task runs a Service Connect proxy: it publishes a port through it, or calls a service. */
export function usesServiceConnect(port: TaskPort | undefined, calls: ICallableService[] | undefined): boolean {
  return (port?.serviceConnect ?? false) || (calls ?? []).length > 0;
}

/**
 * Validates `calls` before anything is built: every callee publishes a port through Service Connect,
 * in this cluster's namespace, once each.
 */
export function validateCalls(scope: IConstruct, cluster: ClusterContext, calls: ICallableService[] | undefined): void {
  (calls ?? []).forEach((callee, i) => {
    const endpoint = callee.serviceConnectEndpoint;
    if (!endpoint) {
      fail(scope, `calls[${i}]`, callee.node.path, 'publishes no port through Service Connect, so there is nothing to call',
        'a WorkerService with a TCP-based port (ServicePort.http(8080), ...) or a WebService with serviceConnectName');
    }
    if ((calls ?? []).indexOf(callee) !== i) fail(scope, `calls[${i}]`, callee.node.path, 'is named twice', 'each service once');
    if (endpoint.namespace !== originOf(cluster).serviceConnectNamespace) {
      fail(scope, `calls[${i}]`, callee.node.path, `is registered in another Service Connect namespace than ${cluster.node.path}'s, and a task resolves names of its own namespace only`,
        'services of this cluster, or clusters sharing one namespace (ServiceConnectNamespace.fromNamespace)');
    }
  });
}

/**
 * Turns on Service Connect for a service: publishes its port (client-server) or only joins the
 * namespace (client), sends the proxy's logs to the workload's log group, opens each callee's security
 * group to this service on the callee's port (the rule lives in this service's stack, which already
 * depends on the callee's), and has CloudFormation create this service after its callees: a task
 * resolves only endpoints that existed when it started. Returns the endpoint it publishes.
 */
export function connectService(scope: IConstruct, cluster: ClusterContext, service: ecs.BaseService, logGroup: logs.ILogGroup,
  port: TaskPort | undefined, calls: ICallableService[] | undefined): ServiceConnectEndpoint | undefined {
  let endpoint: ServiceConnectEndpoint | undefined;
  if (port) allowReachable(scope, cluster, service, port);
  if (!usesServiceConnect(port, calls)) return undefined;
  const namespace = cluster.serviceConnectNamespace;
  const name = port?.serviceConnect ? port.name : undefined;
  if (port && name) {
    // The cluster's own namespace, not its view in this stack: callers of other stacks compare and reserve names in it.
    const registeredIn = originOf(cluster).serviceConnectNamespace;
    reserveName(scope, registeredIn, name);
    endpoint = { dnsName: name, port: port.port, address: `${name}:${port.port}`, protocol: port.protocol, namespace: registeredIn };
  }
  // Referenced by the service: the DependsOn that the cluster dependency would add is redundant (W3005).
  const cfnNamespace = namespace.node.defaultChild;
  if (cfnNamespace instanceof CfnResource) dropRedundantDependsOn(service.node.defaultChild as CfnResource, cfnNamespace);
  service.enableServiceConnect({
    namespace: namespace.namespaceArn,
    services: endpoint ? [{ portMappingName: endpoint.dnsName, dnsName: endpoint.dnsName, port: endpoint.port }] : undefined,
    // The proxy's logs go where the task's containers log: the workload's group (retained, KMS).
    logDriver: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'service-connect' }),
  });
  for (const callee of calls ?? []) {
    const target = callee.serviceConnectEndpoint!;
    const shared = readsShared(scope, callee);
    callee.connections.securityGroups.forEach((calleeGroup, i) => service.connections.securityGroups.forEach((group, j) => {
      // Not connections.allowTo: the rule is written here, in the caller's stack, which depends on the callee's anyway
      // (or reads the callee's group by name, when the callee's stack shares its values).
      new ec2.CfnSecurityGroupIngress(scope, `Calls${Names.uniqueId(callee)}${i + j > 0 ? `${i}x${j}` : ''}`, {
        groupId: shared ? sharedValue(scope, callee, `SecurityGroupId${i || ''}`, calleeGroup.securityGroupId) : calleeGroup.securityGroupId,
        sourceSecurityGroupId: group.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: target.port,
        toPort: target.port,
        description: fitText(`${scope.node.path} calls ${target.address} through Service Connect`, TEXT_LIMITS.securityGroup),
      });
    }));
    // A callee of a sharing stack is deployed on its own: no stack dependency (README says to deploy callees first).
    if (!shared) (service.node.defaultChild as CfnResource).node.addDependency(callee.service.node.defaultChild as CfnResource);
  }
  return endpoint;
}

/** Opens the port to what `reachableFrom` names (callers are opened by each caller). */
function allowReachable(scope: IConstruct, cluster: ClusterContext, service: ecs.BaseService, port: TaskPort): void {
  const reachable = port.source?.reachableFrom;
  if (!reachable) return;
  const ecsPort = port.protocol === 'udp' ? ec2.Port.udp(port.port) : ec2.Port.tcp(port.port);
  if (reachable.kind === 'vpc') {
    let cidr: string;
    try {
      cidr = cluster.vpcCidrBlock;
    } catch {
      fail(scope, 'port.reachableFrom', 'Reachable.vpc()', `needs the VPC's CIDR block, and the imported VPC of ${cluster.node.path} does not supply one`,
        'an imported VPC with vpcCidrBlock (ec2.Vpc.fromVpcAttributes or ec2.Vpc.fromLookup), or Reachable.services([...])');
    }
    service.connections.allowFrom(ec2.Peer.ipv4(cidr), ecsPort, `Port ${port.name} from the VPC`);
  }
  reachable.peers.forEach(peer => {
    try {
      void peer.connections;
    } catch (error) {
      // A bridge-mode service refuses to hand out connections: say so about this port, not about the peer.
      if (!(error instanceof PlatformValidationError)) throw error;
      fail(scope, 'port.reachableFrom', `Reachable.services([${peerName(peer)}, ...])`,
        `names ${peerName(peer)}, whose tasks use bridge networking and so have no security group of their own to admit`,
        'services with TaskNetworking.awsvpc() (the default), or the bridge pool\'s securityGroup to admit every task of that pool');
    }
    service.connections.allowFrom(peer, ecsPort, `Port ${port.name} from ${peerName(peer)}`);
  });
}

function reserveName(scope: IConstruct, namespace: servicediscovery.INamespace, name: string): void {
  const taken = TAKEN.get(namespace) ?? new Map<string, string>();
  TAKEN.set(namespace, taken);
  const owner = taken.get(name);
  if (owner !== undefined && owner !== scope.node.path) {
    fail(scope, 'Service Connect name', name, `is already the endpoint of ${owner} in the namespace`, 'a name unique in the namespace (port.name, or serviceConnectName)');
  }
  taken.set(name, scope.node.path);
}

function checkPortName(scope: IConstruct, prop: string, name: string): void {
  if (!Token.isUnresolved(name) && !PORT_NAME.test(name)) {
    fail(scope, prop, name, 'is not a Service Connect name', '1 to 64 lowercase letters, digits, "_" and "-", not starting with "-"');
  }
}

function peerName(peer: ec2.IConnectable): string {
  return (peer as Partial<IConstruct>).node?.path ?? 'a named peer';
}
