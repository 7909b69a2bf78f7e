import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name';

describe('closestName', () => {
  it('measures edits and suggests only plausible typos', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestName('lerning_rate', ['learning_rate', 'seed'])).toBe('learning_rate');
    expect(closestName('train_adaptor', ['train_adapter', 'load_adapter'])).toBe('train_adapter');
    expect(closestName('epochs', ['num_train_epochs', 'seed'])).toBe('num_train_epochs');
    expect(closestName('zzzzzz', ['learning_rate', 'seed'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
    // A swap of two neighbours is one edit, and a typo of a flag's start names the flag.
    expect(editDistance('modle', 'model')).toBe(1);
    expect(closestName('modle', ['model_name_or_path', 'model_type', 'seed'])).toBe('model_name_or_path');
    expect(closestName('pfeifer', ['pfeiffer', 'houlsby', 'lora'])).toBe('pfeiffer');
    // Suggestions stay within a distance: nothing near, nothing suggested.
    expect(closestName('vocabulary', ['model_name_or_path', 'learning_rate'])).toBeUndefined();
    expect(closestName('lr', ['learning_rate'])).toBeUndefined();
  });
});
