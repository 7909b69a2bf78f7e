import { describe, expect, it } from 'vitest';
import { formatPythonFloat } from './python-float-repr';

// Expected strings are Python 3 `repr(float)` output.
const CASES: ReadonlyArray<readonly [number, string]> = [
  [0, '0.0'],
  [-0, '-0.0'],
  [1, '1.0'],
  [-2, '-2.0'],
  [4, '4.0'],
  [0.1, '0.1'],
  [0.5, '0.5'],
  [0.0001, '0.0001'],
  [0.00001, '1e-05'],
  [0.00001234, '1.234e-05'],
  [123.456, '123.456'],
  [1e15, '1000000000000000.0'],
  [9999999999999998, '9999999999999998.0'],
  [1e16, '1e+16'],
  [1.5e16, '1.5e+16'],
  [123456789012345678, '1.2345678901234568e+17'],
  [1e22, '1e+22'],
  [5e-324, '5e-324'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [Number.NaN, 'NaN'],
  [Infinity, 'Infinity'],
  [-Infinity, '-Infinity'],
];

describe('formatPythonFloat', () => {
  it.each(CASES)('writes %s as Python repr %s', (value, expected) => {
    expect(formatPythonFloat(value)).toBe(expected);
  });
});
