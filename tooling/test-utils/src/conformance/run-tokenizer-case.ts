import type { DiscoveredCase } from './case-files';
import type { CaseResult } from './run-case';
import { UnsupportedCaseError } from './run-forward-case';

export async function runTokenizerCase(_discovered: DiscoveredCase): Promise<CaseResult> {
  throw new UnsupportedCaseError('tokenizer (waiting for @adapters/tokenizers)');
}
