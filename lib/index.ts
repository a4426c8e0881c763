export * from './cluster';
export * from './registry';
export * from './storage';
export * from './testing';
export * from './workloads';
