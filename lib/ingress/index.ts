export * from './domain';
export * from './ingress';
export * from './route';
export * from './existing-listener';
