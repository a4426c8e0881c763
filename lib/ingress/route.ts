/** Options of a {@link Route}. */
export interface RouteOptions {
  /**
   * The listener rule's priority, 1 to 50000 (lower is evaluated first). Give one to order routes that
   * overlap in a way the derived priority does not (the library refuses a route that an earlier rule
   * would always take), or to keep a priority you already deployed.
   *
   * @default - derived from the route (more literal characters first, then a hash of the conditions
   * within a band of 190); when a given priority or a route attached earlier has it, the next free
   * priority of the band. A route that got its derived priority keeps it whatever other routes come
   * and go; one that was pushed along moves back when the route that pushed it goes
   */
  readonly priority?: number;
}

/** The host names and path patterns a route matches (a request must match one of each given). */
export interface RouteMatch {
  /**
   * Host names (case-insensitive, wildcards `*` and `?`): at most 3.
   *
   * @default - any host
   */
  readonly hosts?: string[];

  /**
   * Path patterns (case-sensitive, wildcards `*` and `?`, without the query string): at most 3.
   *
   * @default - any path
   */
  readonly paths?: string[];

  /**
   * The listener rule's priority.
   *
   * @default - derived from the route alone
   */
  readonly priority?: number;
}

/**
 * Which requests of a shared {@link Ingress} go to a web service: by host name, path pattern, or both.
 * Each route is one listener rule on the ingress's listener.
 */
export class Route {
  /** Requests for one host name, such as `shop.example.com` or `*.shop.example.com`. */
  public static host(host: string, options: RouteOptions = {}): Route {
    return new Route([host], [], options.priority);
  }

  /** Requests whose path matches a pattern, such as `/api/*` (the pattern matches the whole path). */
  public static path(pathPattern: string, options: RouteOptions = {}): Route {
    return new Route([], [pathPattern], options.priority);
  }

  /** Requests for one host name whose path matches a pattern. */
  public static hostAndPath(host: string, pathPattern: string, options: RouteOptions = {}): Route {
    return new Route([host], [pathPattern], options.priority);
  }

  /** Requests matching one of several hosts and one of several path patterns. */
  public static match(match: RouteMatch): Route {
    return new Route(match.hosts ?? [], match.paths ?? [], match.priority);
  }

  /** The host names (empty: any host). */
  public readonly hosts: string[];
  /** The path patterns (empty: any path). */
  public readonly paths: string[];
  /** The priority given, if any. */
  public readonly priority?: number;

  private constructor(hosts: string[], paths: string[], priority?: number) {
    this.hosts = [...hosts];
    this.paths = [...paths];
    this.priority = priority;
  }
}
