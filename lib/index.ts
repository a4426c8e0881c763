export * from './cluster';
export * from './environments';
export * from './ingress';
export * from './registry';
export * from './storage';
export * from './testing';
export * from './workloads';
