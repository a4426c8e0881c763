import * as fs from 'fs';
import { MARKED_TYPES, replacingProperties } from '../../lib/report/baseline/resource-kinds';
import { renderReplacementSpec, TABLE_FILE } from '../../scripts/replacement-spec';

describe('the replacement table (lib/report/baseline/replacement-spec.ts)', () => {
  test('is what scripts/replacement-spec.ts generates from the installed resource specification (run npm run spec:update)', () => {
    expect(fs.readFileSync(TABLE_FILE, 'utf8')).toBe(renderReplacementSpec());
  });

  test('reads replacing and conditional properties per type', () => {
    expect(replacingProperties('AWS::ECS::Service')?.get('ServiceName')).toBe('yes');
    expect(replacingProperties('AWS::ElasticLoadBalancingV2::TargetGroup')?.get('Port')).toBe('yes');
    expect(replacingProperties('AWS::ElasticLoadBalancingV2::TargetGroup')?.get('HealthCheckPath')).toBeUndefined();
    expect(replacingProperties('AWS::EC2::Instance')?.get('InstanceType')).toBe('maybe');
    expect(replacingProperties('Custom::Thing')).toBeUndefined();
    expect(replacingProperties('AWS::ECS::NoSuchType')).toBeUndefined();
  });

  test('knows every type the report marks as stateful or traffic-serving', () => {
    const unknown = [...MARKED_TYPES.stateful, ...MARKED_TYPES['traffic-serving']].filter(t => replacingProperties(t) === undefined);
    expect(unknown).toEqual([]);
  });
});
