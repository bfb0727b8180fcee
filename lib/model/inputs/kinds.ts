/** Every input kind a bundle can declare (`manifest.input.kind`); one folder per kind beside this file. */
export const INPUT_KINDS = ['ngrams', 'sequence', 'features'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];
