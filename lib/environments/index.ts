export * from './application';
export * from './app-environment';
export * from './environment-ingress';
