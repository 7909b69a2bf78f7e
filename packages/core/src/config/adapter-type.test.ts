import { describe, expect, it } from 'vitest';
import { AdapterType, isAdapterType } from './adapter-type';

describe('AdapterType', () => {
  it('has the v1 values and a has()-style guard', () => {
    expect(AdapterType).toEqual({ textTask: 'text_task', textLang: 'text_lang' });
    expect(isAdapterType('text_task')).toBe(true);
    expect(isAdapterType(AdapterType.textLang)).toBe(true);
    expect(isAdapterType('textTask')).toBe(false);
    expect(isAdapterType(undefined)).toBe(false);
  });
});
