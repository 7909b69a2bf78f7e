import { afterEach, describe, expect, it } from 'vitest';
import { AdaptersError } from '../index';
import { describeAdapter, prepareWebGpu } from './webgpu-adapter';

// A page's `navigator.gpu`, as a browser hands it out: the adapter the tfjs backend will also get.
function pageWithAdapter(info: Record<string, unknown> | null): void {
  const gpu = { requestAdapter: () => Promise.resolve(info === null ? null : { info }) };
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

describe('prepareWebGpu', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'navigator');
  });

  it("uses the page's navigator.gpu and reports a real GPU adapter", async () => {
    pageWithAdapter({ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200', isFallbackAdapter: false });
    const adapter = await prepareWebGpu({ allowSoftware: false });
    expect(adapter).toEqual({ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200', isFallbackAdapter: false, source: 'browser' });
    expect(describeAdapter(adapter)).toBe('nvidia hopper (NVIDIA H200)');
  });

  it('takes a software adapter only when asked for, recognising it by isFallbackAdapter or by name', async () => {
    pageWithAdapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' });
    const refused = await prepareWebGpu({ allowSoftware: false }).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(refused) && refused.code).toBe('backend');
    expect((refused as Error).message).toMatch(/only a software adapter \(google swiftshader \(SwiftShader driver 5\.0\.0\), software\)/);
    expect((await prepareWebGpu({ allowSoftware: true })).isFallbackAdapter).toBe(true);
    pageWithAdapter({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' });
    expect((await prepareWebGpu({ allowSoftware: true })).isFallbackAdapter).toBe(true);
    pageWithAdapter({ vendor: 'unknown', isFallbackAdapter: true });
    expect((await prepareWebGpu({ allowSoftware: true })).isFallbackAdapter).toBe(true);
  });

  it('fails with a typed error when the page has WebGPU but no adapter', async () => {
    pageWithAdapter(null);
    const error = await prepareWebGpu({ allowSoftware: true }).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('backend');
    expect((error as Error).message).toMatch(/no WebGPU adapter/);
  });
});
