import { NoSuchEntryError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { GLUE_TASKS } from './glue-task';
import { GLUE_TASK_NAMES, getGlueTask } from './resolve-glue-task';

describe('getGlueTask', () => {
  it('accepts the seed spellings, case-insensitively, with or without hyphens', () => {
    for (const name of ['SST-2', 'sst-2', 'sst2', 'Sst_2', 'SST2']) expect(getGlueTask(name).name).toBe('sst-2');
    for (const name of ['MNLI', 'mnli', 'mnli-m', 'MNLI_matched']) expect(getGlueTask(name).name).toBe('mnli');
    for (const name of ['MNLI-MM', 'mnli-mm', 'mnli_mismatched', 'mnlimm']) expect(getGlueTask(name).name).toBe('mnli-mm');
    for (const name of ['STS-B', 'stsb', 'sts_b']) expect(getGlueTask(name).name).toBe('sts-b');
    for (const name of ['CoLA', 'QQP', 'QNLI', 'RTE', 'WNLI', 'MRPC']) expect(getGlueTask(name).displayName).toBe(name);
    expect(getGlueTask('AX').name).toBe('ax');
    expect(getGlueTask('diagnostic').name).toBe('ax');
  });

  it('throws NoSuchEntryError listing the task names', () => {
    let error: unknown;
    try {
      getGlueTask('squad');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(NoSuchEntryError);
    expect(error).toMatchObject({ key: 'squad', available: GLUE_TASK_NAMES });
    expect((error as Error).message).toMatch(/cola, sst-2, mrpc/);
  });

  it('has HF label lists, output modes and label counts', () => {
    expect(GLUE_TASKS.cola.labels).toEqual(['0', '1']);
    expect(GLUE_TASKS.mnli.labels).toEqual(['contradiction', 'entailment', 'neutral']);
    expect(GLUE_TASKS.qnli.labels).toEqual(['entailment', 'not_entailment']);
    expect(GLUE_TASKS.rte.labels).toEqual(['entailment', 'not_entailment']);
    expect(GLUE_TASKS['sts-b']).toMatchObject({ outputMode: 'regression', numLabels: 1, labels: [] });
    const numLabels = Object.fromEntries(GLUE_TASK_NAMES.map((name) => [name, GLUE_TASKS[name].numLabels]));
    // HF glue_tasks_num_labels, plus ax (MNLI's three labels).
    expect(numLabels).toEqual({ cola: 2, 'sst-2': 2, mrpc: 2, 'sts-b': 1, qqp: 2, mnli: 3, 'mnli-mm': 3, qnli: 2, rte: 2, wnli: 2, ax: 3 });
    for (const name of GLUE_TASK_NAMES) {
      const task = GLUE_TASKS[name];
      expect(task.outputMode).toBe(name === 'sts-b' ? 'regression' : 'classification');
      if (task.outputMode === 'classification') expect(task.labels).toHaveLength(task.numLabels);
    }
  });
});
