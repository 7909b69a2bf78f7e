#!/usr/bin/env node
// Install step: builds the N-API addon with node-gyp against this machine's Node headers and OpenBLAS.
// It must never fail the install: when a compiler, the headers or OpenBLAS are missing it prints one
// line and exits 0, and the TypeScript loader then reports the backend as unavailable.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const logFile = path.join(packageRoot, 'build', 'native-build.log');

function skip(reason) {
  console.log(`@adapters/backend-native: native addon not built (${reason}); initBackend() will fall back to wasm.`);
  process.exit(0);
}

if (process.env.ADAPTERS_NATIVE_SKIP_BUILD === '1') skip('ADAPTERS_NATIVE_SKIP_BUILD=1');
if (process.platform !== 'linux') skip(`platform ${process.platform} is not supported yet`);

const blasHeaders = ['/usr/include/x86_64-linux-gnu/cblas.h', '/usr/include/aarch64-linux-gnu/cblas.h', '/usr/include/cblas.h'];
if (!blasHeaders.some((file) => existsSync(file))) skip('OpenBLAS headers not found: apt-get install libopenblas-dev');

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed as a package; npm's bundled copy is the usual one
  }
  return candidates.find((candidate) => candidate !== undefined && candidate !== '' && existsSync(candidate));
}

const nodeGyp = findNodeGyp();
if (nodeGyp === undefined) skip('node-gyp not found');

// Build against the headers installed next to this Node binary, so nothing is downloaded.
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodeDirArguments = existsSync(path.join(prefix, 'include/node/node_api.h')) ? [`--nodedir=${prefix}`] : [];
const build = spawnSync(process.execPath, [nodeGyp, 'rebuild', ...nodeDirArguments], {
  cwd: packageRoot,
  encoding: 'utf8',
  env: { ...process.env, JOBS: process.env.JOBS ?? '2' },
});
mkdirSync(path.dirname(logFile), { recursive: true });
writeFileSync(logFile, `${build.stdout ?? ''}\n${build.stderr ?? ''}`);
if (build.status !== 0) {
  const lastError = `${build.stderr ?? ''}`.split('\n').find((line) => /error/i.test(line)) ?? build.error?.message ?? 'node-gyp failed';
  skip(`${lastError.trim().slice(0, 160)}; log: ${path.relative(process.cwd(), logFile)}`);
}
console.log('@adapters/backend-native: native addon built (build/Release/adapters_native.node).');
