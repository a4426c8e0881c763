export * from './domain';
export * from './ingress';
export * from './route';
