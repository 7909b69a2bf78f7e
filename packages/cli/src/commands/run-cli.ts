import { AdaptersError, closestName, ioError } from '@adapters/core';
import type { CommandSpec } from '../arguments/flag-spec';
import { printerOf, type CommandContext } from '../setup/command-context';
import { CONVERT_COMMAND, runConvert } from './convert-command';
import { EVAL_COMMAND, runEval } from './eval-command';
import { FUSION_GLUE_COMMAND, runFusionGlue } from './fusion-glue-command';
import { GLUE_COMMAND, runGlue } from './glue-command';
import { INFO_COMMAND, runInfo } from './info-command';
import { installInterruptHint } from './interrupt-hint';
import { LANGUAGE_MODELING_COMMAND, runLanguageModeling } from './language-modeling-command';
import { PREDICT_COMMAND, runPredict } from './predict-command';
import { NER_COMMAND, runNer } from './ner-command';
import { QUESTION_ANSWERING_COMMAND, runQuestionAnswering } from './question-answering-command';
import { MULTIPLE_CHOICE_COMMAND, runMultipleChoice } from './multiple-choice-command';
import { CAUSAL_LANGUAGE_MODELING_COMMAND, runCausalLanguageModeling } from './causal-language-modeling-command';
import { GENERATE_COMMAND, runGenerate } from './generate-command';

/** The sub-commands of the `adapters` bin, with their specs (for help) and their functions. */
export const CLI_COMMANDS: ReadonlyArray<{ readonly spec: CommandSpec; readonly run: (argv: readonly string[], context: CommandContext) => Promise<unknown> }> = [
  { spec: GLUE_COMMAND, run: runGlue },
  { spec: LANGUAGE_MODELING_COMMAND, run: runLanguageModeling },
  { spec: CAUSAL_LANGUAGE_MODELING_COMMAND, run: runCausalLanguageModeling },
  { spec: GENERATE_COMMAND, run: runGenerate },
  { spec: FUSION_GLUE_COMMAND, run: runFusionGlue },
  { spec: NER_COMMAND, run: runNer },
  { spec: QUESTION_ANSWERING_COMMAND, run: runQuestionAnswering },
  { spec: MULTIPLE_CHOICE_COMMAND, run: runMultipleChoice },
  { spec: EVAL_COMMAND, run: runEval },
  { spec: PREDICT_COMMAND, run: runPredict },
  { spec: INFO_COMMAND, run: runInfo },
  { spec: CONVERT_COMMAND, run: runConvert },
];

export interface CliContext extends CommandContext {
  /** Receives error messages. Default `console.error`. */
  readonly printError?: (line: string) => void;
}

/** The overview `adapters --help` prints. */
export function formatCommandList(): string {
  const width = Math.max(...CLI_COMMANDS.map(({ spec }) => spec.name.length));
  const lines = ['Usage: adapters <command> [flags]   (adapters <command> --help for its flags)', '', 'Commands:'];
  for (const { spec } of CLI_COMMANDS) lines.push(`  ${spec.name.padEnd(width)}  ${spec.summary.split('. ')[0]?.replace(/\.$/, '')}.`);
  return lines.join('\n');
}

/** Taken out of the command line before the command sees it: print the full stack of an error. */
export const DEBUG_FLAG = '--debug';

/** The full stack of an error and of its causes, for `--debug`. */
function stackOf(error: unknown): string {
  const lines: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 8; depth += 1) {
    lines.push(`${depth === 0 ? '' : 'caused by: '}${current instanceof Error ? (current.stack ?? current.message) : String(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}

/**
 * The `adapters` bin: dispatches `adapters <command> ...` and turns library errors, and file-system errors
 * (`ENOSPC`, `EACCES`, ... as an `IoError`), into one readable line; `--debug` (anywhere on the line) adds
 * the full stack. Returns the exit code: 0 done, 1 failed, 2 bad command line.
 */
export async function runCli(argv: readonly string[], context: CliContext = {}): Promise<number> {
  const print = printerOf(context);
  const printError = context.printError ?? ((line: string) => console.error(line));
  const debug = argv.includes(DEBUG_FLAG);
  const [name, ...rest] = argv.filter((argument) => argument !== DEBUG_FLAG);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    print(formatCommandList());
    return name === undefined ? 2 : 0;
  }
  const command = CLI_COMMANDS.find(({ spec }) => spec.name === name);
  if (command === undefined) {
    const suggestion = closestName(name, CLI_COMMANDS.map(({ spec }) => spec.name));
    printError(`error: unknown command '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`);
    printError(formatCommandList());
    return 2;
  }
  const removeInterruptHint = installInterruptHint(command.spec, rest, printError);
  try {
    await command.run(rest, context);
    return 0;
  } catch (thrown) {
    const error = ioError('access', undefined, thrown);
    if (!AdaptersError.isInstance(error)) throw thrown;
    printError(`error: ${error.message}`);
    if (debug) printError(stackOf(error));
    return error.code === 'invalid-config' ? 2 : 1;
  } finally {
    removeInterruptHint();
  }
}
