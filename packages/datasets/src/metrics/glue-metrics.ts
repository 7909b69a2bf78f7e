import { NoSuchEntryError } from '@adapters/core';
import { normalizeTaskKey } from '../glue/resolve-glue-task';
import { accuracy, accuracyAndF1, matthewsCorrelation } from './classification-metrics';
import { pearsonAndSpearman } from './correlation-metrics';

/** Metric names → values, keyed exactly as HF's `glue_compute_metrics` keys them (`mcc`, `acc`, `mnli/acc`...). */
export type GlueMetrics = Readonly<Record<string, number>>;

type MetricFunction = (predictions: ArrayLike<number>, labels: ArrayLike<number>) => GlueMetrics;

// HF `glue_compute_metrics`, plus `ax` (not in HF): GLUE scores the diagnostic set with the 3-class Matthews
// correlation, which `matthewsCorrelation` computes like sklearn.
const GLUE_METRICS: Readonly<Record<string, MetricFunction>> = {
  cola: (predictions, labels) => ({ mcc: matthewsCorrelation(predictions, labels) }),
  sst2: (predictions, labels) => ({ acc: accuracy(predictions, labels) }),
  mrpc: accuracyAndF1,
  stsb: pearsonAndSpearman,
  qqp: accuracyAndF1,
  mnli: (predictions, labels) => ({ 'mnli/acc': accuracy(predictions, labels) }),
  mnlimm: (predictions, labels) => ({ 'mnli-mm/acc': accuracy(predictions, labels) }),
  qnli: (predictions, labels) => ({ acc: accuracy(predictions, labels) }),
  rte: (predictions, labels) => ({ acc: accuracy(predictions, labels) }),
  wnli: (predictions, labels) => ({ acc: accuracy(predictions, labels) }),
  hans: (predictions, labels) => ({ acc: accuracy(predictions, labels) }),
  ax: (predictions, labels) => ({ mcc: matthewsCorrelation(predictions, labels) }),
};

const ALIASES: Readonly<Record<string, string>> = { mnlim: 'mnli', mnlimatched: 'mnli', mnlimismatched: 'mnlimm', diagnostic: 'ax' };

/**
 * The GLUE metrics of a task, as HF's `glue_compute_metrics(task_name, preds, labels)`: cola → `mcc`;
 * sst-2, qnli, rte, wnli, hans → `acc`; mrpc, qqp → `acc`, `f1`, `acc_and_f1`; sts-b → `pearson`,
 * `spearmanr`, `corr`; mnli → `mnli/acc`; mnli-mm → `mnli-mm/acc`; ax → `mcc`. Task names are matched like
 * `getGlueTask` (`SST-2`, `sst2`...). Predictions are class ids (see `argmaxRows`) or, for sts-b, scores.
 */
export function glueComputeMetrics(task: string, predictions: ArrayLike<number>, labels: ArrayLike<number>): GlueMetrics {
  const key = normalizeTaskKey(task);
  const compute = GLUE_METRICS[ALIASES[key] ?? key];
  if (compute === undefined) {
    throw new NoSuchEntryError({ registry: 'GLUE metric', key: task, available: ['cola', 'sst-2', 'mrpc', 'sts-b', 'qqp', 'mnli', 'mnli-mm', 'qnli', 'rte', 'wnli', 'hans', 'ax'] });
  }
  return compute(predictions, labels);
}
