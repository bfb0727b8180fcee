/**
 * Graph models (`"format": "graph-model"`, what tensorflowjs_converter --input_format=tf_saved_model writes for a
 * SavedModel or a Keras 3 export) import and are served by the graph runtime with the scores tfjs-converter's own
 * `execute` gives on the same inputs (1e-5); what the service cannot run is refused at import, naming it.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import { importModel } from '../../scripts/import/import-model';
import { tempDir } from '../model/fixture-bundle';
import { exampleOptions, IRIS_GRAPH, MLP, REVIEW_BAG_GRAPH } from './support/examples';
import { expectClose, servedScores, sigmoidPairs, tfjsExecuteGraph } from './support/scores';

jest.setTimeout(60_000);

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('atlas-graph-')));
afterAll(() => cleanup());

describe('graph models as the converter writes them', () => {
  it("a text model (int32 ids -> embedding lookup -> mean -> Dense -> Sigmoid): the graph runtime serves tfjs-converter's scores", async () => {
    const out = join(dir, 'review-bag');
    const summary = await importModel(exampleOptions(REVIEW_BAG_GRAPH, out));
    expect(summary).toMatchObject({ runtime: 'graph', parts: { kind: 'nodes' } });
    expect(summary.manifest).toMatchObject({
      input: { kind: 'sequence', maxLen: 12, maxId: 64, oovToken: '<OOV>' },
      output: { kind: 'sigmoid' },
      import: {
        format: 'graph-model',
        source: { generatedBy: '2.19.0', convertedBy: 'TensorFlow.js Converter v4.22.0' },
      },
    });
    expect(summary.manifest.import.layout).toBeUndefined();
    expect(verifyBundle(out)).toMatchObject({ ok: true });

    const words: Record<string, number> = JSON.parse(readFileSync(join(REVIEW_BAG_GRAPH, 'word_index.json'), 'utf8'));
    const texts = ['great product works perfectly', 'terrible quality do not buy', 'zzz unknown', 'good'];
    const ids = texts.map((t) => {
      const row = t.split(' ').map((w) => words[w] ?? 1);
      return [...row, ...new Array(12 - row.length).fill(0)];
    });
    const expected = await tfjsExecuteGraph(join(REVIEW_BAG_GRAPH, 'model'), ids, 'int32');
    expectClose(await servedScores(out, texts), sigmoidPairs(expected));
  });

  it('a text model whose ids come in as floats and are cast, as a Keras 3 export of a float Input feeding an Embedding', async () => {
    const source = join(dir, 'float-ids-src');
    cpSync(join(REVIEW_BAG_GRAPH, 'model'), source, { recursive: true });
    const m = JSON.parse(readFileSync(join(source, 'model.json'), 'utf8'));
    m.signature.inputs.ids.dtype = 'DT_FLOAT';
    const placeholder = m.modelTopology.node.find((n: { op: string }) => n.op === 'Placeholder');
    placeholder.attr.dtype.type = 'DT_FLOAT';
    const gather = m.modelTopology.node.find((n: { op: string }) => n.op === 'GatherV2');
    m.modelTopology.node.push({
      name: 'StatefulPartitionedCall/sequential_1/embedding_1/Cast',
      op: 'Cast',
      input: ['ids'],
      attr: { SrcT: { type: 'DT_FLOAT' }, Truncate: { b: false }, DstT: { type: 'DT_INT32' } },
    });
    gather.input[1] = 'StatefulPartitionedCall/sequential_1/embedding_1/Cast';
    writeFileSync(join(source, 'model.json'), JSON.stringify(m));
    const out = join(dir, 'float-ids');
    const summary = await importModel({ ...exampleOptions(REVIEW_BAG_GRAPH, out), model: source });
    expect(summary.manifest.input).toMatchObject({ kind: 'sequence', maxId: 64 });
    const reference = join(dir, 'int-ids');
    await importModel(exampleOptions(REVIEW_BAG_GRAPH, reference));
    const texts = ['great product works perfectly', 'terrible quality do not buy'];
    expectClose(await servedScores(out, texts), await servedScores(reference, texts));
  });

  it("a features model (float input, _FusedMatMul with Relu, Softmax): the scores tfjs-converter gives, which are the layers MLP's", async () => {
    const out = join(dir, 'iris');
    const summary = await importModel(exampleOptions(IRIS_GRAPH, out));
    expect(summary.manifest).toMatchObject({
      input: { kind: 'features' },
      output: { kind: 'softmax' },
      import: { format: 'graph-model' },
    });
    const spec = JSON.parse(readFileSync(join(MLP, 'spec.json'), 'utf8'));
    const flowers = [
      [5.0, 3.4, 1.5, 0.2],
      [6.6, 3.0, 5.6, 2.0],
    ];
    const standardised = flowers.map((row) => row.map((v, j) => (v - spec.mean[j]) / spec.scale[j]));
    const scores = await servedScores(out, flowers);
    expectClose(scores, await tfjsExecuteGraph(join(IRIS_GRAPH, 'model'), standardised, 'float32'));
    const layersBundle = join(dir, 'iris-layers');
    await importModel(exampleOptions(MLP, layersBundle));
    expectClose(scores, await servedScores(layersBundle, flowers));
  });
});

describe('graph models the service cannot serve are refused, naming what was found, and nothing is written', () => {
  /** A copy of the text graph with its model.json edited. */
  function editedGraph(edit: (m: any) => void): string {
    const source = join(dir, `src-${Math.random().toString(36).slice(2)}`);
    cpSync(join(REVIEW_BAG_GRAPH, 'model'), source, { recursive: true });
    const m = JSON.parse(readFileSync(join(source, 'model.json'), 'utf8'));
    edit(m);
    writeFileSync(join(source, 'model.json'), JSON.stringify(m));
    return source;
  }
  const node = (m: any, op: string) => m.modelTopology.node.find((n: { op: string }) => n.op === op);

  it.each<[string, (m: any) => void, RegExp]>([
    [
      'an op tfjs has no kernel for',
      (m) => (node(m, 'Mean').op = 'SparseSegmentSqrtN'),
      /tfjs-converter .* cannot run op\(s\) SparseSegmentSqrtN/,
    ],
    [
      'a loop, as an exported LSTM has',
      (m) => (node(m, 'Mean').op = 'While'),
      /op\(s\) While need asynchronous execution .* --input_format=keras/,
    ],
    [
      'two inputs',
      (m) => (m.signature.inputs.mask = { name: 'mask:0', dtype: 'DT_INT32', tensorShape: { dim: [{ size: '-1' }] } }),
      /the graph has 2 inputs \(ids:0, mask:0\)/,
    ],
    [
      'an output from an op that does not say what it gives',
      (m) => (node(m, 'Sigmoid').op = 'Tanh'),
      /comes from a Tanh op, .* say which with --output softmax\|sigmoid\|logits/,
    ],
    [
      'no embedding lookup for a sequence input',
      (m) => (node(m, 'GatherV2').op = 'Identity'),
      /a sequence model needs an Embedding layer \(a lookup in a table, in a graph\)/,
    ],
  ])('%s', async (_, edit, message) => {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
    await expect(importModel({ ...exampleOptions(REVIEW_BAG_GRAPH, out), model: editedGraph(edit) })).rejects.toThrow(
      message,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('--output says what an unreadable last op gives, and the import then serves it', async () => {
    const source = editedGraph((m) => {
      node(m, 'Sigmoid').op = 'Relu6';
    });
    const out = join(dir, 'forced-output');
    await expect(importModel({ ...exampleOptions(REVIEW_BAG_GRAPH, out), model: source })).rejects.toThrow(/Relu6/);
    const summary = await importModel({ ...exampleOptions(REVIEW_BAG_GRAPH, out), model: source, output: 'sigmoid' });
    expect(summary.manifest.output).toEqual({ kind: 'sigmoid' });
  });
});
