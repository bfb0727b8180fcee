/**
 * Writes the two graph-model examples of `examples/` from the layers examples' weights, in the exact form
 * `tensorflowjs_converter --input_format=tf_saved_model` (4.22, TF 2.19) writes for a Keras model exported as a
 * SavedModel (`model.export()`): a frozen GraphDef as JSON (`modelTopology.node`, each Const's value in the weights
 * file, Grappler's `_FusedMatMul` for Dense layers, an `Identity` per output), the serving signature with TF dtypes
 * and shapes, and one shard `group1-shard1of1.bin`. Deterministic: rerunning it rewrites the same files.
 *
 *   npx tsx examples/make-graph-examples.ts
 *
 * - `iris-graph/`: the iris MLP (Dense relu -> Dense -> Softmax) over four standardised measurements (float input).
 * - `review-bag-graph/`: a bag of embeddings (the review LSTM's Embedding table -> mean over the 12 positions ->
 *   Dense 1 -> Sigmoid) over Tokenizer ids (int32 input), telling negative from positive reviews.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HERE = __dirname;

type TfDtype = 'DT_FLOAT' | 'DT_INT32';
interface Weight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** The layers example's weights by name, read from its model.json and weights.bin. */
function layersWeights(example: string): Map<string, Float32Array> {
  const modelJson = JSON.parse(readFileSync(join(HERE, example, 'model', 'model.json'), 'utf8'));
  const bytes = readFileSync(join(HERE, example, 'model', 'weights.bin'));
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of modelJson.weightsManifest[0].weights as { name: string; shape: number[] }[]) {
    const count = spec.shape.reduce((n, d) => n * d, 1);
    out.set(
      spec.name,
      new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * count)),
    );
    offset += 4 * count;
  }
  return out;
}

const shapeOf = (dims: number[]) => ({ dim: dims.map((size) => ({ size: String(size) })) });
const typeAttr = (type: TfDtype) => ({ type });
/** `fused_ops` as the converter writes a GraphDef's string list: base64. */
const fusedOps = (...ops: string[]) => ({ list: { s: ops.map((op) => Buffer.from(op).toString('base64')) } });

function constNode(weight: Weight) {
  const dtype: TfDtype = weight.dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
  return {
    name: weight.name,
    op: 'Const',
    attr: {
      value: { tensor: { dtype, tensorShape: weight.shape.length > 0 ? shapeOf(weight.shape) : {} } },
      dtype: typeAttr(dtype),
    },
  };
}

function fusedMatMul(name: string, input: string, kernel: string, bias: string, ops: string[]) {
  return {
    name,
    op: '_FusedMatMul',
    input: [input, kernel, bias],
    device: '/device:CPU:0',
    attr: {
      transpose_a: { b: false },
      transpose_b: { b: false },
      fused_ops: fusedOps(...ops),
      num_args: { i: '1' },
      leakyrelu_alpha: { f: 0.2 },
      epsilon: { f: 0.0 },
      T: typeAttr('DT_FLOAT'),
    },
  };
}

function writeGraphModel(
  dir: string,
  input: { name: string; dtype: TfDtype; shape: number[] },
  nodes: object[],
  weights: Weight[],
  output: { name: string; units: number },
): void {
  mkdirSync(join(dir, 'model'), { recursive: true });
  const placeholder = {
    name: input.name,
    op: 'Placeholder',
    attr: { shape: { shape: shapeOf(input.shape) }, dtype: typeAttr(input.dtype) },
  };
  const modelJson = {
    format: 'graph-model',
    generatedBy: '2.19.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    signature: {
      inputs: { [input.name]: { name: `${input.name}:0`, dtype: input.dtype, tensorShape: shapeOf(input.shape) } },
      outputs: { output_0: { name: 'Identity:0', dtype: 'DT_FLOAT', tensorShape: shapeOf([-1, output.units]) } },
    },
    modelTopology: {
      node: [
        ...weights.map(constNode),
        placeholder,
        ...nodes,
        { name: 'Identity', op: 'Identity', input: [output.name], attr: { T: typeAttr('DT_FLOAT') } },
      ],
      library: {},
      versions: { producer: 2129 },
    },
    weightsManifest: [
      { paths: ['group1-shard1of1.bin'], weights: weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })) },
    ],
  };
  writeFileSync(join(dir, 'model', 'model.json'), JSON.stringify(modelJson));
  writeFileSync(
    join(dir, 'model', 'group1-shard1of1.bin'),
    Buffer.concat(weights.map((w) => Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength))),
  );
}

function irisGraph(): void {
  const dir = join(HERE, 'iris-graph');
  const w = layersWeights('iris-mlp');
  const at = (layer: string, leaf: string) => `StatefulPartitionedCall/sequential_1/${layer}_1/${leaf}`;
  const weights: Weight[] = [
    { name: at('hidden', 'Cast/ReadVariableOp'), shape: [4, 8], dtype: 'float32', values: w.get('hidden/kernel')! },
    { name: at('hidden', 'BiasAdd/ReadVariableOp'), shape: [8], dtype: 'float32', values: w.get('hidden/bias')! },
    { name: at('logits', 'Cast/ReadVariableOp'), shape: [8, 3], dtype: 'float32', values: w.get('logits/kernel')! },
    { name: at('logits', 'BiasAdd/ReadVariableOp'), shape: [3], dtype: 'float32', values: w.get('logits/bias')! },
  ];
  const nodes = [
    fusedMatMul(at('hidden', 'Relu'), 'measurements', weights[0]!.name, weights[1]!.name, ['BiasAdd', 'Relu']),
    fusedMatMul(at('logits', 'BiasAdd'), at('hidden', 'Relu'), weights[2]!.name, weights[3]!.name, ['BiasAdd']),
    {
      name: at('logits', 'Softmax'),
      op: 'Softmax',
      input: [at('logits', 'BiasAdd')],
      attr: { T: typeAttr('DT_FLOAT') },
    },
  ];
  writeGraphModel(dir, { name: 'measurements', dtype: 'DT_FLOAT', shape: [-1, 4] }, nodes, weights, {
    name: at('logits', 'Softmax'),
    units: 3,
  });
  for (const file of ['labels.json', 'spec.json']) cpSync(join(HERE, 'iris-mlp', file), join(dir, file));
}

function reviewBagGraph(): void {
  const dir = join(HERE, 'review-bag-graph');
  const w = layersWeights('review-lstm');
  const at = (layer: string, leaf: string) => `StatefulPartitionedCall/sequential_1/${layer}_1/${leaf}`;
  // The head reads the mean embedding (8 wide): the LSTM's Dense kernel has the same shape, [8, 1].
  const weights: Weight[] = [
    {
      name: at('embedding', 'GatherV2/ReadVariableOp'),
      shape: [64, 8],
      dtype: 'float32',
      values: w.get('embedding/embeddings')!,
    },
    { name: at('embedding', 'GatherV2/axis'), shape: [], dtype: 'int32', values: new Int32Array([0]) },
    {
      name: at('global_average_pooling1d', 'Mean/reduction_indices'),
      shape: [],
      dtype: 'int32',
      values: new Int32Array([1]),
    },
    {
      name: at('sentiment', 'Cast/ReadVariableOp'),
      shape: [8, 1],
      dtype: 'float32',
      values: w.get('sentiment/kernel')!,
    },
    { name: at('sentiment', 'BiasAdd/ReadVariableOp'), shape: [1], dtype: 'float32', values: w.get('sentiment/bias')! },
  ];
  const nodes = [
    {
      name: at('embedding', 'GatherV2'),
      op: 'GatherV2',
      input: [weights[0]!.name, 'ids', weights[1]!.name],
      attr: {
        Taxis: typeAttr('DT_INT32'),
        batch_dims: { i: '0' },
        Tindices: typeAttr('DT_INT32'),
        Tparams: typeAttr('DT_FLOAT'),
      },
    },
    {
      name: at('global_average_pooling1d', 'Mean'),
      op: 'Mean',
      input: [at('embedding', 'GatherV2'), weights[2]!.name],
      attr: { Tidx: typeAttr('DT_INT32'), keep_dims: { b: false }, T: typeAttr('DT_FLOAT') },
    },
    fusedMatMul(
      at('sentiment', 'BiasAdd'),
      at('global_average_pooling1d', 'Mean'),
      weights[3]!.name,
      weights[4]!.name,
      ['BiasAdd'],
    ),
    {
      name: at('sentiment', 'Sigmoid'),
      op: 'Sigmoid',
      input: [at('sentiment', 'BiasAdd')],
      attr: { T: typeAttr('DT_FLOAT') },
    },
  ];
  writeGraphModel(dir, { name: 'ids', dtype: 'DT_INT32', shape: [-1, 12] }, nodes, weights, {
    name: at('sentiment', 'Sigmoid'),
    units: 1,
  });
  for (const file of ['labels.json', 'spec.json', 'word_index.json'])
    cpSync(join(HERE, 'review-lstm', file), join(dir, file));
}

irisGraph();
reviewBagGraph();
