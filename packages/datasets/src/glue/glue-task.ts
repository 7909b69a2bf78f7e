/** Canonical GLUE task names, spelled as HF's `glue_processors` keys (plus `ax`, the diagnostic set). */
export type GlueTaskName = 'cola' | 'sst-2' | 'mrpc' | 'sts-b' | 'qqp' | 'mnli' | 'mnli-mm' | 'qnli' | 'rte' | 'wnli' | 'ax';

/** The three splits of a GLUE task folder. For MNLI, `dev`/`test` are the matched (`mnli`) or mismatched (`mnli-mm`) files. */
export type GlueSplit = 'train' | 'dev' | 'test';

/** HF `glue_output_modes`: class ids or a real-valued score (STS-B). */
export type GlueOutputMode = 'classification' | 'regression';

/** Where the fields of one split's TSV are, as HF's processor for that task reads them. */
export interface GlueSplitLayout {
  /** File names to try in the task folder, first found wins. */
  readonly files: readonly string[];
  /** HF's `set_type`, the prefix of every guid (`dev_matched` for MNLI). */
  readonly setType: string;
  /** Whether line 1 is a header (CoLA train/dev have none). */
  readonly hasHeader: boolean;
  /** Column count of headerless files; files with a header must match the header's count. */
  readonly columns?: number;
  readonly textA: number;
  readonly textB: number | null;
  /** Column of the label; `last` is HF's `line[-1]`; null for unlabelled test splits. */
  readonly label: number | 'last' | null;
  /**
   * HF's guid: `${setType}-${i}` with `i` the 0-based line index in the file (`line-index`) or the 0-based
   * data row index (`data-row-index`, CoLA test), or `${setType}-${line[column]}` for a column number.
   */
  readonly guid: 'line-index' | 'data-row-index' | number;
}

/** A GLUE task: its folder, labels, output mode and file layouts. */
export interface GlueTask {
  readonly name: GlueTaskName;
  /** The name used by the GLUE release (`CoLA`, `SST-2`, `AX`). */
  readonly displayName: string;
  /** Folder of the task under the GLUE data folder (the `$TASK_NAME` of `--data_dir $GLUE_DIR/$TASK_NAME`). */
  readonly folder: string;
  /** HF `get_labels()`; the position of a label is its class id. Empty for regression (HF: `[None]`). */
  readonly labels: readonly string[];
  readonly outputMode: GlueOutputMode;
  /** HF `glue_tasks_num_labels` (1 for regression). */
  readonly numLabels: number;
  readonly splits: Readonly<Partial<Record<GlueSplit, GlueSplitLayout>>>;
}

const BINARY = ['0', '1'] as const;
const ENTAILMENT = ['entailment', 'not_entailment'] as const;
const MNLI_LABELS = ['contradiction', 'entailment', 'neutral'] as const;

/** Layout of the many tasks shaped `index, sentence1, sentence2[, label]` (QNLI, RTE, WNLI, AX). */
function pairByIndex(split: GlueSplit, setType: string = split, files: readonly string[] = [`${split}.tsv`]): GlueSplitLayout {
  return { files, setType, hasHeader: true, textA: 1, textB: 2, label: split === 'test' ? null : 'last', guid: 0 };
}

function mnliSplits(dev: string, test: string): GlueTask['splits'] {
  const layout = (files: string, setType: string, labelled: boolean): GlueSplitLayout => ({
    files: [files],
    setType,
    hasHeader: true,
    textA: 8,
    textB: 9,
    label: labelled ? 'last' : null,
    guid: 0,
  });
  return { train: layout('train.tsv', 'train', true), dev: layout(`${dev}.tsv`, dev, true), test: layout(`${test}.tsv`, test, false) };
}

/** Every GLUE task, keyed by canonical name. Layouts follow HF `transformers/data/processors/glue.py`. */
export const GLUE_TASKS: Readonly<Record<GlueTaskName, GlueTask>> = {
  cola: {
    name: 'cola',
    displayName: 'CoLA',
    folder: 'CoLA',
    labels: BINARY,
    outputMode: 'classification',
    numLabels: 2,
    splits: {
      // Train and dev have no header: source, label, original label, sentence.
      train: { files: ['train.tsv'], setType: 'train', hasHeader: false, columns: 4, textA: 3, textB: null, label: 1, guid: 'line-index' },
      dev: { files: ['dev.tsv'], setType: 'dev', hasHeader: false, columns: 4, textA: 3, textB: null, label: 1, guid: 'line-index' },
      test: { files: ['test.tsv'], setType: 'test', hasHeader: true, textA: 1, textB: null, label: null, guid: 'data-row-index' },
    },
  },
  'sst-2': {
    name: 'sst-2',
    displayName: 'SST-2',
    folder: 'SST-2',
    labels: BINARY,
    outputMode: 'classification',
    numLabels: 2,
    splits: {
      train: { files: ['train.tsv'], setType: 'train', hasHeader: true, textA: 0, textB: null, label: 1, guid: 'line-index' },
      dev: { files: ['dev.tsv'], setType: 'dev', hasHeader: true, textA: 0, textB: null, label: 1, guid: 'line-index' },
      test: { files: ['test.tsv'], setType: 'test', hasHeader: true, textA: 1, textB: null, label: null, guid: 'line-index' },
    },
  },
  mrpc: {
    name: 'mrpc',
    displayName: 'MRPC',
    folder: 'MRPC',
    labels: BINARY,
    outputMode: 'classification',
    numLabels: 2,
    splits: {
      train: { files: ['train.tsv'], setType: 'train', hasHeader: true, textA: 3, textB: 4, label: 0, guid: 'line-index' },
      dev: { files: ['dev.tsv'], setType: 'dev', hasHeader: true, textA: 3, textB: 4, label: 0, guid: 'line-index' },
      test: { files: ['test.tsv'], setType: 'test', hasHeader: true, textA: 3, textB: 4, label: null, guid: 'line-index' },
    },
  },
  'sts-b': {
    name: 'sts-b',
    displayName: 'STS-B',
    folder: 'STS-B',
    labels: [],
    outputMode: 'regression',
    numLabels: 1,
    splits: {
      train: { files: ['train.tsv'], setType: 'train', hasHeader: true, textA: 7, textB: 8, label: 'last', guid: 0 },
      dev: { files: ['dev.tsv'], setType: 'dev', hasHeader: true, textA: 7, textB: 8, label: 'last', guid: 0 },
      test: { files: ['test.tsv'], setType: 'test', hasHeader: true, textA: 7, textB: 8, label: null, guid: 0 },
    },
  },
  qqp: {
    name: 'qqp',
    displayName: 'QQP',
    folder: 'QQP',
    labels: BINARY,
    outputMode: 'classification',
    numLabels: 2,
    splits: {
      // id, qid1, qid2, question1, question2, is_duplicate; the test file is id, question1, question2.
      train: { files: ['train.tsv'], setType: 'train', hasHeader: true, textA: 3, textB: 4, label: 5, guid: 0 },
      dev: { files: ['dev.tsv'], setType: 'dev', hasHeader: true, textA: 3, textB: 4, label: 5, guid: 0 },
      test: { files: ['test.tsv'], setType: 'test', hasHeader: true, textA: 1, textB: 2, label: null, guid: 0 },
    },
  },
  mnli: {
    name: 'mnli',
    displayName: 'MNLI',
    folder: 'MNLI',
    labels: MNLI_LABELS,
    outputMode: 'classification',
    numLabels: 3,
    splits: mnliSplits('dev_matched', 'test_matched'),
  },
  'mnli-mm': {
    name: 'mnli-mm',
    displayName: 'MNLI-mm',
    folder: 'MNLI',
    labels: MNLI_LABELS,
    outputMode: 'classification',
    numLabels: 3,
    splits: mnliSplits('dev_mismatched', 'test_mismatched'),
  },
  qnli: {
    name: 'qnli',
    displayName: 'QNLI',
    folder: 'QNLI',
    labels: ENTAILMENT,
    outputMode: 'classification',
    numLabels: 2,
    splits: { train: pairByIndex('train'), dev: pairByIndex('dev'), test: pairByIndex('test') },
  },
  rte: {
    name: 'rte',
    displayName: 'RTE',
    folder: 'RTE',
    labels: ENTAILMENT,
    outputMode: 'classification',
    numLabels: 2,
    splits: { train: pairByIndex('train'), dev: pairByIndex('dev'), test: pairByIndex('test') },
  },
  wnli: {
    name: 'wnli',
    displayName: 'WNLI',
    folder: 'WNLI',
    labels: BINARY,
    outputMode: 'classification',
    numLabels: 2,
    splits: { train: pairByIndex('train'), dev: pairByIndex('dev'), test: pairByIndex('test') },
  },
  ax: {
    // The diagnostic set: test only, judged with MNLI's three labels (HF datasets `glue/ax`).
    name: 'ax',
    displayName: 'AX',
    folder: 'diagnostic',
    labels: MNLI_LABELS,
    outputMode: 'classification',
    numLabels: 3,
    splits: { test: pairByIndex('test', 'test', ['diagnostic.tsv', 'AX.tsv']) },
  },
};
