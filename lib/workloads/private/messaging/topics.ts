import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ClusterContext } from '../../../cluster/cluster-reference';
import { fail } from '../../../core/errors';
import { acknowledgeFinding } from '../../../core/nag';
import type { ServiceTopicOptions } from '../../worker-queue';
import type { WorkloadTask } from '../workload-task';

/** A topic name: what the construct id and the environment variable are made of. */
const TOPIC_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * A topic the workload owns and publishes to (Copilot's `publish.topics`): encrypted with the platform
 * key (as the cluster's notifications are), TLS only; the task role may publish to it, nothing more, and
 * the container finds its ARN in `<NAME>_TOPIC_ARN` (`order-events` gives `ORDER_EVENTS_TOPIC_ARN`).
 */
export function addWorkloadTopic(scope: Construct, task: WorkloadTask, cluster: ClusterContext, name: string,
  options: ServiceTopicOptions = {}): sns.Topic {
  const prop = `addTopic(${name})`;
  if (!TOPIC_NAME.test(name)) {
    fail(scope, `${prop} name`, name, 'is not a topic name', '1 to 40 lowercase letters, digits and "-", starting with a letter');
  }
  const id = `${name.replace(/(^|-)([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase())}Topic`;
  if (scope.node.tryFindChild(id)) fail(scope, `${prop} name`, name, 'is the name of another topic of this workload', 'a name of its own for each topic');
  const topic = new sns.Topic(scope, id, { fifo: options.fifo || undefined, masterKey: cluster.key, enforceSSL: true });
  topic.grantPublish(task.taskDefinition.taskRole);
  task.addLibraryVariable(`${prop} environment`, `${name.toUpperCase().replace(/-/g, '_')}_TOPIC_ARN`, topic.topicArn, `the ARN of topic ${name}`);
  acknowledgeFinding(task.taskDefinition.taskRole, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    'Publishing to a topic encrypted with the platform key: aws-cdk-lib\'s grantPublish, on that key only');
  return topic;
}
