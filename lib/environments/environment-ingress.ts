/**
 * The load balancer an environment's web services share: an `Ingress` of the environment's stack.
 */
export class EnvironmentIngress {
  /** An Application Load Balancer reachable from the internet (public subnets). */
  public static internetFacing(): EnvironmentIngress {
    return new EnvironmentIngress(true, true);
  }

  /** An Application Load Balancer reachable only from inside the VPC (private subnets). */
  public static internal(): EnvironmentIngress {
    return new EnvironmentIngress(true, false);
  }

  /** No shared load balancer: web services bring their own (or there are none). */
  public static none(): EnvironmentIngress {
    return new EnvironmentIngress(false, false);
  }

  /** True when the environment has a shared load balancer. */
  public readonly enabled: boolean;
  /** True when it is reachable from the internet. */
  public readonly isInternetFacing: boolean;

  private constructor(enabled: boolean, internetFacing: boolean) {
    this.enabled = enabled;
    this.isInternetFacing = internetFacing;
  }
}
