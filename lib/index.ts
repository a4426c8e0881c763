export * from './cluster';
export * from './registry';
export * from './testing';
export * from './workloads';
