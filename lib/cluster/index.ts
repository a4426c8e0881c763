export * from './capacity-pool';
export * from './capacity-pool-options';
export * from './network';
export * from './placement';
export * from './placement-rules';
export * from './platform-cluster';
export * from './pool-image';
export * from './service-connect-namespace';
