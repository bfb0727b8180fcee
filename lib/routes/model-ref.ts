import type { ModelInfo } from '../model/types';

/** The `model` object of a classification response. */
export interface ModelRef {
  name: string;
  version: string;
}

const refs = new WeakMap<ModelInfo, ModelRef>();

/**
 * The `{name, version}` of a model, built once per loaded model rather than per request.
 *
 * @param info - the loaded classifier's info
 */
export function modelRef(info: ModelInfo): ModelRef {
  let ref = refs.get(info);
  if (!ref) {
    ref = Object.freeze({ name: info.name, version: info.version });
    refs.set(info, ref);
  }
  return ref;
}
