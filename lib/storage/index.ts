export * from './shared-file-system';
export * from './volume';
