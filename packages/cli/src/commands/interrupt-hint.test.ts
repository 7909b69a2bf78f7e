import { describe, expect, it } from 'vitest';
import { EVAL_COMMAND } from './eval-command';
import { GLUE_COMMAND } from './glue-command';
import { installInterruptHint } from './interrupt-hint';

describe('installInterruptHint', () => {
  it('on Ctrl-C during a training command, says how to resume and exits with 130; removed afterwards', () => {
    const lines: string[] = [];
    const codes: number[] = [];
    const before = process.listenerCount('SIGINT');
    const remove = installInterruptHint(GLUE_COMMAND, ['--task_name', 'rte', '--output-dir=/tmp/rte-run'], (line) => lines.push(line), (code) => codes.push(code));
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    expect(codes).toEqual([130]);
    expect(lines.at(-1)).toBe('interrupted. Checkpoints saved so far are in /tmp/rte-run: run the same command with --resume_from_checkpoint latest to continue from the newest one.');
    remove();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('leaves commands without checkpoints alone', () => {
    const before = process.listenerCount('SIGINT');
    const remove = installInterruptHint(EVAL_COMMAND, [], () => {});
    expect(process.listenerCount('SIGINT')).toBe(before);
    remove();
  });
});
