import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { Domain } from '../ingress/domain';
import { AppEnvironment, AppEnvironmentProps } from './app-environment';

/** Properties of an {@link Application}. */
export interface ApplicationProps {
  /**
   * The application's name, in its stacks' names (`<name>-<environment>`, `<name>-<environment>-<service>`)
   * and in the Parameter Store paths its environments share values under (`/cdk-ecs-platform/<name>/...`).
   * 1 to 32 letters, digits and `-`, starting with a letter.
   *
   * @default - the construct id
   */
  readonly applicationName?: string;

  /**
   * A DNS name in a Route 53 hosted zone under which each environment gets `<environment>.<name>` (a
   * wildcard certificate and alias record on its load balancer) and each web service
   * `<service>.<environment>.<name>` (`web.staging.shop.example.com`). The zone must be in each
   * environment's account; an environment in another account gives its own `domain`.
   *
   * @default - no domain: environments serve HTTP on their load balancer's name, and web services need a `route`
   */
  readonly domain?: Domain;
}

/** Letters, digits and "-", starting with a letter: a stack name part and a Parameter Store path part. */
const NAME = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;

/**
 * One application and its environments (staging, production, ...), each a stack of its own with what
 * its services share, and each service a stack of its own that deploys, updates and is destroyed alone.
 * Copilot's application: `addEnvironment` is its environments, `environment.addServiceStack` its services.
 *
 * @example
 * const shop = new Application(app, 'Shop');
 * const staging = shop.addEnvironment('Staging', { env: { account: '222222222222', region: 'eu-west-1' } });
 * new WebService(staging.addServiceStack('Web'), 'Web', { appEnvironment: staging, image, route: Route.path('/*') });
 */
export class Application extends Construct {
  /** The application's name. */
  public readonly applicationName: string;
  /** The DNS name environments get a subdomain of, when one was given. */
  public readonly domain?: Domain;
  /** The environments, in the order they were added. */
  public readonly environments: AppEnvironment[] = [];

  constructor(scope: Construct, id: string, props: ApplicationProps = {}) {
    super(scope, id);
    this.applicationName = props.applicationName ?? id;
    if (!Token.isUnresolved(this.applicationName) && !NAME.test(this.applicationName)) {
      fail(this, 'applicationName', this.applicationName, 'cannot name stacks and Parameter Store paths', '1 to 32 letters, digits and "-", starting with a letter');
    }
    this.domain = props.domain;
  }

  /** Adds an environment: a stack named `<application>-<id>` with the network, cluster and ingress its services share. */
  public addEnvironment(id: string, props: AppEnvironmentProps = {}): AppEnvironment {
    if (!NAME.test(id)) fail(this, 'addEnvironment id', id, 'cannot name a stack and a Parameter Store path', '1 to 32 letters, digits and "-", starting with a letter');
    const taken = this.environments.find(e => e.environmentName.toLowerCase() === id.toLowerCase());
    if (taken) fail(this, 'addEnvironment id', id, `is the name of environment ${taken.node.path} already (names are compared without case: they name DNS labels)`, 'a name of its own');
    const environment = new AppEnvironment(this, id, props);
    this.environments.push(environment);
    return environment;
  }
}
