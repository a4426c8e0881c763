#!/usr/bin/env node
// The sample app: `npx cdk synth` runs this file (see cdk.json).
import { App } from 'aws-cdk-lib';
import { buildSampleApp } from './sample-app';

buildSampleApp(new App());
