export * from './deployment';
export * from './scheduled-task';
export * from './service-port';
export * from './web-service';
export * from './worker-service';
export * from './workload-options';
