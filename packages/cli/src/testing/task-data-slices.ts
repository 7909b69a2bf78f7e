// Test support: small slices of the shared NER and QA data written to temp folders (never into the repository:
// CoNLL-2003 is research-only).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataRoot } from '@adapters/test-utils';

/** The first `sentences` sentences of a CoNLL-2003 file (with the -DOCSTART- lines among them) as `file`. */
export async function saveConllSlice(source: 'eng.train' | 'eng.testa', file: string, sentences: number): Promise<string> {
  const blocks = (await readFile(path.join(dataRoot(), 'conll2003', source), 'utf8')).split('\n\n');
  const kept: string[] = [];
  let count = 0;
  for (const block of blocks) {
    if (count === sentences) break;
    kept.push(block);
    // -DOCSTART- lines are blocks of their own, not sentences.
    if (!block.startsWith('-DOCSTART-')) count += 1;
  }
  await writeFile(file, `${kept.join('\n\n')}\n`);
  return file;
}

/** The first `articles` articles of XQuAD (SQuAD v1.1 layout), each cut to its first paragraph, as `file`. */
export async function saveSquadSlice(file: string, articles: number): Promise<string> {
  const json = JSON.parse(await readFile(path.join(dataRoot(), 'squad', 'xquad.en.json'), 'utf8')) as { data: Array<{ paragraphs: unknown[] }> };
  const data = json.data.slice(0, articles).map((article) => ({ ...article, paragraphs: article.paragraphs.slice(0, 1) }));
  await writeFile(file, JSON.stringify({ version: '1.1', data }));
  return file;
}
