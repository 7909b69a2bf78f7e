import { BackendError } from '../errors/backend-error';
import { requireNodeModule } from '../platform/node-module';

/** What the WebGPU backend runs on, as the adapter describes itself (`GPUAdapterInfo`). */
export interface WebGpuAdapterReport {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for a software adapter (SwiftShader, lavapipe/llvmpipe): the automatic order skips it. */
  readonly isFallbackAdapter: boolean;
  /** `navigator.gpu` came from the page (`browser`) or from Dawn's `webgpu` package (`dawn`). */
  readonly source: 'browser' | 'dawn';
}

interface AdapterLike {
  readonly info?: Partial<Record<'vendor' | 'architecture' | 'device' | 'description', string>> & { isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|software|basic render/i;

let dawnGpu: GpuLike | undefined;

function pageGpu(): GpuLike | undefined {
  const navigatorLike = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return navigatorLike?.gpu ?? undefined;
}

/**
 * On Linux Dawn reaches GPUs through Vulkan. Without the loader it can only print a warning to stderr and find
 * nothing, which every automatic `initBackend()` would repeat; so look for the library first.
 */
async function vulkanLoaderMissing(): Promise<boolean> {
  if (globalThis.process?.platform !== 'linux') return false;
  const { existsSync } = requireNodeModule<typeof import('node:fs')>('node:fs');
  const folders = [...(globalThis.process.env.LD_LIBRARY_PATH ?? '').split(':'), '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib', '/usr/local/lib'];
  return !folders.some((folder) => folder !== '' && existsSync(`${folder}/libvulkan.so.1`));
}

/**
 * `navigator.gpu`: the page's in a browser; in Node, Dawn's from the optional `webgpu` package, installed
 * as `navigator.gpu` (with the WebGPU globals such as `GPUBufferUsage`) because
 * `@tensorflow/tfjs-backend-webgpu` looks for it when it is imported.
 */
async function gpuEntryPoint(): Promise<{ gpu: GpuLike; source: WebGpuAdapterReport['source'] }> {
  const existing = pageGpu();
  if (existing !== undefined && existing !== dawnGpu) return { gpu: existing, source: 'browser' };
  if (dawnGpu === undefined) {
    if (await vulkanLoaderMissing()) {
      throw new BackendError({ backend: 'webgpu', message: 'Dawn needs the Vulkan loader libvulkan.so.1 (Debian: apt-get install libvulkan1)' });
    }
    const specifier = 'webgpu';
    let dawn: { create: (flags: string[]) => GpuLike; globals: Record<string, unknown> };
    try {
      dawn = (await import(/* @vite-ignore */ specifier)) as typeof dawn;
    } catch (error) {
      throw new BackendError({ backend: 'webgpu', message: 'no navigator.gpu and the webgpu package (Dawn for Node) is not installed', cause: error });
    }
    // Only the names this runtime lacks: never replace a host's own WebGPU globals.
    for (const [name, value] of Object.entries(dawn.globals)) {
      if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }
    dawnGpu = dawn.create([]);
    const host = (globalThis as { navigator?: object }).navigator;
    if (host === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawnGpu }, configurable: true, writable: true });
    else Object.defineProperty(host, 'gpu', { value: dawnGpu, configurable: true, writable: true });
  }
  return { gpu: dawnGpu, source: 'dawn' };
}

/**
 * Finds the adapter the tfjs WebGPU backend will use (it asks for `high-performance` the same way) and
 * describes it. A software adapter is refused unless `allowSoftware`: the automatic backend order wants a
 * real GPU, and SwiftShader is slower than the CPU backends.
 */
export async function prepareWebGpu(options: { allowSoftware: boolean }): Promise<WebGpuAdapterReport> {
  const { gpu, source } = await gpuEntryPoint();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw new BackendError({ backend: 'webgpu', message: 'no WebGPU adapter (navigator.gpu.requestAdapter() returned null)' });
  const info = adapter.info ?? {};
  const names = { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '' };
  const isFallbackAdapter = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true || SOFTWARE_NAMES.test(Object.values(names).join(' '));
  const report: WebGpuAdapterReport = { ...names, isFallbackAdapter, source };
  if (isFallbackAdapter && !options.allowSoftware) {
    throw new BackendError({ backend: 'webgpu', message: `only a software adapter (${describeAdapter(report)}); ask for it with backend 'webgpu'` });
  }
  return report;
}

/** `google swiftshader (SwiftShader driver 5.0.0), software` */
export function describeAdapter(adapter: WebGpuAdapterReport): string {
  const name = [adapter.vendor, adapter.architecture].filter((part) => part !== '').join(' ') || 'unnamed adapter';
  const detail = adapter.description !== '' ? ` (${adapter.description})` : '';
  return `${name}${detail}${adapter.isFallbackAdapter ? ', software' : ''}`;
}
