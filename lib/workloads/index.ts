export * from './scheduled-task';
export * from './web-service';
export * from './worker-service';
export * from './workload-options';
export * from './deployment';
