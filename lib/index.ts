export * from './cluster';
export * from './ingress';
export * from './registry';
export * from './testing';
export * from './workloads';
