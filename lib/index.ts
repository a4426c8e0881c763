export * from './registry';
export * from './testing';
