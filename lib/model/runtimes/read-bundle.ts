import type { io } from '@tensorflow/tfjs-core';
import type { ServedManifest } from '../bundle/served-manifest';

/** A verified bundle as runtimes see it: its manifest and its model's artifacts (topology + undecoded weights). */
export interface ReadBundle {
  manifest: ServedManifest;
  artifacts: io.ModelArtifacts;
}
