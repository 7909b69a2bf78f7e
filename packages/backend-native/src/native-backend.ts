import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { Float32BufferPool } from './buffer-pool';
import type { NativeAddon } from './native-addon';

type DataId = object;

/**
 * The cpu backend with pooled float32 storage. Kernels not overridden natively are the cpu backend's own,
 * re-registered under 'native'; they run unchanged because this class is a `MathBackendCPU`.
 */
export class NativeBackend extends MathBackendCPU {
  readonly pool: Float32BufferPool;

  constructor(
    readonly addon: NativeAddon,
    options: { readonly poolBytes: number },
  ) {
    super();
    this.pool = new Float32BufferPool(options.poolBytes);
    // MathBackendCPU prints a "use tfjs-node" banner on first use in Node; this backend is the native path.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): DataId {
    return super.write(this.pool.claim(values), shape, dtype);
  }

  override move(dataId: DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    super.move(dataId, this.pool.claim(values), shape, dtype, refCount);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (released && values !== undefined && !this.data.has(dataId)) this.pool.release(values);
    return released;
  }

  /** `dataSync()` hands out the stored array itself; pooled arrays are copied so reuse cannot change them. */
  override readSync(dataId: DataId): tf.backend_util.BackendValues {
    const values = super.readSync(dataId);
    return this.pool.owns(values) ? (values as Float32Array).slice() : values;
  }

  /** Kernel-internal reads: no copy (kernels never write into their inputs). */
  override bufferSync<R extends tf.Rank, D extends tf.DataType>(info: tf.TensorInfo): tf.TensorBuffer<R, D> {
    if (info.dtype === 'string' || info.dtype === 'complex64') return super.bufferSync(info);
    const values = this.data.get(info.dataId).values as tf.backend_util.TypedArray;
    return tf.buffer(info.shape, info.dtype, values) as unknown as tf.TensorBuffer<R, D>;
  }

  override dispose(): void {
    super.dispose();
    this.pool.clear();
  }
}
