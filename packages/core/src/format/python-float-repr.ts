/**
 * Python's `repr(float)`: the shortest digits that round-trip (as JavaScript), but written in exponent
 * form when the decimal exponent is below -4 or at least 16 (`1e-05`, `1.5e+16`), and with `.0` on
 * integral values (`1.0`, `-0.0`). `json.dumps` writes floats this way, with `NaN` / `Infinity` spelled out.
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';

  // toExponential() without an argument gives the shortest round-trip digits, like Python's repr.
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');

  if (exponent < -4 || exponent >= 16) {
    const body = digits.length === 1 ? digits : `${digits.slice(0, 1)}.${digits.slice(1)}`;
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${body}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fractionPart = digits.slice(exponent + 1);
  return `${sign}${integerPart}.${fractionPart === '' ? '0' : fractionPart}`;
}
