// One small thread pool shared by every kernel: the calling (JavaScript) thread plus resident workers, so a kernel
// splits its rows across the cores without OpenBLAS's own threads competing for them (OpenBLAS runs on one thread
// inside each chunk). Workers spin briefly after a job, since the next kernel usually follows within microseconds,
// then sleep.
#pragma once
#include <cstdint>

namespace adapters {

// Threads a kernel may split over (caller included): ADAPTERS_NATIVE_THREADS, else OPENBLAS_NUM_THREADS, else
// the cores.
int parallelThreads();
// For benchmarks and tests: 1 runs every kernel on the calling thread.
void setParallelThreads(int threads);

// True on a pool worker and on the caller while it runs its own chunk: a kernel called from inside a chunk runs
// inline (no nested split).
bool insideParallel();
// False while the pool backs off after the caller kept waiting for workers (another process has the cores).
bool splitAllowed();

// The pool's back-off rule. On a machine shared with other processes a worker can lose its core mid-chunk, and
// the caller then waits longer than splitting saved: after three jobs in a row where the caller's wait outlasted
// its own share (and 20 µs), kernels run on the calling thread for the next 512 jobs, then split again.
class SplitBackoff {
 public:
  static constexpr int kSlowJobsInARow = 3;
  static constexpr int kSerialJobs = 512;

  void noteJob(int64_t ownNanoseconds, int64_t waitedNanoseconds) {
    if (waitedNanoseconds > ownNanoseconds && waitedNanoseconds > 20000) {
      if (++slowJobs_ >= kSlowJobsInARow) {
        serialJobs_ = kSerialJobs;
        slowJobs_ = 0;
      }
    } else {
      slowJobs_ = 0;
    }
  }

  // Called once per job that could split: false while backing off.
  bool allowSplit() {
    if (serialJobs_ == 0) return true;
    serialJobs_--;
    return false;
  }

  void reset() { slowJobs_ = serialJobs_ = 0; }

 private:
  int slowJobs_ = 0;
  int serialJobs_ = 0;
};

using RangeFunction = void (*)(const void* context, int64_t begin, int64_t end);
// Runs function(context, begin, end) over `chunks` disjoint chunks covering [0, count), claimed by the caller and
// the workers.
void parallelRun(int64_t count, RangeFunction function, const void* context, int chunks);

// body(begin, end) over [0, count): split when each thread gets at least `grain` units, otherwise inline.
template <typename Body>
inline void parallelFor(int64_t count, int64_t grain, const Body& body) {
  if (count <= 0) return;
  const int threads = parallelThreads();
  // Up to four chunks per thread, claimed dynamically, so a thread the scheduler delays holds up little.
  int64_t chunks = grain < 1 ? count : count / grain;
  if (chunks > 4 * threads) chunks = 4 * threads;
  if (chunks < 2 || threads < 2 || insideParallel() || !splitAllowed()) {
    body(int64_t{0}, count);
    return;
  }
  parallelRun(
      count,
      [](const void* context, int64_t begin, int64_t end) { (*static_cast<const Body*>(context))(begin, end); },
      &body, static_cast<int>(chunks));
}

// parallelFor over elements with chunk boundaries on multiples of 64, so vectorised loops split exactly where a
// single-threaded loop would run whole vectors (the same results as one thread, to the bit).
template <typename Body>
inline void parallelForElements(int64_t size, int64_t grain, const Body& body) {
  constexpr int64_t kAlign = 64;
  parallelFor((size + kAlign - 1) / kAlign, (grain + kAlign - 1) / kAlign, [&](int64_t first, int64_t last) {
    body(first * kAlign, last * kAlign < size ? last * kAlign : size);
  });
}

// Units of work (elements, rows, ...) a chunk needs before splitting pays: by default about 2^15 float operations
// (a few microseconds, against ~1 µs to hand a chunk to a spinning worker).
inline int64_t grainFor(int64_t costPerUnit, int64_t target = int64_t{1} << 15) {
  return costPerUnit >= target ? 1 : (target + costPerUnit - 1) / costPerUnit;
}

}  // namespace adapters
