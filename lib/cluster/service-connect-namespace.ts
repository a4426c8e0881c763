import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';

/**
 * The AWS Cloud Map namespace a cluster's services use for ECS Service Connect. Service Connect needs
 * no DNS: an HTTP namespace (API discovery only, no Route 53 hosted zone) costs nothing, and ECS
 * resolves endpoint names inside each task's proxy.
 *
 * @example
 * new PlatformCluster(this, 'Cluster', { serviceConnect: ServiceConnectNamespace.http('shop') });
 */
export class ServiceConnectNamespace {
  /**
   * A new HTTP namespace, created with the cluster and made its default Service Connect namespace.
   * Cloud Map wants the name unique among the account's HTTP namespaces in the region.
   */
  public static http(name: string): ServiceConnectNamespace {
    return new ServiceConnectNamespace(name, undefined);
  }

  /** An existing namespace (for example one shared by several clusters). The cluster is not changed. */
  public static fromNamespace(namespace: servicediscovery.INamespace): ServiceConnectNamespace {
    return new ServiceConnectNamespace(undefined, namespace);
  }

  /** The name of the namespace to create, for `http(name)`. */
  public readonly name?: string;
  /** The existing namespace, for `fromNamespace(...)`. */
  public readonly namespace?: servicediscovery.INamespace;

  private constructor(name?: string, namespace?: servicediscovery.INamespace) {
    this.name = name;
    this.namespace = namespace;
  }
}
