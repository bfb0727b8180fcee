import '../http/support/quiet-env';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler } from '../../handlers/health';
import { SECURITY_HEADERS } from '../../lib/http/middleware/security-headers';
import { bodyOf, lambdaContext, loadEvent } from '../http/support/events';
import { MODEL_DIR, readManifest } from '../http/support/model-bundle';

describe('GET /health with the real bundle', () => {
  it('reports the verified model, and a cold start only on the first request', async () => {
    const manifest = readManifest();
    const sha256 = createHash('sha256')
      .update(readFileSync(join(MODEL_DIR, 'manifest.json')))
      .digest('hex');
    const event = loadEvent('health');
    // The first sample of each of the first three labels the samples cover: what the playground shows as examples.
    const firstOfLabel = manifest.samples!.filter((s, i, all) => all.findIndex((t) => t.label === s.label) === i);
    const examples = firstOfLabel.slice(0, 3).map((s) => s.text);

    const first = await handler(event, lambdaContext());
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({ ...SECURITY_HEADERS, 'X-Request-Id': event.requestContext.requestId });
    expect(bodyOf(first)).toEqual({
      status: 'ok',
      model: {
        name: manifest.name,
        version: manifest.version,
        labels: manifest.labels,
        sha256,
        input: { kind: 'ngrams' },
        examples,
      },
      abstain: {
        method: manifest.abstain!.method,
        threshold: manifest.abstain!.threshold,
        label: manifest.abstain!.label,
        source: 'bundle',
      },
      coldStart: true,
    });

    const second = await handler(loadEvent('health'), lambdaContext());
    expect(bodyOf(second)).toMatchObject({ status: 'ok', coldStart: false });
  });

  it('ignores a body and a Content-Type (GET has no body to check)', async () => {
    const event = loadEvent('health');
    event.body = 'not json';
    event.headers['Content-Type'] = 'text/plain';
    expect((await handler(event, lambdaContext())).statusCode).toBe(200);
  });
});
