import * as route53 from 'aws-cdk-lib/aws-route53';

/** A DNS name in a Route 53 hosted zone, for {@link Domain.fromHostedZone}. */
export interface HostedZoneDomainProps {
  /**
   * The public hosted zone that holds the name, imported without a lookup:
   * `route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId, zoneName })`.
   */
  readonly zone: route53.IHostedZone;

  /**
   * The name clients use: the zone's own name, a name in it (`shop.example.com`), or a wildcard
   * (`*.example.com`, which covers one label: `shop.example.com`, not `a.shop.example.com`).
   */
  readonly name: string;

  /**
   * More names for the same load balancer, each in the zone: the certificate covers them, and each
   * gets an alias record. Changing this list replaces the certificate.
   *
   * @default - none
   */
  readonly alternativeNames?: string[];
}

/**
 * A DNS name for a load balancer: the library requests an ACM certificate for it, validated through
 * DNS records in the zone, serves HTTPS with it, and points an alias record at the load balancer.
 */
export class Domain {
  /** A name in a Route 53 hosted zone. */
  public static fromHostedZone(props: HostedZoneDomainProps): Domain {
    return new Domain(props.zone, props.name, props.alternativeNames ?? []);
  }

  /** The hosted zone. */
  public readonly zone: route53.IHostedZone;
  /** The name. */
  public readonly name: string;
  /** The other names. */
  public readonly alternativeNames: string[];

  private constructor(zone: route53.IHostedZone, name: string, alternativeNames: string[]) {
    this.zone = zone;
    this.name = name;
    this.alternativeNames = [...alternativeNames];
  }

  /** Every name, the main one first. */
  public get names(): string[] {
    return [this.name, ...this.alternativeNames];
  }
}
