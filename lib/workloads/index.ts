export * from './deployment';
export * from './scheduled-task';
export * from './network-port';
export * from './network-service';
export * from './service-port';
export * from './web-service';
export * from './worker-service';
export * from './workload-options';
