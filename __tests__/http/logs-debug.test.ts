import './support/debug-env';
import './support/quiet-env';
import { loadConfig } from '../../lib/config';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { captureLogs } from './support/capture-logs';
import { jsonEvent, lambdaContext } from './support/events';
import { FakeClassifier } from './support/fake-classifier';

describe('logs at LOG_LEVEL=DEBUG', () => {
  it('a batch also logs its per-item labels, in order, still without texts', async () => {
    const classifier = new FakeClassifier();
    const batch = createClassifyBatchHandler({ getClassifier: async () => classifier, config: loadConfig({}) });
    const out = captureLogs();
    try {
      await batch(
        jsonEvent({ items: ['private one', { id: 'x', text: 'private two' }] }, '/classify/batch'),
        lambdaContext(),
      );
    } finally {
      out.restore();
    }
    const expected = new FakeClassifier().classify(['private one', 'private two'], 1).map((p) => p.label);
    expect(out.lines().find((line) => line.message === 'batch labels')).toMatchObject({
      level: 'DEBUG',
      labels: expected,
    });
    expect(out.text()).not.toContain('private');
  });
});
