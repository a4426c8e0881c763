import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { fail } from '../../core/errors';
import type { Domain } from '../domain';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const FIRST_NAME = 64;

/** Lower case, without the trailing dot Route 53 zone names may carry. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * The checks of a domain: each name is a DNS name (a wildcard only as the whole first label) in the
 * zone, or the zone's own name. Names and zone names that are tokens are not checked.
 */
export function validateDomain(scope: Construct, domain: Domain): void {
  const zoneName = domain.zone.zoneName;
  domain.names.forEach((name, i) => {
    const prop = i === 0 ? 'domain.name' : `domain.alternativeNames[${i - 1}]`;
    if (Token.isUnresolved(name)) return;
    const labels = normalize(name).split('.');
    const valid = name.length <= 253 && labels.length >= 2 && labels.every((label, j) => LABEL.test(label) || (j === 0 && label === '*'));
    if (!valid) {
      fail(scope, prop, name, 'is not a DNS name a certificate can cover',
        'labels of letters, digits and "-" (1 to 63 characters each) separated by ".", at most 253 characters; "*" only as the whole first label');
    }
    // ACM: the first name is the certificate's Common Name, at most 64 characters (RFC 5280); the
    // others are Subject Alternative Names of up to 253 (RequestCertificate, DomainName:
    // https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html).
    if (i === 0 && name.length > FIRST_NAME) {
      fail(scope, prop, name, `has ${name.length} characters, and ACM takes at most ${FIRST_NAME} for a certificate's first name (its Common Name)`,
        `a name of at most ${FIRST_NAME} characters as domain.name, and the longer one among domain.alternativeNames (up to 253 characters each)`);
    }
    if (Token.isUnresolved(zoneName)) return;
    const zone = normalize(zoneName);
    const host = normalize(name);
    if (host !== zone && !host.endsWith(`.${zone}`)) {
      fail(scope, prop, name, `is not in hosted zone ${zone}, so its validation and alias records cannot be created there`,
        `${zone} or a name ending in .${zone}`);
    }
  });
  const names = domain.names.filter(n => !Token.isUnresolved(n)).map(normalize);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) fail(scope, 'domain.alternativeNames', duplicate, 'repeats a name of the domain', 'each name once');
}

/**
 * Refuses a certificate of another region than the stack's: a load balancer's listener takes only
 * certificates of its own region (the us-east-1 certificates CloudFront needs are a common mix-up).
 * Skipped when either region is unknown at synth.
 */
export function validateCertificateRegion(scope: Construct, prop: string, certificate: acm.ICertificate | undefined): void {
  if (!certificate) return;
  const arn = certificate.certificateArn;
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(arn) || Token.isUnresolved(region)) return;
  const certificateRegion = arn.split(':')[3];
  if (certificateRegion && certificateRegion !== region) {
    fail(scope, prop, arn, `is a certificate of ${certificateRegion}, and a load balancer in ${region} can only use certificates of its own region`,
      `a certificate requested or imported in ${region} (ACM certificates are regional), or a domain (the library then requests one in the stack's region)`);
  }
}

/** A DNS-validated certificate for the domain's names, in `scope`. */
export function createCertificate(scope: Construct, domain: Domain): acm.Certificate {
  return new acm.Certificate(scope, 'Certificate', {
    domainName: domain.name,
    subjectAlternativeNames: domain.alternativeNames.length > 0 ? domain.alternativeNames : undefined,
    validation: acm.CertificateValidation.fromDns(domain.zone),
  });
}

/**
 * An alias A record per name of the domain, pointing at the load balancer. No AAAA record: the
 * library's load balancers are IPv4 only, so an AAAA alias would answer with nothing.
 */
export function createAliasRecords(scope: Construct, domain: Domain, loadBalancer: elbv2.ILoadBalancerV2, ipv6 = false): route53.RecordSet[] {
  const target = () => route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer));
  return domain.names.flatMap((name, i) => [
    new route53.ARecord(scope, i === 0 ? 'AliasRecord' : `AliasRecord${i + 1}`, { zone: domain.zone, recordName: name, target: target() }),
    // A dual-stack load balancer of the user's (Ingress.fromListener) answers on IPv6 too.
    ...ipv6 ? [new route53.AaaaRecord(scope, i === 0 ? 'AliasAaaaRecord' : `AliasAaaaRecord${i + 1}`, { zone: domain.zone, recordName: name, target: target() })] : [],
  ]);
}

/**
 * Refuses an imported load balancer that an alias record cannot name: aws-cdk-lib's import throws its own
 * error when its DNS name or canonical hosted zone id was not given.
 */
export function checkAliasTarget(scope: Construct, prop: string, loadBalancer: elbv2.ILoadBalancerV2): void {
  for (const [attribute, read] of [
    ['loadBalancerDnsName', () => loadBalancer.loadBalancerDnsName],
    ['loadBalancerCanonicalHostedZoneId', () => loadBalancer.loadBalancerCanonicalHostedZoneId],
  ] as const) {
    try {
      read();
    } catch {
      fail(scope, prop, loadBalancer.node.path, `has no ${attribute}, which an alias record of the domain points at`,
        `the load balancer imported with ${attribute} (elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes; \`aws elbv2 describe-load-balancers\` lists DNSName and CanonicalHostedZoneId)`);
    }
  }
}

/** True when a certificate name (possibly `*.zone`) covers a host route. */
export function certificateCovers(certificateName: string, host: string): boolean {
  const name = normalize(certificateName);
  const h = normalize(host);
  if (name === h) return true;
  if (!name.startsWith('*.')) return false;
  const rest = name.slice(1); // ".example.com"
  if (!h.endsWith(rest)) return false;
  const label = h.slice(0, h.length - rest.length);
  return label.length > 0 && !label.includes('.');
}
