import type { FlagSpecs } from '../arguments/flag-spec';

/** Multiple choice (run_swag.py; also CommonsenseQA). */
export const MULTIPLE_CHOICE_FLAGS = {
  task_name: { type: 'string', default: 'mc', valueName: 'NAME', group: 'Data', help: 'Name of the adapter and the multiple-choice head.' },
  dataset_format: { type: 'string', default: 'auto', choices: ['auto', 'swag', 'commonsense_qa'], group: 'Data', help: 'Layout of the data files (auto: from the rows; .csv is SWAG).' },
} as const satisfies FlagSpecs;
