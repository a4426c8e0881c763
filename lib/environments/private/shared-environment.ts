import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { fail } from '../../core/errors';
import { sharedValue } from '../../core/shared-values';
import type { Domain } from '../../ingress/domain';
import type { Ingress } from '../../ingress/ingress';

/** What a guest environment reads of the environment whose network and ingress it shares. */
export interface HostEnvironment {
  readonly node: Construct['node'];
  readonly account: string;
  readonly region: string;
  readonly environmentName: string;
  readonly ingress?: Ingress;
}

/** Refuses a host in another account or region (a VPC and a load balancer serve their own). */
export function checkHost(guest: Stack, host: HostEnvironment & Construct): void {
  const differ = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
  if (differ(guest.account, host.account) || differ(guest.region, host.region)) {
    fail(guest, 'sharedWith', host.node.path, `is in ${host.account}/${host.region}, and this environment in ${guest.account}/${guest.region}: a VPC and a load balancer serve their own account and region`,
      'an environment of the same account and region, or no sharedWith');
  }
  if (Stack.of(host) === guest) fail(guest, 'sharedWith', host.node.path, 'is this environment', 'another environment');
}

/**
 * Serves a guest environment's domain on the host's shared listener: a certificate of the guest's
 * (`*.<guest domain>` and the name itself), added to the listener (SNI picks it by host name), and alias
 * records to the host's load balancer, all in the guest's stack and reading the host's listener and load
 * balancer by name, so the host's stack does not change when a guest comes or goes.
 */
export function serveDomainOnHost(scope: Construct, ingress: Ingress, domain: Domain): acm.Certificate {
  if (!ingress.domain) {
    fail(scope, 'domain', domain.name, `needs HTTPS on the shared listener of ${ingress.node.path}, which has no domain (HTTP only)`,
      'a domain on the environment shared with, or no domain here (HTTP on the shared load balancer\'s name)');
  }
  const names = [`*.${domain.name}`, domain.name, ...domain.alternativeNames];
  const certificate = new acm.Certificate(scope, 'Certificate', {
    domainName: names[0],
    subjectAlternativeNames: names.slice(1),
    validation: acm.CertificateValidation.fromDns(domain.zone),
  });
  const shared = (key: string, value: string) => sharedValue(scope, ingress, key, value);
  new elbv2.CfnListenerCertificate(scope, 'ListenerCertificate', {
    listenerArn: shared('ListenerArn', ingress.listener.listenerArn),
    certificates: [{ certificateArn: certificate.certificateArn }],
  });
  const target: route53.IAliasRecordTarget = {
    bind: () => ({
      // As aws-cdk-lib's LoadBalancerTarget: the dualstack name answers A (and AAAA where the load balancer has IPv6).
      dnsName: `dualstack.${shared('LoadBalancerDnsName', ingress.loadBalancer.loadBalancerDnsName)}`,
      hostedZoneId: shared('LoadBalancerHostedZoneId', ingress.loadBalancer.loadBalancerCanonicalHostedZoneId),
    }),
  };
  names.forEach((name, i) => new route53.ARecord(scope, i === 0 ? 'AliasRecord' : `AliasRecord${i + 1}`, {
    zone: domain.zone, recordName: name, target: route53.RecordTarget.fromAlias(target),
  }));
  ingress._addCertificateNames(names);
  return certificate;
}
