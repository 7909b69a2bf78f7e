/**
 * One CSV record (RFC 4180 as Python's csv module reads it): comma-separated, fields may be double-quoted,
 * `""` inside quotes is a quote. Returns undefined when a quoted field is still open at the end of the text
 * (the record continues on the next line).
 */
export function parseCsvRecord(text: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      fields.push(field);
      field = '';
    } else field += character;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
