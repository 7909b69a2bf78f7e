import type { TrainerLogger } from '@adapters/trainer';

/** How a command talks to its caller; the defaults suit a terminal. */
export interface CommandContext {
  /** Receives every line the command prints (results, where files went). Default `console.log`. */
  readonly print?: (line: string) => void;
  /** Receives the trainer's events instead of the console progress (tests use it to stop a run). */
  readonly trainerLogger?: TrainerLogger;
}

/** The print function of a context. */
export function printerOf(context: CommandContext): (line: string) => void {
  return context.print ?? ((line: string) => console.log(line));
}
