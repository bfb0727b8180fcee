import type { io } from '@tensorflow/tfjs-core';
import type { WeightBytes } from '../bundle/fs-io-handler';
import type { ServedManifest } from '../bundle/served-manifest';

/** A verified bundle as runtimes see it: its manifest and its model's artifacts (topology + undecoded weights). */
export interface ReadBundle {
  manifest: ServedManifest;
  artifacts: io.ModelArtifacts;
  /**
   * The same weight data by byte range, for a runtime that needs only part of it; absent where a caller has only
   * the artifacts (an import, a test).
   */
  weightBytes?: WeightBytes;
}
