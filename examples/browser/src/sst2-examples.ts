import { DatasetFormatError } from '@adapters/core';
import type { GlueExample } from '@adapters/datasets';

/**
 * The first `count` rows of an SST-2 `train.tsv` text (header `sentence\tlabel`), as the GLUE examples
 * `convertGlueExamplesToFeatures` takes. The bundled train split is already a seeded random sample of the
 * full one, so its first rows are a fair few hundred. `readGlueExamples` reads files, which a page has none of.
 */
export function sst2Examples(text: string, count: number, file = 'train.tsv'): GlueExample[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0] !== 'sentence\tlabel') {
    throw new DatasetFormatError({ file, line: 1, message: `expected the SST-2 header 'sentence<TAB>label', found '${(lines[0] ?? '').slice(0, 40)}'` });
  }
  const examples: GlueExample[] = [];
  for (let index = 1; index < lines.length && examples.length < count; index += 1) {
    const line = lines[index] ?? '';
    if (line === '') continue;
    const columns = line.split('\t');
    if (columns.length !== 2 || (columns[1] !== '0' && columns[1] !== '1')) {
      throw new DatasetFormatError({ file, line: index + 1, message: 'expected a sentence, a tab and a label 0 or 1' });
    }
    examples.push({ guid: `train-${index}`, textA: columns[0]!, textB: null, label: columns[1]!, line: index + 1 });
  }
  if (examples.length < count) {
    throw new DatasetFormatError({ file, message: `found ${examples.length} sentence rows; the page asked for ${count}` });
  }
  return examples;
}
