import { DatasetFormatError, InvalidConfigError, NoSuchEntryError, nodeModule } from '@adapters/core';
import { glueDataRoot } from '../data-root';
import { readLineBatches } from '../io/read-lines';
import type { GlueSplit, GlueSplitLayout, GlueTask } from './glue-task';
import { getGlueTask } from './resolve-glue-task';

const { readdir, stat } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

/** One row of a GLUE split, as HF's `InputExample`. */
export interface GlueExample {
  /** HF's guid, e.g. `train-1` (SST-2) or `dev_matched-42` (MNLI). */
  readonly guid: string;
  readonly textA: string;
  readonly textB: string | null;
  /** The label as written in the file (`'1'`, `'entailment'`, `'3.800'`); null in test splits. */
  readonly label: string | null;
  /** 1-based line number in the file. */
  readonly line: number;
}

/** A row left out because the caller asked for `invalidRows: 'skip'`. */
export interface SkippedRow {
  readonly line: number;
  readonly reason: string;
}

/** The rows of one split, with the file they came from. */
export interface GlueExamples {
  readonly task: GlueTask;
  readonly split: GlueSplit;
  /** The file that was read. */
  readonly file: string;
  readonly examples: readonly GlueExample[];
  /** Rows that were skipped (always empty unless `invalidRows` is `'skip'`). */
  readonly skippedRows: readonly SkippedRow[];
}

/** Where a split is read from and what to do with bad rows. */
export interface ReadGlueOptions {
  /** The task folder, as the seed's `--data_dir $GLUE_DIR/$TASK_NAME`. Default `<data>/glue/<task folder>`. */
  readonly dataDir?: string;
  /** What to do with a bad row: throw (default) or leave it out and list it in `skippedRows`. */
  readonly invalidRows?: 'error' | 'skip';
}

const SPLITS: readonly GlueSplit[] = ['train', 'dev', 'test'];
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads one split of a GLUE task from the original TSV layout, exactly as HF's `glue_processors` do:
 * UTF-8 with an optional BOM, tab-separated, no quoting (a `"` is an ordinary character), any line end.
 * Unlike HF, every row is checked: a wrong column count or an unknown label throws a `DatasetFormatError`
 * naming the file and line, unless `invalidRows: 'skip'` (then the row is counted in `skippedRows`).
 */
export async function readGlueExamples(task: string | GlueTask, split: GlueSplit, options: ReadGlueOptions = {}): Promise<GlueExamples> {
  const spec = typeof task === 'string' ? getGlueTask(task) : task;
  const layout = splitLayout(spec, split);
  const invalidRows = options.invalidRows ?? 'error';
  if (invalidRows !== 'error' && invalidRows !== 'skip') {
    throw new InvalidConfigError({ path: 'invalidRows', expected: "'error' or 'skip'", received: invalidRows });
  }
  const file = await resolveGlueSplitFile(spec, split, options.dataDir);

  const examples: GlueExample[] = [];
  const skippedRows: SkippedRow[] = [];
  const reject = (line: number, reason: string): void => {
    if (invalidRows === 'skip') skippedRows.push({ line, reason });
    else throw new DatasetFormatError({ file, line, message: reason });
  };

  let expectedColumns = layout.columns;
  let sawAnyLine = false;
  let dataRowIndex = 0;
  for await (const batch of readLineBatches(file)) {
    for (let offset = 0; offset < batch.lines.length; offset += 1) {
      const text = batch.lines[offset] ?? '';
      const line = batch.firstLineNumber + offset;
      // Python's csv.reader yields [] for an empty line, so an empty line has no columns at all.
      const columns = text === '' ? [] : text.split('\t');
      if (!sawAnyLine) {
        sawAnyLine = true;
        if (layout.hasHeader) {
          expectedColumns = checkHeader(spec, split, layout, file, columns);
          continue;
        }
      }
      const rowIndex = dataRowIndex;
      dataRowIndex += 1;
      if (columns.length !== expectedColumns) {
        const found = columns.length === 0 ? 'an empty line' : `${columns.length} tab-separated column${columns.length === 1 ? '' : 's'}`;
        reject(line, `found ${found}; expected ${String(expectedColumns)} columns${layout.hasHeader ? ' (as in the header)' : ''} for ${spec.displayName} ${split}`);
        continue;
      }
      const label = layout.label === null ? null : (columns[layout.label === 'last' ? columns.length - 1 : layout.label] ?? '');
      if (label !== null) {
        const problem = labelProblem(spec, label);
        if (problem !== undefined) {
          reject(line, problem);
          continue;
        }
      }
      examples.push({
        guid: `${layout.setType}-${guidSuffix(layout, columns, line, rowIndex)}`,
        textA: columns[layout.textA] ?? '',
        textB: layout.textB === null ? null : (columns[layout.textB] ?? ''),
        label,
        line,
      });
    }
  }
  if (!sawAnyLine) throw new DatasetFormatError({ file, message: `empty file; expected ${layout.hasHeader ? 'a header line and ' : ''}${spec.displayName} ${split} rows` });
  if (dataRowIndex === 0) throw new DatasetFormatError({ file, line: 1, message: `no data rows after the header; expected ${spec.displayName} ${split} rows` });
  return { task: spec, split, file, examples, skippedRows };
}

/** The layout of `split`, or an error naming the splits the task has. */
export function splitLayout(task: GlueTask, split: GlueSplit): GlueSplitLayout {
  if (!SPLITS.includes(split)) throw new InvalidConfigError({ path: 'split', expected: `one of ${SPLITS.join(', ')}`, received: split });
  const layout = task.splits[split];
  if (layout === undefined) throw new NoSuchEntryError({ registry: `${task.displayName} split`, key: split, available: Object.keys(task.splits) });
  return layout;
}

/**
 * The TSV file of a split in `dataDir` (default `<data>/glue/<task folder>`). A missing file throws a
 * `DatasetFormatError` that says which names were tried and what the folder holds.
 */
export async function resolveGlueSplitFile(task: string | GlueTask, split: GlueSplit, dataDir?: string): Promise<string> {
  const spec = typeof task === 'string' ? getGlueTask(task) : task;
  const layout = splitLayout(spec, split);
  const folder = dataDir ?? path.join(glueDataRoot(), spec.folder);
  return findSplitFile(spec, split, layout, folder);
}

async function findSplitFile(task: GlueTask, split: GlueSplit, layout: GlueSplitLayout, dataDir: string): Promise<string> {
  for (const name of layout.files) {
    const candidate = path.join(dataDir, name);
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile() === true) return candidate;
  }
  const listing = await readdir(dataDir).catch(() => undefined);
  const found = listing === undefined ? 'the folder does not exist' : `the folder holds ${listing.length === 0 ? 'nothing' : listing.sort().join(', ')}`;
  throw new DatasetFormatError({
    file: path.join(dataDir, layout.files[0] ?? ''),
    message: `missing file; expected ${task.displayName} ${split} data in ${layout.files.join(' or ')} (the original GLUE layout), but ${found}`,
  });
}

function checkHeader(task: GlueTask, split: GlueSplit, layout: GlueSplitLayout, file: string, header: readonly string[]): number {
  const used = [layout.textA, layout.textB ?? 0, typeof layout.label === 'number' ? layout.label : 0, typeof layout.guid === 'number' ? layout.guid : 0];
  // `label: 'last'` needs a column besides the texts.
  const needed = Math.max(...used) + 1 + (layout.label === 'last' ? 1 : 0);
  if (header.length < needed) {
    throw new DatasetFormatError({
      file,
      line: 1,
      message: `the header has ${header.length} column${header.length === 1 ? '' : 's'}; expected at least ${needed} for ${task.displayName} ${split} (texts in columns ${layout.textA + 1}${layout.textB === null ? '' : ` and ${layout.textB + 1}`})`,
    });
  }
  return header.length;
}

function labelProblem(task: GlueTask, label: string): string | undefined {
  if (task.outputMode === 'regression') {
    // Python's float() accepts surrounding whitespace; unlike it, 'nan' and 'inf' are refused.
    return DECIMAL.test(label.trim()) ? undefined : `label ${JSON.stringify(label)} is not a number; expected a finite ${task.displayName} score`;
  }
  if (task.labels.includes(label)) return undefined;
  return `unknown label ${JSON.stringify(label)}; expected one of ${task.labels.map((known) => JSON.stringify(known)).join(', ')}`;
}

function guidSuffix(layout: GlueSplitLayout, columns: readonly string[], line: number, rowIndex: number): string {
  if (layout.guid === 'line-index') return String(line - 1);
  if (layout.guid === 'data-row-index') return String(rowIndex);
  return columns[layout.guid] ?? '';
}
