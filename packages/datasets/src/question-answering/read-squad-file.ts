import { DatasetFormatError, nodeModule } from '@adapters/core';

const { readFile } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');

export interface SquadAnswer {
  readonly text: string;
  /** Character offset of the answer in the context (UTF-16 code units, as Python's str indices for BMP text). */
  readonly answerStart: number;
}

/** One question with its paragraph. */
export interface SquadExample {
  readonly id: string;
  readonly title: string;
  /** Index of the article in the file (articles are what `splitSquadByArticle` keeps together). */
  readonly articleIndex: number;
  readonly context: string;
  readonly question: string;
  /** Gold answers; empty for an unanswerable (v2 `is_impossible`) question. */
  readonly answers: readonly SquadAnswer[];
  readonly isImpossible: boolean;
}

export interface SquadDataset {
  readonly file: string;
  readonly version: string | undefined;
  readonly articles: number;
  readonly paragraphs: number;
  readonly examples: readonly SquadExample[];
}

/**
 * Reads a SQuAD v1.1 / v2.0 JSON file (`{ version, data: [{ title, paragraphs: [{ context, qas: [{ id,
 * question, answers: [{ text, answer_start }], is_impossible? }] }] }] }`). Every answer is checked against
 * its context: a text that is not at `answer_start`, a missing field or a duplicate id throws a
 * `DatasetFormatError` naming the file and the question id.
 */
export async function readSquadFile(file: string): Promise<SquadDataset> {
  let json: unknown;
  try {
    json = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    if ((error as { code?: unknown }).code !== undefined) throw error;
    throw new DatasetFormatError({ file, message: `not valid JSON (${(error as Error).message}); expected a SQuAD JSON file` });
  }
  const root = json as { version?: unknown; data?: unknown };
  if (typeof root !== 'object' || root === null || !Array.isArray(root.data)) throw new DatasetFormatError({ file, message: 'expected an object with a "data" array of articles' });
  const examples: SquadExample[] = [];
  const seen = new Set<string>();
  let paragraphs = 0;
  root.data.forEach((article: { title?: unknown; paragraphs?: unknown }, articleIndex) => {
    if (!Array.isArray(article?.paragraphs)) throw new DatasetFormatError({ file, message: `data[${articleIndex}] has no "paragraphs" array` });
    const title = typeof article.title === 'string' ? article.title : '';
    for (const [paragraphIndex, paragraph] of (article.paragraphs as Array<{ context?: unknown; qas?: unknown }>).entries()) {
      paragraphs += 1;
      const where = `data[${articleIndex}].paragraphs[${paragraphIndex}]`;
      if (typeof paragraph?.context !== 'string' || !Array.isArray(paragraph.qas)) throw new DatasetFormatError({ file, message: `${where} needs a "context" string and a "qas" array` });
      const context = paragraph.context;
      for (const qa of paragraph.qas as Array<Record<string, unknown>>) {
        const id = typeof qa?.id === 'string' ? qa.id : undefined;
        if (id === undefined) throw new DatasetFormatError({ file, message: `a question in ${where} has no string "id"` });
        if (seen.has(id)) throw new DatasetFormatError({ file, id, message: 'duplicate question id' });
        seen.add(id);
        if (typeof qa.question !== 'string') throw new DatasetFormatError({ file, id, message: 'no "question" string' });
        const isImpossible = qa.is_impossible === true;
        const answers = readAnswers(file, id, context, qa.answers, isImpossible);
        examples.push({ id, title, articleIndex, context, question: qa.question, answers, isImpossible });
      }
    }
  });
  return { file, version: typeof root.version === 'string' ? root.version : undefined, articles: root.data.length, paragraphs, examples };
}

function readAnswers(file: string, id: string, context: string, value: unknown, isImpossible: boolean): SquadAnswer[] {
  if (!Array.isArray(value)) throw new DatasetFormatError({ file, id, message: 'no "answers" array' });
  if (isImpossible) return [];
  if (value.length === 0) throw new DatasetFormatError({ file, id, message: 'no answers; expected at least one (or "is_impossible": true)' });
  return value.map((answer: { text?: unknown; answer_start?: unknown }, index) => {
    const { text, answer_start: start } = answer ?? {};
    if (typeof text !== 'string' || !Number.isInteger(start)) throw new DatasetFormatError({ file, id, message: `answers[${index}] needs a "text" string and an integer "answer_start"` });
    const found = context.slice(start as number, (start as number) + text.length);
    if (found !== text) {
      throw new DatasetFormatError({ file, id, message: `answers[${index}].text ${JSON.stringify(text)} is not in the context at answer_start ${String(start)} (found ${JSON.stringify(found)})` });
    }
    return { text, answerStart: start as number };
  });
}
