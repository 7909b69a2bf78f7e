export { REPO_ROOT, dataRoot, fixturesRoot } from './paths';
export { compareClose, maxAbsDifference, type CloseReport, type Tolerance } from './tensor-assertions';
export { discoverCases, readPendingList, type DiscoveredCase, type FixtureCase } from './conformance/case-files';
export { runCase, type CaseResult } from './conformance/run-case';
export { bertBaseShaped, randomize, tinyBatch, tinyBert } from './tiny-models';
export { webgpuAvailable } from './webgpu-available';
