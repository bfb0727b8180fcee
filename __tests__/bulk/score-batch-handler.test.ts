import '../http/support/quiet-env';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler as batchHandler } from '../../handlers/classify-batch';
import { handler as scoreBatch } from '../../handlers/score-batch';
import { InvalidBatchError, readBatchEvent } from '../../lib/bulk/batch-event';
import { bodyOf, jsonEvent, lambdaContext } from '../http/support/events';

const event = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', 'score-batch', `${name}.json`), 'utf8'));

describe('the scoreBatch worker answers a Distributed Map batch', () => {
  it('a CSV batch: rows numbered from the item index, ids echoed, the blank text refused in place, answers as /classify/batch', async () => {
    const batch = event('csv-rows');
    const output = await scoreBatch(batch);
    expect(output.results.map((r) => [r.row, r.id, r.error])).toEqual([
      [1, 't-1001', undefined],
      [2, 't-1002', undefined],
      [3, 't-1003', 'text is empty'],
      [4, 't-1004', undefined],
    ]);
    expect(output.refused).toBe(1);
    expect(output.model).toEqual({ name: 'banking77-intents', version: expect.any(String) });
    const answered = batch.Items.filter((item: any) => item.values.text.trim() !== '').map((item: any) => item.values);
    const api = bodyOf(
      await batchHandler(jsonEvent({ items: answered, topK: 3 }, '/classify/batch'), lambdaContext()),
    ).results;
    expect(output.results.filter((r) => !r.error).map(({ row: _row, ...rest }) => rest)).toEqual(api);
  });

  it('a JSON Lines batch: the text and id fields named in the execution input; a non-string text is refused', async () => {
    const output = await scoreBatch(event('jsonl-rows'));
    expect(output.results.map((r) => [r.row, r.id, r.error, r.label === undefined])).toEqual([
      [1, 501, undefined, false],
      [2, 502, 'body must be a string', true],
      [3, 503, undefined, false],
    ]);
    expect(output.results[0]).not.toHaveProperty('top');
  });

  it('an event that is not a batch fails with a message that says what is missing', async () => {
    await expect(scoreBatch(event('not-a-batch'))).rejects.toThrow(
      new InvalidBatchError('the event has no "Items" array (is the ItemBatcher configured?)'),
    );
  });
});

describe('readBatchEvent', () => {
  const items = [{ index: 0, values: { text: 'hi' } }];

  it('takes defaults when there is no BatchInput, and the options the execution input gives', () => {
    expect(readBatchEvent({ Items: items }).options).toEqual({
      textColumn: 'text',
      idColumn: 'id',
      topK: undefined,
      threshold: undefined,
    });
    expect(
      readBatchEvent({
        Items: items,
        BatchInput: { options: { key: 'a.csv', textColumn: 'body', topK: 2, threshold: 0.5 } },
      }).options,
    ).toEqual({
      textColumn: 'body',
      idColumn: 'id',
      topK: 2,
      threshold: 0.5,
    });
  });

  it.each([
    [{ Items: [{ values: { text: 'hi' } }] }, /Items\[0\] must be \{"index"/],
    [{ Items: [{ index: -1, values: {} }] }, /Items\[0\]/],
    [{ Items: [{ index: 0, values: 'hi' }] }, /Items\[0\]/],
    [{ Items: items, BatchInput: { options: { topK: 0 } } }, /topK must be an integer >= 1/],
    [{ Items: items, BatchInput: { options: { threshold: 2 } } }, /threshold must be a number from 0 to 1/],
    [{ Items: items, BatchInput: { options: { textColum: 'body' } } }, /unknown option "textColum"/],
    [{ Items: items, BatchInput: { options: [] } }, /BatchInput.options must be an object/],
  ])('refuses %j', (batch, message) => {
    expect(() => readBatchEvent(batch)).toThrow(message);
  });
});
