/**
 * tfjs-layers builds every layer, running its initialisers, before the saved weights overwrite them. For serving
 * that is wasted work, and some of it is slow or needs more of tfjs than serving loads: LSTM's `Orthogonal`
 * recurrent initialiser runs a QR decomposition (tfjs warns above 2,000 elements) and calls chained tensor methods
 * that only the umbrella package registers. Every weight is overwritten (the model is loaded with `strict`), so
 * the initialisers can all be `Zeros`.
 *
 * @returns a copy of the topology with every `*_initializer` set to `Zeros`
 * @example
 * withZeroInitializers({ config: { kernel_initializer: { class_name: 'Orthogonal', config: {} } } });
 * // { config: { kernel_initializer: { class_name: 'Zeros', config: {} } } }
 */
export function withZeroInitializers<T>(topology: T): T {
  return JSON.parse(JSON.stringify(topology), (key, value: unknown) =>
    key.endsWith('_initializer') && value !== null && typeof value === 'object' ? { class_name: 'Zeros', config: {} } : value,
  ) as T;
}
