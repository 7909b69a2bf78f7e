export { REPO_ROOT, dataRoot, fixturesRoot, libraryOutputsRoot } from './paths';
export { compareClose, maxAbsDifference, type CloseReport, type Tolerance } from './tensor-assertions';
export { discoverCases, pendingCases, readPendingList, type DiscoveredCase, type FixtureCase } from './conformance/case-files';
export { runCase, type CaseResult } from './conformance/run-case';
export { bertBaseShaped, randomize, tinyBatch, tinyBert } from './tiny-models';
export { saveTinyEncoderFolder, tinyEncoderConfig } from './encoder-folders';
export { asciiUnigramPieces, saveTinyUnigramTokenizer, tinyUnigramTokenizerJson, type TinyUnigramOptions } from './tiny-unigram-tokenizer';
export { asWrittenByAdapters120 } from './library-json';
