import '../../lib/model/tf/wasm';
import { loadClassifier } from '../../lib/model/load-classifier';
import { resolveModelDir } from '../../lib/model/bundle/model-dir';
import { tf } from '../../lib/model/tf/index';

describe('the wasm backend (opt-in through lib/model/tf/wasm)', () => {
  it('runs the committed default model', async () => {
    const classifier = await loadClassifier(resolveModelDir(__dirname, {}), { backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    const [card, pin] = classifier.classify(['I ordered a new card two weeks ago and it still has not arrived', 'I forgot my PIN, how do I change it?'], 3);
    expect(card!.label).toBe('card_arrival');
    expect(pin!.label).toBe('change_pin');
    classifier.dispose();
  });
});
