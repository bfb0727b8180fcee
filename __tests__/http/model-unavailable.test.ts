import { ModelLoadError } from '../../lib/model/errors';
import { GENERIC_LOAD_REASON, toModelUnavailable } from '../../lib/serving/model-unavailable';

describe('toModelUnavailable', () => {
  it("passes a ModelLoadError's client-safe reason on", () => {
    const error = toModelUnavailable(new ModelLoadError('weights.bin: sha256 does not match the manifest'));
    expect(error).toMatchObject({ code: 'MODEL_UNAVAILABLE', statusCode: 503 });
    expect(error.message).toBe('The model is unavailable: weights.bin: sha256 does not match the manifest');
  });

  it('hides anything else (which may carry file paths) behind a generic reason', () => {
    const error = toModelUnavailable(
      new Error('no model bundle found: place model/manifest.json in a parent directory of /var/task'),
    );
    expect(error.message).toBe(`The model is unavailable: ${GENERIC_LOAD_REASON}`);
    expect(error.message).not.toContain('/var/task');
  });
});
