import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/**
 * What a {@link NetworkService}'s load balancer listens on: TCP, TLS (terminated at the load
 * balancer, TCP to the tasks) or UDP, on one port.
 */
export class NetworkPort {
  /** TCP, passed through to the tasks. */
  public static tcp(port: number): NetworkPort {
    return new NetworkPort(elbv2.Protocol.TCP, port);
  }

  /**
   * TLS terminated at the load balancer with a certificate of the stack's region (TLS 1.2+ policy);
   * the tasks receive plain TCP. The only protocol Network Load Balancer access logs record.
   */
  public static tls(port: number, certificate: acm.ICertificate): NetworkPort {
    return new NetworkPort(elbv2.Protocol.TLS, port, certificate);
  }

  /**
   * UDP. The load balancer checks the tasks' health over TCP (or HTTP), so the container must also
   * answer on `healthCheckPort` (TCP); clients' IP addresses always reach the tasks.
   */
  public static udp(port: number): NetworkPort {
    return new NetworkPort(elbv2.Protocol.UDP, port);
  }

  /** The listener's protocol. */
  public readonly protocol: elbv2.Protocol;
  /** The listener's port. */
  public readonly port: number;
  /** The certificate of a TLS listener. */
  public readonly certificate?: acm.ICertificate;

  private constructor(protocol: elbv2.Protocol, port: number, certificate?: acm.ICertificate) {
    this.protocol = protocol;
    this.port = port;
    this.certificate = certificate;
  }

  /** The protocol between the load balancer and the tasks: TLS ends at the load balancer. */
  public get targetProtocol(): elbv2.Protocol {
    return this.protocol === elbv2.Protocol.TLS ? elbv2.Protocol.TCP : this.protocol;
  }
}
