import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The static files the page fetches (URL path → file in the repository): the model folder the page loads with
 * `urlSource`, and the bundled SST-2 train split. Served by the dev server and copied into the build, never
 * committed twice (the repository's `models/` and `data/` hold them, with their SOURCES.md and licences).
 */
const STATIC_FILES: Readonly<Record<string, string>> = {
  'models/bert-tiny-mlm/config.json': 'models/bert-tiny-mlm/config.json',
  'models/bert-tiny-mlm/model.safetensors': 'models/bert-tiny-mlm/model.safetensors',
  'models/bert-tiny-mlm/vocab.txt': 'models/bert-tiny-mlm/vocab.txt',
  'models/bert-tiny-mlm/tokenizer_config.json': 'models/bert-tiny-mlm/tokenizer_config.json',
  'models/bert-tiny-mlm/special_tokens_map.json': 'models/bert-tiny-mlm/special_tokens_map.json',
  'data/sst-2/train.tsv': 'data/glue/SST-2/train.tsv',
};

function repositoryFiles(): Plugin {
  return {
    name: 'adapters-example-repository-files',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const wanted = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/^\//, '');
        const source = STATIC_FILES[wanted];
        if (source === undefined) return next();
        response.setHeader('content-type', 'application/octet-stream');
        createReadStream(path.join(REPO_ROOT, source)).pipe(response);
      });
    },
    generateBundle() {
      for (const [fileName, source] of Object.entries(STATIC_FILES)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(path.join(REPO_ROOT, source)) });
      }
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the build works from any folder of any static host.
  base: './',
  // No COOP/COEP headers on purpose: cross-origin isolation makes tfjs pick its threaded SIMD wasm, whose
  // pthread worker blob fails in this Vite build ("e is not defined"); the single-thread SIMD build works.
  // No single-page fallback: a file the model folder lacks (tokenizer.json, a sharded index) must be a 404,
  // which urlSource reads as "not there", not index.html with status 200.
  appType: 'mpa',
  plugins: [repositoryFiles()],
  // The worker imports the backends and the library; ES module workers can split code like the page.
  // A slow plugin on a busy machine is no defect of the page: no timing warnings, so a clean build has none.
  worker: { format: 'es', rolldownOptions: { checks: { bundlerTimings: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, rolldownOptions: { checks: { bundlerTimings: false } } },
});
