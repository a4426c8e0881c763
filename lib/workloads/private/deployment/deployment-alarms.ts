import { Annotations, Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { ClusterContext } from '../../../cluster/cluster-reference';
import type { RollbackAlarmOptions } from '../../deployment';

const PERIOD = Duration.minutes(1);

/**
 * The rollback alarm of a web service, from its target groups (both of them during a blue/green, canary or
 * linear release): one metric-math alarm whose value in a minute is the sum of the conditions breached, 1 for
 * target 5xx over the error rate, 2 for the p99 response time over its limit, 4 for any unhealthy target (so a
 * value of 5 reads "errors and unhealthy targets"). It fires when a condition holds in each of `periods` minutes
 * in a row. One alarm instead of one per condition: the same metrics (and price: CloudWatch bills the metrics an
 * alarm reads), two fewer resources per service. CloudWatch allows 10 metrics in a math alarm
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html); two target groups read 8.
 */
export function webRollbackAlarms(scope: Construct, cluster: ClusterContext, targetGroups: elbv2.ApplicationTargetGroup[],
  options: RollbackAlarmOptions = {}, loadBalancer?: elbv2.IApplicationLoadBalancer): cloudwatch.Alarm[] {
  if (options.enabled === false) return [];
  const named = namedBy(scope, loadBalancer);
  const periods = options.periods ?? 3;
  const errorRate = options.errorRatePercent ?? 5;
  const responseTime = options.responseTime ?? Duration.seconds(3);
  const metrics = (make: (tg: elbv2.ApplicationTargetGroup) => cloudwatch.Metric, prefix: string) =>
    Object.fromEntries(targetGroups.map((tg, i) => [`${prefix}${i}`, named(make(tg))]));
  const filled = (prefix: string) => targetGroups.map((_, i) => `FILL(${prefix}${i}, 0)`);
  const sum = (prefix: string) => targetGroups.length === 1 ? filled(prefix)[0] : `(${filled(prefix).join(' + ')})`;
  const latest = targetGroups.length === 1 ? filled('l')[0] : `MAX([${filled('l').join(', ')}])`;

  const usingMetrics = {
    ...metrics(tg => tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD, statistic: 'Sum' }), 'e'),
    ...metrics(tg => tg.metrics.requestCount({ period: PERIOD, statistic: 'Sum' }), 'r'),
    ...metrics(tg => tg.metrics.targetResponseTime({ period: PERIOD, statistic: 'p99' }), 'l'),
    ...metrics(tg => tg.metrics.unhealthyHostCount({ period: PERIOD, statistic: 'Maximum' }), 'u'),
  };
  const seconds = responseTime.toMilliseconds() / 1000;
  return [alarm(scope, cluster, 'RollbackAlarm', periods,
    `target 5xx above ${errorRate} % of requests (alarm value 1), p99 target response time above ${responseTime.toHumanString()} (2) ` +
    'or unhealthy targets (4; the value adds up the conditions breached)', new cloudwatch.MathExpression({
      // Minutes with fewer than 10 requests count no error rate: one failed request of three is not a trend.
      expression: `IF(IF(${sum('r')} >= 10, 100 * ${sum('e')} / ${sum('r')}, 0) > ${errorRate}, 1, 0)` +
        ` + IF(${latest} > ${seconds}, 2, 0) + IF(${sum('u')} > 0, 4, 0)`,
      usingMetrics,
      period: PERIOD,
      label: 'rollback conditions breached: 1 target 5xx, 2 p99 response time, 4 unhealthy targets',
    }), 0)];
}

/**
 * The rollback alarm of a network service: unhealthy targets in its target group (a TCP or UDP load
 * balancer sees no HTTP status codes or response times).
 */
export function networkRollbackAlarms(scope: Construct, cluster: ClusterContext, targetGroup: elbv2.NetworkTargetGroup,
  options: RollbackAlarmOptions = {}, loadBalancer?: elbv2.INetworkLoadBalancer): cloudwatch.Alarm[] {
  if (options.enabled === false) return [];
  const periods = options.periods ?? 3;
  return [alarm(scope, cluster, 'UnhealthyTargetsAlarm', periods, 'unhealthy targets',
    namedBy(scope, loadBalancer)(targetGroup.metrics.unHealthyHostCount({ period: PERIOD, statistic: 'Maximum' })), 0)];
}

type Naming = (metric: cloudwatch.Metric) => cloudwatch.Metric;

/**
 * Names the load balancer in a target group metric by its `LoadBalancerFullName` attribute when the load balancer
 * is one the library built in the alarm's stack. aws-cdk-lib's target group metrics derive it from the listener's
 * ARN (`Fn::Join` of three `Fn::Select` of `Fn::Split`: about 300 bytes of template per metric, four metrics per
 * web service); the attribute is the same value at deploy in one short `Fn::GetAtt`. Another stack's load balancer
 * (an ingress of the platform stack) or an imported one keeps aws-cdk-lib's form, which needs no new export.
 */
function namedBy(scope: Construct, loadBalancer: elbv2.IApplicationLoadBalancer | elbv2.INetworkLoadBalancer | undefined): Naming {
  const own = loadBalancer instanceof elbv2.ApplicationLoadBalancer || loadBalancer instanceof elbv2.NetworkLoadBalancer ? loadBalancer : undefined;
  if (!own || Stack.of(own) !== Stack.of(scope)) return metric => metric;
  return metric => metric.with({ dimensionsMap: { ...metric.dimensions, LoadBalancer: own.loadBalancerFullName } });
}

/**
 * The rollback alarm of a worker: fewer tasks running than desired (tasks that exit after they
 * started), from Container Insights, which the cluster must have on.
 */
export function workerRollbackAlarms(scope: Construct, cluster: ClusterContext, service: ecs.BaseService,
  options: RollbackAlarmOptions = {}): cloudwatch.Alarm[] {
  if (options.enabled === false) return [];
  if (cluster.containerInsights === ecs.ContainerInsights.DISABLED) {
    Annotations.of(scope).addWarningV2('cdk-ecs-platform:noRollbackAlarms',
      `${scope.node.path}: no rollback alarm, because cluster ${cluster.node.path} has Container Insights disabled and a worker's alarm watches its running task count there; ` +
      'turn Container Insights on, or pass deploymentAlarms, or set rollbackAlarms: { enabled: false } to acknowledge');
    return [];
  }
  const dimensionsMap = { ClusterName: cluster.cluster.clusterName, ServiceName: service.serviceName };
  const metric = (metricName: string) => new cloudwatch.Metric({ namespace: 'ECS/ContainerInsights', metricName, dimensionsMap, period: PERIOD, statistic: 'Average' });
  return [alarm(scope, cluster, 'TasksMissingAlarm', options.periods ?? 3, 'fewer tasks running than desired', new cloudwatch.MathExpression({
    expression: 'FILL(desired, 0) - FILL(running, 0)',
    usingMetrics: { desired: metric('DesiredTaskCount'), running: metric('RunningTaskCount') },
    period: PERIOD,
    label: 'tasks missing',
  }), 0)];
}

function alarm(scope: Construct, cluster: ClusterContext, id: string, periods: number, what: string, metric: cloudwatch.IMetric,
  threshold: number): cloudwatch.Alarm {
  const created = new cloudwatch.Alarm(scope, id, {
    // A literal name: the service lists its deployment alarms by name, and a reference would make the
    // service depend on an alarm that (for a worker) depends on the service's name.
    alarmName: `${Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' })}-${id}`,
    alarmDescription: `${scope.node.path}: ${what} for ${periods} minute(s); rolls back a release in progress (ECS deployment alarm)`,
    metric,
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: periods,
    datapointsToAlarm: periods,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  created.addAlarmAction(new cw_actions.SnsAction(cluster.notificationTopic));
  return created;
}
