import type { FlagSpecs } from '../arguments/flag-spec';

/** Extractive QA (run_qa.py). */
export const QUESTION_ANSWERING_FLAGS = {
  task_name: { type: 'string', default: 'squad', valueName: 'NAME', group: 'Data', help: 'Name of the adapter and the QA head.' },
  doc_stride: { type: 'integer', default: 64, valueName: 'N', group: 'Data', help: 'Context tokens shared by consecutive windows of a long context.' },
  max_query_length: { type: 'integer', default: 64, valueName: 'N', group: 'Data', help: 'Longest question in tokens; longer ones are cut.' },
  max_answer_length: { type: 'integer', default: 30, valueName: 'N', group: 'Data', help: 'Longest answer in tokens that post-processing considers.' },
  n_best_size: { type: 'integer', default: 20, valueName: 'N', group: 'Data', help: 'Best start and end positions paired per window.' },
  version_2_with_negative: { type: 'boolean', default: false, group: 'Data', help: 'SQuAD v2: some questions have no answer; predict none when the null score wins by --null_score_diff_threshold.' },
  null_score_diff_threshold: { type: 'number', default: 0, group: 'Data', help: 'v2: predict no answer when null score - best span score exceeds this.' },
} as const satisfies FlagSpecs;
