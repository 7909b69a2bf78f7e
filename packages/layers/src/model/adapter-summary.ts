export interface AdapterSummaryRow {
  readonly name: string;
  readonly architecture: string;
  readonly parameters: number;
  readonly percentOfBackbone: number;
  readonly active: boolean;
  readonly trainable: boolean;
}

/** The library's `adapter_summary()` table: Name, Architecture, #Param, %Param, Active, Train. */
export function formatAdapterSummary(rows: readonly AdapterSummaryRow[]): string {
  const header = ['Name', 'Architecture', '#Param', '%Param', 'Active', 'Train'];
  const body = rows.map((row) => [
    row.name,
    row.architecture,
    row.parameters.toLocaleString('en-US'),
    row.percentOfBackbone.toFixed(3),
    row.name === 'Full model' ? '' : String(row.active),
    String(row.trainable),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column >= 2 && column <= 3 ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number))).join(' | ');
  const rule = '-'.repeat(widths.reduce((total, width) => total + width + 3, -3));
  const lines = [rule, line(header), rule];
  body.forEach((cells, index) => {
    if (index === body.length - 1) lines.push(rule);
    lines.push(line(cells));
  });
  lines.push(rule);
  return lines.join('\n');
}
