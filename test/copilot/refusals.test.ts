import { ManifestError } from '../../lib/copilot/manifest-fields';
import { readWorkspace } from '../../lib/copilot/workspace';
import { deployOrder } from '../../lib/copilot/write-app';
import { manifest, workspaceOf } from './workspace-helper';

/**
 * A manifest the importer cannot read is refused with the file, the field, what it holds and what was
 * expected; nothing is guessed. Each case is a mistake a Copilot user can have in a workspace.
 */
const web = (...lines: string[]) => manifest('name: web', 'type: Load Balanced Web Service', ...lines);
const image = ['image:', '  location: public.ecr.aws/nginx/nginx:1.27', '  port: 8080'];

const cases: { name: string; files: Record<string, string | undefined>; file: string; field: string; expected: RegExp }[] = [
  { name: 'a folder without copilot/.workspace', files: { 'copilot/.workspace': undefined }, file: 'copilot/.workspace', field: '(the file)', expected: /copilot\/.workspace naming the application/ },
  { name: 'a workspace without environment manifests', files: { 'copilot/environments/test/manifest.yml': undefined }, file: 'copilot/environments', field: '(the folder)', expected: /one manifest.yml per environment/ },
  { name: 'a manifest that is not YAML', files: { 'copilot/web/manifest.yml': 'name: web\n  type: [\n' }, file: 'copilot/web/manifest.yml', field: 'line', expected: /YAML/ },
  { name: 'an unknown manifest type', files: { 'copilot/web/manifest.yml': manifest('name: web', 'type: Lambda Function') }, file: 'copilot/web/manifest.yml', field: 'type', expected: /Load Balanced Web Service, Backend Service, Worker Service, Scheduled Job/ },
  { name: 'a name that is not its folder\'s', files: { 'copilot/web/manifest.yml': manifest('name: www', 'type: Load Balanced Web Service', ...image) }, file: 'copilot/web/manifest.yml', field: 'name', expected: /the name of the manifest's folder, web/ },
  { name: 'an image with both build and location', files: { 'copilot/web/manifest.yml': web('image:', '  build: ./web/Dockerfile', '  location: nginx', '  port: 80') }, file: 'copilot/web/manifest.yml', field: 'image.build', expected: /either `build` or `location`/ },
  { name: 'an image with neither build nor location', files: { 'copilot/web/manifest.yml': web('image:', '  port: 80') }, file: 'copilot/web/manifest.yml', field: 'image.location', expected: /either `build` or `location`/ },
  { name: 'a Dockerfile of another name', files: { 'copilot/web/manifest.yml': web('image:', '  build: ./web/Dockerfile.prod', '  port: 80') }, file: 'copilot/web/manifest.yml', field: 'image.build', expected: /ending in \/Dockerfile/ },
  { name: 'a Dockerfile outside its context', files: { 'copilot/web/manifest.yml': web('image:', '  build:', '    dockerfile: ./docker/web/Dockerfile', '    context: ./web', '  port: 80') }, file: 'copilot/web/manifest.yml', field: 'image.build.dockerfile', expected: /at the root of the context/ },
  { name: 'a web service without a port (Copilot\'s template placeholder 0 included)', files: { 'copilot/web/manifest.yml': web('image:', '  location: nginx', '  port: 0') }, file: 'copilot/web/manifest.yml', field: 'image.port', expected: /whole number from 1 to 65535/ },
  { name: 'http: false on a Load Balanced Web Service', files: { 'copilot/web/manifest.yml': web(...image, 'http: false') }, file: 'copilot/web/manifest.yml', field: 'http', expected: /use a Backend Service/ },
  { name: 'a count range with min above max', files: { 'copilot/web/manifest.yml': web(...image, 'count:', '  range: 10-1') }, file: 'copilot/web/manifest.yml', field: 'count.range', expected: /1-10 \(min-max\)/ },
  { name: 'a count that is not a number', files: { 'copilot/web/manifest.yml': web(...image, 'count: many') }, file: 'copilot/web/manifest.yml', field: 'count', expected: /a map of fields/ },
  { name: 'request scaling on a worker', files: { 'copilot/worker/manifest.yml': manifest('name: worker', 'type: Worker Service', 'image:', '  location: nginx', 'count:', '  range: 1-5', '  requests: 100') }, file: 'copilot/worker/manifest.yml', field: 'count.requests', expected: /no request scaling outside a Load Balanced Web Service/ },
  { name: 'queue_delay outside a worker', files: { 'copilot/web/manifest.yml': web(...image, 'count:', '  range: 1-5', '  queue_delay:', '    acceptable_latency: 1m', '    msg_processing_time: 1s') }, file: 'copilot/web/manifest.yml', field: 'count.queue_delay', expected: /only on a Worker Service/ },
  { name: 'a duration Copilot would not read', files: { 'copilot/web/manifest.yml': web(...image, 'http:', '  deregistration_delay: fifty seconds') }, file: 'copilot/web/manifest.yml', field: 'http.deregistration_delay', expected: /30s, 2m, 1h30m or 250ms/ },
  { name: 'a container health check whose timeout is not shorter than its interval (as in Copilot\'s own test data)', files: { 'copilot/web/manifest.yml': web(...image, '  healthcheck:', '    command: ["CMD", "true"]', '    interval: 6s', '    timeout: 20s') }, file: 'copilot/web/manifest.yml', field: 'image.healthcheck.timeout', expected: /shorter than the interval \(6s\)/ },
  { name: 'a container health check interval outside ECS\'s range', files: { 'copilot/web/manifest.yml': web(...image, '  healthcheck:', '    command: ["CMD", "true"]', '    interval: 1s') }, file: 'copilot/web/manifest.yml', field: 'image.healthcheck.interval', expected: /whole seconds from 5s to 300s/ },
  { name: 'a secret of an unknown kind', files: { 'copilot/web/manifest.yml': web(...image, 'secrets:', '  DB:', '    vault: db') }, file: 'copilot/web/manifest.yml', field: 'secrets.DB', expected: /an SSM parameter name, `secretsmanager: <name>` or `from_cfn/ },
  { name: 'a log retention CloudWatch does not offer', files: { 'copilot/web/manifest.yml': web(...image, 'logging:', '  retention: 45') }, file: 'copilot/web/manifest.yml', field: 'logging.retention', expected: /a retention CloudWatch Logs offers, in days: 1, 3, 5, 7/ },
  { name: 'a Windows platform', files: { 'copilot/web/manifest.yml': web(...image, 'platform: windows/x86_64') }, file: 'copilot/web/manifest.yml', field: 'platform', expected: /Windows tasks are outside this library/ },
  { name: 'an override for an environment the workspace does not have', files: { 'copilot/web/manifest.yml': web(...image, 'environments:', '  staging:', '    cpu: 512') }, file: 'copilot/web/manifest.yml', field: 'environments.staging', expected: /an environment of the workspace \(test\)/ },
  { name: 'a subscription to a topic no service publishes', files: { 'copilot/worker/manifest.yml': manifest('name: worker', 'type: Worker Service', 'image:', '  location: nginx', 'subscribe:', '  topics:', '    - name: payments', '      service: web') }, file: 'copilot/worker/manifest.yml', field: 'subscribe.topics[0]', expected: /a service of the workspace publishes \(publish.topics\): web\/orders/ },
  { name: 'a queue kept longer than SQS allows', files: { 'copilot/worker/manifest.yml': manifest('name: worker', 'type: Worker Service', 'image:', '  location: nginx', 'subscribe:', '  queue:', '    retention: 30d') }, file: 'copilot/worker/manifest.yml', field: 'subscribe.queue.retention', expected: /from 60s to 336h/ },
  { name: 'a job without a schedule', files: { 'copilot/nightly/manifest.yml': manifest('name: nightly', 'type: Scheduled Job', 'image:', '  location: nginx') }, file: 'copilot/nightly/manifest.yml', field: 'schedule', expected: /a cron expression \("0 \*\/2 \* \* \*"\)/ },
  { name: 'a job scheduled "none"', files: { 'copilot/nightly/manifest.yml': manifest('name: nightly', 'type: Scheduled Job', 'image:', '  location: nginx', 'on:', '  schedule: none') }, file: 'copilot/nightly/manifest.yml', field: 'on.schedule', expected: /runs only by hand/ },
  { name: 'a cron with both a day of the month and of the week', files: { 'copilot/nightly/manifest.yml': manifest('name: nightly', 'type: Scheduled Job', 'image:', '  location: nginx', 'on:', '  schedule: "0 0 1 * 1"') }, file: 'copilot/nightly/manifest.yml', field: 'on.schedule', expected: /not both/ },
  { name: 'a rate under a minute', files: { 'copilot/nightly/manifest.yml': manifest('name: nightly', 'type: Scheduled Job', 'image:', '  location: nginx', 'on:', '  schedule: "@every 30s"') }, file: 'copilot/nightly/manifest.yml', field: 'on.schedule', expected: /whole minutes, at least one/ },
  { name: 'a placeholder of the shell Copilot read at deploy', files: { 'copilot/web/manifest.yml': web(...image, 'variables:', '  TAG: ${IMAGE_TAG}') }, file: 'copilot/web/manifest.yml', field: 'variables.TAG', expected: /--var IMAGE_TAG=VALUE/ },
];

describe('the importer refuses what it cannot read, naming the file, the field and what it expected', () => {
  test.each(cases)('$name', ({ files, file, field, expected }) => {
    const dir = workspaceOf(files);
    let error: unknown;
    try {
      readWorkspace(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const e = error as ManifestError;
    expect({ file: e.file, field: e.field.startsWith('line') ? 'line' : e.field }).toEqual({ file, field });
    expect(e.message).toMatch(expected);
    expect(e.message.startsWith(`${file}: ${e.field} is `)).toBe(true);
  });

  test('a valid workspace of the same files is read (the cases above differ from it by their mistake alone)', () => {
    expect(readWorkspace(workspaceOf({})).workloads.map(w => w.name)).toEqual(['web']);
  });

  test('a placeholder given with --var is read', () => {
    const model = readWorkspace(workspaceOf({ 'copilot/web/manifest.yml': web(...image, 'variables:', '  TAG: ${IMAGE_TAG}') }), { variables: { IMAGE_TAG: 'v1.2.3' } });
    expect(model.workloads[0].variables).toEqual({ TAG: 'v1.2.3' });
  });

  test('workers subscribing to each other in a circle are refused: their stacks could not be deployed one by one', () => {
    const worker = (name: string, other: string) => manifest(`name: ${name}`, 'type: Worker Service', 'image:', '  location: nginx',
      'publish:', '  topics:', `    - name: ${name}-events`, 'subscribe:', '  topics:', `    - name: ${other}-events`, `      service: ${other}`);
    const model = readWorkspace(workspaceOf({ 'copilot/a/manifest.yml': worker('a', 'b'), 'copilot/b/manifest.yml': worker('b', 'a') }));
    expect(() => deployOrder(model)).toThrow(/copilot\/a\/manifest.yml: subscribe.topics is b\/b-events; expected subscriptions without a circle/);
  });
});
