import type { ModelWithHeads } from '@adapters/auto';
import type { GlueTask } from '@adapters/datasets';
import { ensureTaskHead } from './task-head';

/**
 * Class names for the tasks whose TSV labels are digits, as HF `datasets` names them (run_glue passes
 * `features["label"].names` to `add_classification_head(id2label=...)`), so predictions read `positive`, not `1`.
 */
const GLUE_LABEL_NAMES: Readonly<Record<string, readonly string[]>> = {
  cola: ['unacceptable', 'acceptable'],
  'sst-2': ['negative', 'positive'],
  mrpc: ['not_equivalent', 'equivalent'],
  qqp: ['not_duplicate', 'duplicate'],
  wnli: ['not_entailment', 'entailment'],
};

/** The names stored in the head config for class ids 0, 1, ... of a GLUE task. */
export function glueLabelNames(task: GlueTask): readonly string[] {
  return GLUE_LABEL_NAMES[task.name] ?? task.labels;
}

/**
 * Gives the model a classification head named `name` with the task's label names (one output, i.e. regression,
 * for STS-B), keeping one loaded with `--load_adapter` when its label count fits, and drops the other heads.
 */
export function ensureGlueHead(model: ModelWithHeads, name: string, task: GlueTask, loadedFrom = '--load_adapter'): void {
  ensureTaskHead(model, name, {
    loadedFrom,
    fits: (config) => {
      const labels = config.numLabels ?? config.num_labels;
      return labels !== undefined && labels !== task.numLabels ? `a head with ${task.numLabels} label(s) for ${task.displayName}` : undefined;
    },
    add: () => {
      if (task.outputMode === 'regression') model.addClassificationHead(name, { numLabels: 1 });
      else model.addClassificationHead(name, { numLabels: task.numLabels, id2label: Object.fromEntries(glueLabelNames(task).map((label, id) => [id, label])) });
    },
  });
}
