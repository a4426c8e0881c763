// A template is JSON of any shape; jsii maps `any` to each language's object type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** Options for {@link Snapshot}. */
export interface SnapshotOptions {
  /**
   * Keep the `aws:cdk:path` metadata of each resource. Paths change only when constructs move,
   * which also changes logical IDs, so they add noise rather than information.
   *
   * @default false
   */
  readonly keepPaths?: boolean;
}

/**
 * A synthesized template, normalized so that a snapshot of it changes only when the infrastructure
 * does: asset hashes, the bootstrap version check and CDK's own metadata are masked or removed.
 *
 * @example
 * expect(Snapshot.fromStack(stack)).toMatchSnapshot();
 */
export class Snapshot {
  /** What replaces an asset hash. */
  public static readonly ASSET_HASH = '[ASSET_HASH]';

  /** The stack's template, normalized for a snapshot. */
  public static fromStack(stack: Stack, options: SnapshotOptions = {}): { [key: string]: any } {
    return Snapshot.normalize(Template.fromStack(stack).toJSON(), options);
  }

  /**
   * Normalizes a template (as CloudFormation JSON):
   * - 64-hex asset hashes (file assets, Lambda bundles, container image tags) become `[ASSET_HASH]`;
   *   image digests (`sha256:` and 64 hex) are kept, since a new digest is a new deployment;
   * - the `BootstrapVersion` parameter and the `CheckBootstrapVersion` rule are removed;
   * - the `CDKMetadata` resource and its condition are removed;
   * - `aws:cdk:path` and asset metadata of resources are removed (unless `keepPaths`).
   */
  public static normalize(template: { [key: string]: any }, options: SnapshotOptions = {}): { [key: string]: any } {
    const copy = JSON.parse(JSON.stringify(template));
    delete copy.Parameters?.BootstrapVersion;
    delete copy.Rules?.CheckBootstrapVersion;
    delete copy.Resources?.CDKMetadata;
    delete copy.Conditions?.CDKMetadataAvailable;
    for (const section of ['Parameters', 'Rules', 'Conditions', 'Resources']) {
      if (copy[section] && Object.keys(copy[section]).length === 0) delete copy[section];
    }
    for (const resource of Object.values<any>(copy.Resources ?? {})) {
      const metadata = resource.Metadata;
      if (!metadata) continue;
      for (const key of Object.keys(metadata)) {
        if ((key === 'aws:cdk:path' && !options.keepPaths) || key.startsWith('aws:asset:')) delete metadata[key];
      }
      if (Object.keys(metadata).length === 0) delete resource.Metadata;
    }
    return maskHashes(copy);
  }
}

/** 64 hex digits not preceded by `sha256:` (an image digest, which is content, not an asset hash). */
const HASH = /(?<!sha256:)(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;

function maskHashes(value: any): any {
  if (typeof value === 'string') return value.replace(HASH, Snapshot.ASSET_HASH);
  if (Array.isArray(value)) return value.map(maskHashes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskHashes(v)]));
  }
  return value;
}
