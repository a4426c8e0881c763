import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { NetworkPort, NetworkService, WebService, WorkerService } from '../../lib';
import { fixture } from '../workloads/fixtures';

/** The text of the `@default` tag of a prop in a source file of lib/. */
function documentedDefault(file: string, prop: string): string {
  const source = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', file), 'utf8');
  const match = new RegExp(`@default ([^\\n]*)\\n(?:\\s*\\*[^\\n]*\\n)*?\\s*\\*/\\s*readonly ${prop}\\??:`).exec(source);
  if (!match) throw new Error(`no @default for ${prop} in ${file}`);
  return match[1];
}

describe('prop documentation states the defaults the code applies', () => {
  test('desiredCount: each kind of service runs the count its @default names', () => {
    const doc = documentedDefault('workloads/workload-options.ts', 'desiredCount');
    const f = fixture();
    const image = f.repository.imageByTag('v1');
    new WebService(f.stack, 'Web', { cluster: f.cluster, image });
    new NetworkService(f.stack, 'Net', { cluster: f.cluster, image, listener: NetworkPort.tcp(5432) });
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image });
    const services = Template.fromStack(f.stack).findResources('AWS::ECS::Service');
    const count = (prefix: string) => Object.entries(services).find(([id]) => id.startsWith(prefix))![1].Properties.DesiredCount;
    const stated = (kind: string) => Number(new RegExp(`(\\d+) for a [a-z ]*\\b${kind}\\b`).exec(doc)?.[1]);
    expect({ web: stated('web'), network: stated('network'), worker: stated('worker') })
      .toEqual({ web: count('WebService'), network: count('NetService'), worker: count('WorkerService') });
  });
});
