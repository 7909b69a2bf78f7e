import { mergeConfig } from 'vitest/config';
import { defineAdaptersProject } from '../../vitest.shared';

// No tensors here, so test files can share one module graph: the tfjs setup and the tokenizers load once per
// worker instead of once per file, which keeps the suite fast on two cores.
export default mergeConfig(defineAdaptersProject('datasets'), { test: { isolate: false } });
