import type { SpecialTokens } from '@adapters/core';
import { addedToken, type AddedToken } from './added-tokens';

/** A special token wish: its text and how it matches in raw text. */
export interface SpecialTokenSpec {
  readonly content: string;
  readonly leftStrip?: boolean | undefined;
  readonly rightStrip?: boolean | undefined;
  readonly singleWord?: boolean | undefined;
}

/**
 * Registers special tokens as added tokens (so they are split out of raw text whole), reusing an existing
 * added token or vocabulary id, else giving the next free id as HF's slow tokenizers do.
 */
export function registerSpecialTokens(
  specs: readonly SpecialTokenSpec[],
  vocab: ReadonlyMap<string, number>,
  existing: readonly AddedToken[],
): AddedToken[] {
  const result = [...existing];
  const known = new Set(existing.map((token) => token.content));
  // a loop, not Math.max(...spread): a 250k-entry vocabulary (XLM-R) exceeds the engine's argument limit
  let nextId = vocab.size;
  for (const id of vocab.values()) nextId = Math.max(nextId, id + 1);
  for (const token of existing) nextId = Math.max(nextId, token.id + 1);
  for (const spec of specs) {
    if (known.has(spec.content) || spec.content.length === 0) continue;
    known.add(spec.content);
    const vocabId = vocab.get(spec.content);
    const id = vocabId ?? nextId;
    if (vocabId === undefined) nextId += 1;
    result.push(addedToken(spec.content, id, { special: true, leftStrip: spec.leftStrip, rightStrip: spec.rightStrip, singleWord: spec.singleWord }));
  }
  return result;
}

/** The role → token table, dropping optional roles whose token is absent everywhere. */
export function specialTokenTable(
  roles: Readonly<Partial<Record<keyof SpecialTokens, string>>>,
  isKnown: (token: string) => boolean,
  fallbackPad: string,
  unk: string,
): SpecialTokens {
  const pick = (token: string | undefined): string | undefined => (token !== undefined && isKnown(token) ? token : undefined);
  return {
    pad: pick(roles.pad) ?? fallbackPad,
    unk,
    ...optionalRole('cls', pick(roles.cls)),
    ...optionalRole('sep', pick(roles.sep)),
    ...optionalRole('mask', pick(roles.mask)),
    ...optionalRole('bos', pick(roles.bos)),
    ...optionalRole('eos', pick(roles.eos)),
  };
}

function optionalRole(role: keyof SpecialTokens, token: string | undefined): Partial<SpecialTokens> {
  return token === undefined ? {} : { [role]: token };
}
