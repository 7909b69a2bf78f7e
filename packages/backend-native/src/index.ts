export { Float32BufferPool, type BufferPoolStats } from './buffer-pool';
export { loadNativeAddon, type LoadNativeAddonOptions, type NativeAddonLoadResult } from './load-native-addon';
export { BINARY_OPS, REDUCE_OPS, UNARY_OPS, type NativeAddon } from './native-addon';
export { NativeBackend } from './native-backend';
export {
  NATIVE_BACKEND_NAME,
  registerNativeBackend,
  type NativeBackendRegistration,
  type RegisterNativeBackendOptions,
} from './register-native-backend';
