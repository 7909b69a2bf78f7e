{
  "targets": [
    {
      "target_name": "adapters_fast_math",
      "type": "static_library",
      "sources": ["native/fast-math.cc"],
      "cflags_cc": ["-O3", "-march=native", "-ffast-math", "-fPIC", "-std=c++17"],
      "cflags_cc!": ["-fno-exceptions"]
    },
    {
      "target_name": "adapters_native",
      "dependencies": ["adapters_fast_math"],
      "sources": ["native/addon.cc", "native/binary.cc", "native/layout.cc", "native/matmul.cc", "native/reduce.cc", "native/layer-norm.cc", "native/attention.cc", "native/adamw.cc", "native/dropout.cc", "native/parallel.cc"],
      "cflags_cc": ["-O3", "-march=native", "-fno-math-errno", "-std=c++17"],
      "libraries": ["-lopenblas", "-lmvec", "-lm"]
    }
  ]
}
