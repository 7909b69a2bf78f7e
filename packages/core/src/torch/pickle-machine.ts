// A restricted pickle interpreter: only the opcodes `torch.save` state dicts use, and no global runs unless
// the caller allows it by name before anything is built (what `torch.load(weights_only=True)` enforces).
import { TorchCheckpointError } from '../errors/torch-checkpoint-error';

/** A `GLOBAL module name` reference; it is only ever a tag, never looked up or called by this module. */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}

  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A Python tuple (lists are plain arrays, dicts are `Map`s). */
export class PickleTuple {
  constructor(readonly items: readonly unknown[]) {}
}

export interface PickleHooks {
  /** Fully qualified names (`collections.OrderedDict`) that may appear; any other global is refused on sight. */
  readonly allowedGlobals: ReadonlySet<string>;
  /** `REDUCE`: applies an allowed global to its argument tuple. */
  reduce(callable: PickleGlobal, args: PickleTuple): unknown;
  /** `BINPERSID`: resolves a persistent id (torch's storage references). */
  persistentLoad(id: unknown): unknown;
}

export interface PickleResult {
  readonly value: unknown;
  /** The offset just past the `STOP` opcode (legacy torch files hold several pickles back to back). */
  readonly end: number;
}

const MARK = Symbol('mark');
const MAX_MEMO_INDEX = 0xffffffff;

/**
 * Runs one pickle starting at `start`. Iterative (one loop over opcodes, no recursion), every length is checked
 * against the bytes left, and every error is a `TorchCheckpointError` naming the opcode's offset.
 */
export function runPickle(bytes: Uint8Array, start: number, hooks: PickleHooks, file: string, entry: string): PickleResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let position = start;
  let opcodeStart = start;

  const fail = (message: string): never => {
    throw new TorchCheckpointError({ file, entry, message: `pickle byte ${opcodeStart}: ${message}` });
  };
  const need = (count: number): number => {
    if (count < 0 || position + count > bytes.length) fail(`needs ${count} more bytes, but the pickle ends at byte ${bytes.length}.`);
    const at = position;
    position += count;
    return at;
  };
  const pop = (): unknown => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) fail('pops from an empty stack.');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) fail('reads an empty stack.');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const mark = marks.pop();
    if (mark === undefined) fail('no MARK to pop to.');
    return stack.splice(mark!);
  };
  const text = (length: number, encoding: 'utf-8' | 'latin1'): string => {
    const at = need(length);
    try {
      return new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(bytes.subarray(at, at + length));
    } catch {
      return fail(`a string of ${length} bytes is not valid UTF-8.`);
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, position);
    if (end < 0) fail('GLOBAL name is not terminated by a newline.');
    return text(end - position + 1, 'latin1').slice(0, -1);
  };
  const pushGlobal = (module: string, name: string): void => {
    const qualified = `${module}.${name}`;
    if (!hooks.allowedGlobals.has(qualified)) {
      fail(`the global '${qualified}' is not allowed; only tensor state dicts are read (${[...hooks.allowedGlobals].join(', ')}).`);
    }
    stack.push(new PickleGlobal(module, name));
  };
  const memoKey = (key: number): number => {
    if (key > MAX_MEMO_INDEX) fail(`memo index ${key} is out of range.`);
    return key;
  };
  const memoGet = (key: number): void => {
    if (!memo.has(key)) fail(`memo entry ${key} was never stored.`);
    stack.push(memo.get(key));
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof Map)) fail('SETITEM(S) on something that is not a dict.');
    if (items.length % 2 !== 0) fail('SETITEMS with an odd number of items.');
    for (let index = 0; index < items.length; index += 2) (target as Map<unknown, unknown>).set(items[index], items[index + 1]);
  };
  const append = (target: unknown, items: unknown[]): void => {
    if (!Array.isArray(target)) fail('APPEND(S) on something that is not a list.');
    for (const item of items) (target as unknown[]).push(item);
  };
  const signedLong = (length: number): number | bigint => {
    const at = need(length);
    let value = 0n;
    for (let index = length - 1; index >= 0; index -= 1) value = (value << 8n) | BigInt(bytes[at + index]!);
    if (length > 0 && (bytes[at + length - 1]! & 0x80) !== 0) value -= 1n << BigInt(8 * length);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  };

  for (;;) {
    opcodeStart = position;
    if (position >= bytes.length) fail('the pickle ends without a STOP opcode.');
    const opcode = bytes[need(1)]!;
    switch (opcode) {
      case 0x80: // PROTO
        need(1);
        break;
      case 0x95: // FRAME (a hint; the bytes follow inline)
        need(8);
        break;
      case 0x2e: {
        // STOP
        if (stack.length !== 1 || marks.length > 0) fail(`STOP with ${stack.length} values on the stack.`);
        return { value: stack[0], end: position };
      }
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PickleTuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new PickleTuple(popMark()));
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const items: unknown[] = [];
        for (let count = opcode - 0x84; count > 0; count -= 1) items.unshift(pop());
        stack.push(new PickleTuple(items));
        break;
      }
      case 0x71: // BINPUT
        memo.set(bytes[need(1)]!, top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(memoKey(view.getUint32(need(4), true)), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        memoGet(bytes[need(1)]!);
        break;
      case 0x6a: // LONG_BINGET
        memoGet(view.getUint32(need(4), true));
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x4b: // BININT1
        stack.push(bytes[need(1)]!);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(need(2), true));
        break;
      case 0x8a: // LONG1
        stack.push(signedLong(bytes[need(1)]!));
        break;
      case 0x8b: {
        // LONG4
        const length = view.getInt32(need(4), true);
        if (length > 64) fail(`LONG4 of ${length} bytes; integers that large do not occur in a state dict.`);
        stack.push(signedLong(length));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x58: // BINUNICODE
        stack.push(text(view.getUint32(need(4), true), 'utf-8'));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(bytes[need(1)]!, 'utf-8'));
        break;
      case 0x54: // BINSTRING (Python 2 str)
        stack.push(text(view.getInt32(need(4), true), 'latin1'));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(text(bytes[need(1)]!, 'latin1'));
        break;
      case 0x42: {
        // BINBYTES
        const length = view.getUint32(need(4), true);
        const at = need(length);
        stack.push(bytes.slice(at, at + length));
        break;
      }
      case 0x43: {
        // SHORT_BINBYTES
        const length = bytes[need(1)]!;
        const at = need(length);
        stack.push(bytes.slice(at, at + length));
        break;
      }
      case 0x63: {
        // GLOBAL: checked against the allow-list before anything else happens.
        const module = line();
        pushGlobal(module, line());
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings.');
        pushGlobal(module as string, name as string);
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        if (!(callable instanceof PickleGlobal)) fail('REDUCE on something that is not an allowed global.');
        if (!(args instanceof PickleTuple)) fail('REDUCE arguments are not a tuple.');
        stack.push(hooks.reduce(callable as PickleGlobal, args as PickleTuple));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop()));
        break;
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        append(top(), [item]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x62: {
        // BUILD: only a dict's attributes (an OrderedDict's `_metadata`), which a state dict ignores.
        pop();
        if (!(top() instanceof Map)) fail('BUILD on something that is not a dict.');
        break;
      }
      case 0x30: // POP
        pop();
        break;
      default:
        fail(`opcode 0x${opcode.toString(16).padStart(2, '0')} is not allowed in a tensor state dict.`);
    }
  }
}
