import { arr, get, obj, str } from './json';
import { ServiceInfo } from './services';

/** What a container of a service runs, as the template pins it. */
export interface ImageUse {
  readonly stackId: string;
  readonly service: string;
  readonly container: string;
  /** The image as a person reads it: parameters as `<Name>`, the repository's account and region as the template gives them. */
  readonly image: string;
  /**
   * How the image is pinned: a digest in the template (`digest`), a digest the stack is given at deploy
   * (`digest parameter`: an `ImageRelease` by digest), a tag, a tag the stack is given, or unknown.
   */
  readonly pinnedBy: 'digest' | 'digest parameter' | 'tag' | 'tag parameter' | 'unknown';
  /** The parameter that holds the tag or digest, for the `... parameter` kinds. */
  readonly parameter?: string;
  /** The stack output that shows the deployed value of that parameter, when the stack has one. */
  readonly output?: string;
}

/** The image of every container of every ECS service, and how it is pinned. */
export function analyzeImages(services: ServiceInfo[]): ImageUse[] {
  return services.flatMap(service => {
    const definitions = arr(service.taskDefinition?.props.ContainerDefinitions);
    return definitions.map(definition => {
      const raw = get(definition, 'Image');
      const parameters = Object.keys(service.ref.stack.template.Parameters ?? {});
      const image = render(raw);
      const parameter = parameters.find(p => image.endsWith(`@<${p}>`) || image.endsWith(`:<${p}>`));
      const output = parameter === undefined ? undefined : Object.entries(service.ref.stack.template.Outputs ?? {})
        .find(([, o]) => JSON.stringify(get(o, 'Value')).includes(`{"Ref":"${parameter}"}`))?.[0];
      const pinnedBy: ImageUse['pinnedBy'] = parameter !== undefined ? (image.endsWith(`@<${parameter}>`) ? 'digest parameter' : 'tag parameter')
        : /@sha256:[0-9a-f]{64}$/.test(image) ? 'digest' : /:[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(image.split('/').pop() ?? '') ? 'tag' : 'unknown';
      return { stackId: service.ref.stack.id, service: service.ref.id, container: str(get(definition, 'Name')) ?? '?', image, pinnedBy, parameter, output };
    });
  });
}

/**
 * A readable image name: literals as written, a parameter as `<Name>`, the URL suffix as `amazonaws.com`,
 * any other reference as `<...>`. Under a release's condition (`Fn::If`), the released branch is read.
 */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const o = obj(value);
  if (o.Ref !== undefined) {
    const ref = String(o.Ref);
    return ref === 'AWS::URLSuffix' ? 'amazonaws.com' : `<${ref}>`;
  }
  if (o['Fn::Join'] !== undefined) {
    const [delimiter, parts] = arr(o['Fn::Join']) as [string, unknown[]];
    return arr(parts).map(p => render(p)).join(delimiter ?? '');
  }
  if (o['Fn::If'] !== undefined) return render(arr(o['Fn::If'])[2]);
  return '<...>';
}
