import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABSTAIN_DEFAULTS, classifyWithAbstention, type AnsweredPrediction } from '../../lib/model/abstain';
import { resolveModelDir } from '../../lib/model/bundle/model-dir';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import { trainerManifest } from '../../lib/model/bundle/served-manifest';
import { MEASURED_BEFORE_REFIT } from '../../lib/model/bundle/manifest';
import { loadClassifier } from '../../lib/model/load-classifier';
import type { Classifier } from '../../lib/model/types';

/** Messages about none of the 77 banking intents: weather, food, greetings, sports, gibberish (the three first). */
const OUT_OF_SCOPE = [
  'what is the weather like tomorrow in paris?',
  'I want a pizza with extra cheese',
  'hi',
  'will it rain today',
  'recipe for chocolate cake',
  'hello there',
  'good morning',
  'who won the football match last night',
  'lakers score',
  'asdf qwer zxcv',
  'blorp fizzle wug',
];

/** The in-scope texts of the example events, and a few more plain banking requests. */
const IN_SCOPE = [
  JSON.parse(JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', 'classify.json'), 'utf8')).body).text as string,
  ...(JSON.parse(JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', 'classify-batch.json'), 'utf8')).body).items as (string | { text: string })[]).map(
    (item) => (typeof item === 'string' ? item : item.text),
  ),
  'I lost my card',
  'how do I change my PIN?',
  'what is the exchange rate',
  'I was charged twice for the same purchase',
];

describe('the default model abstains', () => {
  const modelDir = resolveModelDir(__dirname, {});
  let classifier: Classifier;
  beforeAll(async () => (classifier = await loadClassifier(modelDir)));
  afterAll(() => classifier.dispose());
  const answer = (texts: string[]): AnsweredPrediction[] => classifyWithAbstention(classifier, texts, 1, classifier.info.abstain);

  it('was calibrated by the trainer for a 2% in-scope rejection rate on the held-out run', () => {
    const check = verifyBundle(modelDir);
    if (!check.ok) throw new Error(check.reason);
    const manifest = trainerManifest(check.manifest);
    const { abstain } = manifest;
    expect(abstain).toMatchObject({ label: ABSTAIN_DEFAULTS.label, measured: { maxReject: 0.02, oosRows: 0, measuredOn: MEASURED_BEFORE_REFIT } });
    expect(abstain!.measured.inScopeRows).toBe(manifest.metrics.validation.n);
    expect(abstain!.measured.inScopeRejectRate).toBeLessThanOrEqual(0.02);
    expect(abstain!.threshold).toBeGreaterThan(0);
  });

  it('on most obviously out-of-scope messages, and on none of the example requests', () => {
    const outside = answer(OUT_OF_SCOPE);
    const abstained = outside.filter((p) => p.abstained);
    expect(abstained.length).toBeGreaterThan(OUT_OF_SCOPE.length / 2);
    for (const p of abstained) expect(p.label).toBe(ABSTAIN_DEFAULTS.label);
    expect(answer(IN_SCOPE).map((p, i) => [IN_SCOPE[i], p.abstained])).toEqual(IN_SCOPE.map((text) => [text, false]));
  });
});
