import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { IConstruct } from 'constructs';

/** Options of a {@link ServicePort}. */
export interface ServicePortOptions {
  /**
   * The name callers use: the Service Connect endpoint is `<name>:<port>` (for example `api:8080`), and
   * the name of the port mapping. 1 to 64 lowercase letters, digits, `_` and `-`, not starting with
   * `-`; unique in the cluster's namespace.
   *
   * @default - the workload's construct id in lowercase, without other characters (`OrderApi` gives `orderapi`)
   */
  readonly name?: string;

  /**
   * Who may connect, besides the services that name this one in their `calls`, which are always
   * admitted: `Reachable.callers()` (no one else), `Reachable.vpc()` (the VPC's address range) or
   * `Reachable.services([...])` (those services' security groups).
   *
   * @default Reachable.callers()
   */
  readonly reachableFrom?: Reachable;

  /**
   * Publish the port through Service Connect, so services that name this one in `calls` reach it by
   * name. Without it the port is reachable only as `reachableFrom` says, at the tasks' own addresses,
   * and the task runs no Service Connect proxy. UDP ports are never published (the proxy carries TCP).
   *
   * @default true for TCP-based ports, false for UDP
   */
  readonly serviceConnect?: boolean;
}

/**
 * A port the main container listens on, for a service without a load balancer. Published through
 * ECS Service Connect by default (the proxy learns the protocol: `http`, `http2` and `grpc` give
 * request-level metrics and retries), and open only to the services that call it unless
 * `reachableFrom` says more. No security group is written by hand.
 *
 * @example
 * new WorkerService(this, 'Api', { cluster, image, port: ServicePort.http(8080, { name: 'api' }) });
 */
export class ServicePort {
  /** An HTTP/1.1 port. */
  public static http(port: number, options: ServicePortOptions = {}): ServicePort {
    return new ServicePort(port, 'http', options);
  }

  /** An HTTP/2 port. */
  public static http2(port: number, options: ServicePortOptions = {}): ServicePort {
    return new ServicePort(port, 'http2', options);
  }

  /** A gRPC port. */
  public static grpc(port: number, options: ServicePortOptions = {}): ServicePort {
    return new ServicePort(port, 'grpc', options);
  }

  /** A TCP port of any other protocol (a database, a cache, a message broker). */
  public static tcp(port: number, options: ServicePortOptions = {}): ServicePort {
    return new ServicePort(port, 'tcp', options);
  }

  /** A UDP port (statsd, syslog): never published through Service Connect, so `reachableFrom` must name who connects. */
  public static udp(port: number, options: ServicePortOptions = {}): ServicePort {
    return new ServicePort(port, 'udp', options);
  }

  /** The container port. */
  public readonly port: number;
  /** The protocol: `http`, `http2`, `grpc`, `tcp` or `udp`. */
  public readonly protocol: string;
  /** The name given, if any. */
  public readonly name?: string;
  /** Who may connect besides the callers. */
  public readonly reachableFrom: Reachable;
  /** Whether the port is published through Service Connect. */
  public readonly serviceConnect: boolean;

  private constructor(port: number, protocol: string, options: ServicePortOptions) {
    this.port = port;
    this.protocol = protocol;
    this.name = options.name;
    this.reachableFrom = options.reachableFrom ?? Reachable.callers();
    this.serviceConnect = options.serviceConnect ?? protocol !== 'udp';
  }
}

/** Who may connect to a {@link ServicePort}, besides the services that call it through Service Connect. */
export class Reachable {
  /** Only the services that name this one in their `calls`. */
  public static callers(): Reachable {
    return new Reachable('callers', []);
  }

  /**
   * Anything in the VPC's address range (the literal CIDR block for a VPC the library creates; an
   * imported VPC must carry its CIDR block). Never `0.0.0.0/0`: tasks run in private subnets.
   */
  public static vpc(): Reachable {
    return new Reachable('vpc', []);
  }

  /**
   * These services, tasks or other resources (`webService`, `workerService`, `scheduledTask.securityGroup`,
   * a Lambda function in the VPC): their security groups are admitted on the port.
   */
  public static services(peers: ec2.IConnectable[]): Reachable {
    return new Reachable('services', peers);
  }

  /** `callers`, `vpc` or `services`. */
  public readonly kind: string;
  /** The peers of `Reachable.services(...)`. */
  public readonly peers: ec2.IConnectable[];

  private constructor(kind: string, peers: ec2.IConnectable[]) {
    this.kind = kind;
    this.peers = peers;
  }
}

/** Where callers reach a service through Service Connect. */
export interface ServiceConnectEndpoint {
  /** The name callers use (`api`). */
  readonly dnsName: string;
  /** The port callers use: the container port. */
  readonly port: number;
  /** `<dnsName>:<port>`, for example `api:8080`: `http://api:8080` from a caller's code. */
  readonly address: string;
  /** The protocol: `http`, `http2`, `grpc` or `tcp`. */
  readonly protocol: string;
  /** The Cloud Map namespace the endpoint is registered in (the cluster's). */
  readonly namespace: servicediscovery.INamespace;
}

/**
 * A service that other services can call through Service Connect: a `WorkerService` with a `port`,
 * or a `WebService` with `serviceConnectName`. Its security groups are its tasks'.
 */
export interface ICallableService extends IConstruct, ec2.IConnectable {
  /** The ECS service. */
  readonly service: ecs.BaseService;
  /** Where callers reach it; undefined when it publishes no port through Service Connect. */
  readonly serviceConnectEndpoint?: ServiceConnectEndpoint;
}
