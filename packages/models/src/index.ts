export { normalizeEncoderConfig, type EncoderConfig, type EncoderModelType } from './config/encoder-config';
export { BertModel, type BertModelOptions } from './bert/bert-model';
export { BertEmbeddings } from './bert/bert-embeddings';
export { BertLayer } from './bert/bert-layer';
export { commonBatchSize, tileBatchTo } from './bert/batch-alignment';
export type { EncoderForwardOptions, EncoderInputs, EncoderOutput } from './bert/encoder-io';
export { loadEncoder, type LoadEncoderOptions, type LoadEncoderResult } from './load/load-encoder';
