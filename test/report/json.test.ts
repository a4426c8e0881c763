import { num } from '../../lib/report/json';

describe('report: reading numbers from templates', () => {
  test('reads numbers and numeric strings, and nothing else', () => {
    expect([num(2), num('3'), num(''), num({ Ref: 'Count' }), num(undefined)]).toEqual([2, 3, undefined, undefined, undefined]);
  });

  test('reads a count under a condition as its larger branch: the app as it runs once released', () => {
    expect(num({ 'Fn::If': ['ImageTagUnreleased', 0, 2] })).toBe(2);
    expect(num({ 'Fn::If': ['Big', '4', { 'Fn::If': ['Small', 1, 0] }] })).toBe(4);
  });

  test('reads a count that one branch leaves out as unset, so the reader\'s default applies', () => {
    expect(num({ 'Fn::If': ['ImageTagUnreleased', 0, { Ref: 'AWS::NoValue' }] })).toBeUndefined();
  });
});
