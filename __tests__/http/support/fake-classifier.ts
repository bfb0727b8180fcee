import type { Classifier, LabelScore, Prediction } from '../../../lib/model/types';

export const FAKE_LABELS = ['card_arrival', 'card_lost', 'top_up', 'refund', 'balance'] as const;

/**
 * A deterministic classifier for HTTP tests: the score of each label depends on the text, so different texts get
 * different answers and order mistakes show. Records every call.
 */
export class FakeClassifier implements Classifier {
  readonly info = { name: 'fake-intents', version: '0.0.1', labels: [...FAKE_LABELS], sha256: 'f'.repeat(64) };
  readonly calls: { texts: string[]; topK: number }[] = [];
  disposed = false;

  classify(texts: readonly string[], topK: number): Prediction[] {
    this.calls.push({ texts: [...texts], topK });
    const k = Math.min(Math.max(1, topK), this.info.labels.length);
    return texts.map((text) => {
      const scores = this.info.labels.map((label, i): LabelScore => ({ label, score: score(text, i) }));
      const total = scores.reduce((sum, s) => sum + s.score, 0);
      const top = scores.map((s) => ({ label: s.label, score: s.score / total })).sort((a, b) => b.score - a.score);
      const best = top[0]!;
      return { label: best.label, score: best.score, top: top.slice(0, k) };
    });
  }

  dispose(): void {
    this.disposed = true;
  }
}

function score(text: string, labelIndex: number): number {
  let hash = 17 + labelIndex * 31;
  for (let i = 0; i < text.length; i++) hash = (hash * 33 + text.charCodeAt(i)) % 1_000_003;
  return 1 + (hash % 997);
}
