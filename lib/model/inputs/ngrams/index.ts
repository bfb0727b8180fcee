/** The one preprocessing module shared by training and serving. */
export type { PreprocessingConfig } from './config';
export { normalizeText } from './normalize';
export { tokenize, forEachNgram, WORD_PREFIX, CHAR_PREFIX } from './ngrams';
export { vectorize, padBatch, type SparseVector, type PaddedBatch } from './vectorize';
export { vocabularyFromJson, vocabularyFromTable, type Vocabulary, type VocabularyFile } from './vocabulary';
export { decodeTableFile, encodeTableFile, TABLE_FILE_EXTENSION } from './table-file';
export { readVocabulary, type ReadVocabulary } from './read-vocabulary';
