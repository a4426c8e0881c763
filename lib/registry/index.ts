export * from './image-repository';
export * from './image-reference';
export * from './image-tag-policy';
export * from './lifecycle';
export * from './github-push-role';
export * from './image-release';
export * from './push-to-deploy';
export * from './source-image';
