import { InvalidConfigError } from '@adapters/core';

/** One entity: its type and the first and last position (inclusive) in the flattened tag list. */
export interface Entity {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** seqeval's `classification_report`-style numbers; `overall` is the micro average. */
export interface EntityScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Gold entities. */
  readonly support: number;
  readonly perType: Readonly<Record<string, { precision: number; recall: number; f1: number; support: number }>>;
}

/**
 * seqeval's default-mode `get_entities` (conlleval rules): works on IOB1, IOB2, IOE and IOBES alike, so an
 * I- tag after O (or after another type) starts an entity. Sentences are joined with an O between them, so
 * positions index the flattened list.
 */
export function getEntities(sequences: readonly (readonly string[])[] | readonly string[]): Entity[] {
  const flat: string[] = [];
  if (sequences.some((item) => Array.isArray(item))) for (const sentence of sequences as readonly (readonly string[])[]) flat.push(...sentence, 'O');
  else flat.push(...(sequences as readonly string[]));
  const entities: Entity[] = [];
  let previousTag = 'O';
  let previousType = '';
  let begin = 0;
  flat.push('O');
  flat.forEach((chunk, index) => {
    const tag = chunk[0] ?? 'O';
    // Python: chunk[1:].split('-', maxsplit=1)[-1] or '_'
    const rest = chunk.slice(1);
    const dash = rest.indexOf('-');
    const type = (dash === -1 ? rest : rest.slice(dash + 1)) || '_';
    if (endOfChunk(previousTag, tag, previousType, type)) entities.push({ type: previousType, start: begin, end: index - 1 });
    if (startOfChunk(previousTag, tag, previousType, type)) begin = index;
    previousTag = tag;
    previousType = type;
  });
  return entities;
}

function endOfChunk(previousTag: string, tag: string, previousType: string, type: string): boolean {
  if (previousTag === 'E' || previousTag === 'S') return true;
  if ((previousTag === 'B' || previousTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return previousTag !== 'O' && previousTag !== '.' && previousType !== type;
}

function startOfChunk(previousTag: string, tag: string, previousType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((previousTag === 'E' || previousTag === 'S' || previousTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && previousType !== type;
}

/**
 * Entity-level precision, recall and F1 as seqeval's `precision_score` / `recall_score` / `f1_score`
 * (default mode, micro average): an entity counts when type, start and end all match. 0 where a ratio is 0/0
 * (seqeval's zero_division default, after its warning).
 */
export function entityScores(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[]): EntityScores {
  checkSequences(gold, predicted);
  const key = (entity: Entity): string => `${entity.type}\u0000${entity.start}\u0000${entity.end}`;
  const goldEntities = getEntities(gold);
  const predictedEntities = getEntities(predicted);
  const goldKeys = new Set(goldEntities.map(key));
  const types = new Set([...goldEntities, ...predictedEntities].map((entity) => entity.type));
  const perType: Record<string, { precision: number; recall: number; f1: number; support: number }> = {};
  for (const type of [...types].sort()) {
    const goldOfType = goldEntities.filter((entity) => entity.type === type);
    const predictedOfType = predictedEntities.filter((entity) => entity.type === type);
    const hits = predictedOfType.filter((entity) => goldKeys.has(key(entity))).length;
    perType[type] = { ...prf(hits, predictedOfType.length, goldOfType.length), support: goldOfType.length };
  }
  const hits = predictedEntities.filter((entity) => goldKeys.has(key(entity))).length;
  return { ...prf(hits, predictedEntities.length, goldEntities.length), support: goldEntities.length, perType };
}

/** seqeval's `accuracy_score`: the share of positions whose tag is right. */
export function tokenAccuracy(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[]): number {
  checkSequences(gold, predicted);
  let total = 0;
  let right = 0;
  gold.forEach((sentence, row) => {
    sentence.forEach((tag, index) => {
      total += 1;
      if (predicted[row]?.[index] === tag) right += 1;
    });
  });
  return total === 0 ? 0 : right / total;
}

function prf(hits: number, predicted: number, gold: number): { precision: number; recall: number; f1: number } {
  const precision = predicted === 0 ? 0 : hits / predicted;
  const recall = gold === 0 ? 0 : hits / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function checkSequences(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[]): void {
  if (gold.length !== predicted.length) throw new InvalidConfigError({ path: 'predicted', expected: `${gold.length} sentences, as many as the gold tags`, received: predicted.length });
  gold.forEach((sentence, row) => {
    const length = predicted[row]?.length;
    if (length !== sentence.length) throw new InvalidConfigError({ path: `predicted[${row}]`, expected: `${sentence.length} tags, as many as the gold sentence`, received: length });
  });
}
