import { describe, expect, it } from 'vitest';
import { hubFileUrl } from './hub-file-url';

describe('hubFileUrl', () => {
  it('follows {endpoint}/{repo}/resolve/{revision}/{file}', () => {
    expect(hubFileUrl('https://huggingface.co', 'org/tiny', 'main', 'config.json')).toBe(
      'https://huggingface.co/org/tiny/resolve/main/config.json',
    );
  });

  it('keeps the slashes of nested files but encodes a revision as one segment, like huggingface_hub', () => {
    expect(hubFileUrl('http://127.0.0.1:8080', 'tiny', 'refs/pr/1', 'onnx/model.onnx')).toBe(
      'http://127.0.0.1:8080/tiny/resolve/refs%2Fpr%2F1/onnx/model.onnx',
    );
  });
});
