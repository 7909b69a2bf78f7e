// The shared GLUE data (original release files): every task present loads with the release's row counts.
import { describe, expect, it } from 'vitest';
import type { GlueSplit } from './glue-task';
import { readGlueExamples } from './read-glue-examples';

// Rows per split of the GLUE release (HF nyu-mll/glue card; SOURCES.md of the shared data). QNLI train,
// QQP and MNLI are not in the shared folder (files over 4 MiB were left out of its snapshot).
const RELEASE_COUNTS: readonly [task: string, split: GlueSplit, rows: number][] = [
  ['CoLA', 'train', 8551], ['CoLA', 'dev', 1043], ['CoLA', 'test', 1063],
  ['SST-2', 'train', 67349], ['SST-2', 'dev', 872], ['SST-2', 'test', 1821],
  ['MRPC', 'train', 3668], ['MRPC', 'dev', 408], ['MRPC', 'test', 1725],
  ['STS-B', 'train', 5749], ['STS-B', 'dev', 1500], ['STS-B', 'test', 1379],
  ['QNLI', 'dev', 5463], ['QNLI', 'test', 5463],
  ['RTE', 'train', 2490], ['RTE', 'dev', 277], ['RTE', 'test', 3000],
  ['WNLI', 'train', 635], ['WNLI', 'dev', 71], ['WNLI', 'test', 146],
  ['AX', 'test', 1104],
];

// Label counts of the labelled splits, from `cut -f <label column> | sort | uniq -c` on the files.
const LABEL_COUNTS: Readonly<Record<string, Record<string, number>>> = {
  'CoLA train': { 0: 2528, 1: 6023 },
  'CoLA dev': { 0: 322, 1: 721 },
  'SST-2 train': { 0: 29780, 1: 37569 },
  'SST-2 dev': { 0: 428, 1: 444 },
  'MRPC train': { 0: 1194, 1: 2474 },
  'MRPC dev': { 0: 129, 1: 279 },
  'QNLI dev': { entailment: 2702, not_entailment: 2761 },
  'RTE train': { entailment: 1249, not_entailment: 1241 },
  'RTE dev': { entailment: 146, not_entailment: 131 },
  'WNLI train': { 0: 323, 1: 312 },
  'WNLI dev': { 0: 40, 1: 31 },
};

describe('shared GLUE data', () => {
  it.each(RELEASE_COUNTS)('%s %s has %i rows', async (task, split, rows) => {
    const result = await readGlueExamples(task, split);
    expect(result.examples).toHaveLength(rows);
    expect(result.skippedRows).toEqual([]);
    if (split === 'test') {
      expect(result.examples.every((example) => example.label === null)).toBe(true);
      return;
    }
    const counts: Record<string, number> = {};
    for (const example of result.examples) counts[example.label ?? 'null'] = (counts[example.label ?? 'null'] ?? 0) + 1;
    if (result.task.outputMode === 'regression') {
      const scores = result.examples.map((example) => Number(example.label));
      expect(Math.min(...scores)).toBe(0);
      expect(Math.max(...scores)).toBe(5);
    } else {
      expect(counts).toEqual(LABEL_COUNTS[`${task} ${split}`]);
      expect(Object.keys(counts).sort()).toEqual([...result.task.labels].sort());
    }
  });

  it('reads rows as HF does: guids, texts and the header BOM of MRPC', async () => {
    const sst = await readGlueExamples('sst-2', 'train');
    expect(sst.examples[0]).toEqual({ guid: 'train-1', textA: 'hide new secretions from the parental units ', textB: null, label: '0', line: 2 });
    const cola = await readGlueExamples('cola', 'dev');
    expect(cola.examples[1042]).toMatchObject({ guid: 'dev-1042', textA: 'John talked to Bill about himself.', label: '1', line: 1043 }); // the file has no final newline
    const colaTest = await readGlueExamples('cola', 'test');
    expect(colaTest.examples[0]).toEqual({ guid: 'test-0', textA: 'Bill whistled past the house.', textB: null, label: null, line: 2 });
    const mrpc = await readGlueExamples('mrpc', 'dev');
    expect(mrpc.examples[0]).toMatchObject({ guid: 'dev-1', label: '1', textB: '" The foodservice pie business does not fit our long-term growth strategy .' });
    const stsb = await readGlueExamples('sts-b', 'dev');
    expect(stsb.examples[0]).toEqual({ guid: 'dev-0', textA: 'A man with a hard hat is dancing.', textB: 'A man wearing a hard hat is dancing.', label: '5.000', line: 2 });
    const ax = await readGlueExamples('AX', 'test');
    expect(ax.examples[0]).toEqual({ guid: 'test-0', textA: 'The cat sat on the mat.', textB: 'The cat did not sit on the mat.', label: null, line: 2 });
  });
});
