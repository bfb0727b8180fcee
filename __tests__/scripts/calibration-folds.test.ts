import type { PreprocessingConfig, VocabularyFile } from '../../lib/model/inputs/ngrams';
import { outOfFoldPredictions, type ServedPredictor } from '../../scripts/training/calibration-folds';
import type { LabelledRow } from '../../scripts/training/csv';
import { fixtureOptions } from '../model/fixture-bundle';

// Each row has a word no other row has, so a fold model's vocabulary (min-df 1, words only) shows which rows it learnt.
const rows: LabelledRow[] = Array.from({ length: 24 }, (_, i) => ({
  text: `${i % 2 ? 'weather' : 'music'} word${i}`,
  label: i % 2 ? 'weather' : 'music',
}));
const options = fixtureOptions({ wordNgrams: [1, 1], charNgrams: null, minDf: 1, epochs: 2 });

describe('outOfFoldPredictions', () => {
  it('predicts every training row once, by a model that did not learn from it but learnt from every other', async () => {
    const calls: { texts: string[]; vocabulary: Set<string>; preprocessing: PreprocessingConfig }[] = [];
    const predict: ServedPredictor = async (_artifacts, vocabularyFile: VocabularyFile, preprocessing, texts) => {
      calls.push({ texts, vocabulary: new Set(vocabularyFile.tokens), preprocessing });
      return texts.map(() => ({ label: 'music', score: 1, top: [{ label: 'music', score: 1 }] }));
    };
    // The training split: rows 0-19; 20-23 stand for the validation split and must not be predicted here.
    const trainIndices = Array.from({ length: 20 }, (_, i) => i);
    const folds: number[] = [];
    const result = await outOfFoldPredictions(rows, trainIndices, ['music', 'weather'], options, 4, [2], predict, {
      onFold: (fold, of, run) => folds.push(fold * 100 + of * 10 + run.train / 5),
    });
    expect(folds).toEqual([143, 243, 343, 443]); // folds 1-4 of 4, each training on 15 rows
    expect(calls).toHaveLength(4);
    const predicted = calls.flatMap((c) => c.texts);
    expect(predicted.sort()).toEqual(trainIndices.map((i) => rows[i]!.text).sort());
    expect(result.actual).toEqual(calls.flatMap((c) => c.texts.map((t) => rows.find((r) => r.text === t)!.label)));
    for (const { texts, vocabulary, preprocessing } of calls) {
      const own = new Set(texts.map((t) => `w:${t.split(' ')[1]}`));
      for (const i of trainIndices) {
        const word = `w:word${i}`;
        // A row's own word is in the vocabulary exactly when the model predicting this fold learnt from that row.
        expect(vocabulary.has(word)).toBe(!own.has(word));
      }
      expect(vocabulary.has('w:word21')).toBe(false);
      expect(preprocessing.vocabularySize).toBe(vocabulary.size);
    }
  });
});
