#include "parallel.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <cblas.h>
#include <fstream>
#ifdef __linux__
#include <sched.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define ADAPTERS_PAUSE() _mm_pause()
#else
#define ADAPTERS_PAUSE() std::this_thread::yield()
#endif

namespace adapters {

namespace {

int environmentThreads(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return 0;
  const int parsed = std::atoi(value);
  return parsed > 0 ? parsed : 0;
}

// The cores this process may use: its CPU affinity (taskset, docker --cpuset-cpus) and its cgroup's CPU quota
// (docker --cpus), which std::thread::hardware_concurrency() ignores; more threads than cores only wait on each other.
int availableCores() {
  int cores = static_cast<int>(std::thread::hardware_concurrency());
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) cores = CPU_COUNT(&set);
  // cgroup v2: "<quota> <period>" or "max <period>" (ADAPTERS_NATIVE_CPU_MAX names another file, for tests).
  const char* quotaFile = std::getenv("ADAPTERS_NATIVE_CPU_MAX");
  std::ifstream quota(quotaFile != nullptr ? quotaFile : "/sys/fs/cgroup/cpu.max");
  std::string limit;
  long long period = 0;
  if (quota >> limit >> period && limit != "max" && period > 0) {
    const long long allowed = (std::atoll(limit.c_str()) + period - 1) / period;
    if (allowed > 0 && allowed < cores) cores = static_cast<int>(allowed);
  }
#endif
  return cores < 1 ? 1 : cores;
}

thread_local bool inside = false;

struct InsideScope {
  InsideScope() { inside = true; }
  ~InsideScope() { inside = false; }
};

// A worker spins this long for the next job before it sleeps: a training step issues kernels every few tens of
// microseconds, and a sleeping worker takes ~10–50 µs to wake.
constexpr std::chrono::microseconds kSpin{100};

// Chunks are claimed, not assigned: the caller and the workers take the next chunk from one atomic word until none
// is left, so a worker that the scheduler has not run yet (another process on its core) costs nothing, the caller
// just does more chunks itself. The word packs the job's generation, its chunk count and the next chunk, so a claim
// can only succeed for the job it was read from.
class Pool {
 public:
  explicit Pool(int threads) : threads_(threads) {}

  int threads() const { return threads_; }
  void setThreads(int threads) {
    threads_ = threads < 1 ? 1 : threads;
    backoff_.reset();
  }

  void run(int64_t count, RangeFunction function, const void* context, int chunks) {
    // A second dispatcher (a Node worker thread using the addon at the same time) runs inline.
    std::unique_lock<std::mutex> dispatch(dispatch_, std::try_to_lock);
    if (!dispatch.owns_lock() || chunks > kMaxChunks) {
      function(context, 0, count);
      return;
    }
    ensureWorkers(threads_ - 1);
    function_ = function;
    context_ = context;
    count_ = count;
    done_.store(0, std::memory_order_relaxed);
    generation_++;
    claim_.store(pack(generation_, chunks, 0));
    if (sleeping_.load() > 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      wake_.notify_all();
    }
    InsideScope scope;
    const auto started = std::chrono::steady_clock::now();
    while (claimAndRun()) {
    }
    const auto ownDone = std::chrono::steady_clock::now();
    while (done_.load(std::memory_order_acquire) < chunks) ADAPTERS_PAUSE();
    backoff_.noteJob(std::chrono::nanoseconds(ownDone - started).count(),
                     std::chrono::nanoseconds(std::chrono::steady_clock::now() - ownDone).count());
  }

  bool splitAllowed() { return backoff_.allowSplit(); }

 private:
  static constexpr int kMaxChunks = 0xffff;

  static uint64_t pack(uint64_t generation, uint64_t chunks, uint64_t next) {
    return (generation << 32) | (chunks << 16) | next;
  }

  // Takes the next chunk of the current job and runs it; false when none is left.
  bool claimAndRun() {
    uint64_t word = claim_.load();
    for (;;) {
      const int64_t chunks = static_cast<int64_t>((word >> 16) & 0xffff);
      const int64_t next = static_cast<int64_t>(word & 0xffff);
      if (next >= chunks) return false;
      if (claim_.compare_exchange_weak(word, word + 1)) {
        // The job cannot finish before this chunk does, so its fields stay put while we read them.
        const int64_t begin = count_ * next / chunks;
        const int64_t end = count_ * (next + 1) / chunks;
        if (end > begin) function_(context_, begin, end);
        done_.fetch_add(1, std::memory_order_release);
        return true;
      }
    }
  }

  void ensureWorkers(int wanted) {
    while (static_cast<int>(workers_.size()) < wanted) {
      workers_.emplace_back([this] { work(); });
      workers_.back().detach();
    }
  }

  void work() {
    inside = true;
    for (;;) {
      while (claimAndRun()) {
      }
      // Nothing left: wait for the word to change (a new job), spinning first, then asleep.
      const uint64_t seen = claim_.load();
      if (((seen >> 16) & 0xffff) > (seen & 0xffff)) continue;
      const auto until = std::chrono::steady_clock::now() + kSpin;
      int polls = 0;
      bool changed = false;
      while (!(changed = claim_.load() != seen)) {
        ADAPTERS_PAUSE();
        if (++polls % 64 == 0 && std::chrono::steady_clock::now() > until) break;
      }
      if (!changed) {
        std::unique_lock<std::mutex> lock(mutex_);
        sleeping_.fetch_add(1);
        wake_.wait(lock, [&] { return claim_.load() != seen; });
        sleeping_.fetch_sub(1);
      }
    }
  }

  int threads_;
  std::vector<std::thread> workers_;
  std::mutex dispatch_, mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> claim_{0};
  std::atomic<int64_t> done_{0};
  std::atomic<int> sleeping_{0};
  uint64_t generation_ = 0;
  SplitBackoff backoff_;
  RangeFunction function_ = nullptr;
  const void* context_ = nullptr;
  int64_t count_ = 0;
};

Pool& pool() {
  // Never destroyed: detached workers may still be polling at exit.
  static Pool* instance = [] {
    int threads = environmentThreads("ADAPTERS_NATIVE_THREADS");
    if (threads == 0) threads = environmentThreads("OPENBLAS_NUM_THREADS");
    if (threads == 0) threads = availableCores();
    if (threads < 1) threads = 1;
    // Every sgemm runs inside one chunk of this pool, so OpenBLAS itself stays on one thread.
    openblas_set_num_threads(1);
    return new Pool(threads);
  }();
  return *instance;
}

}  // namespace

int parallelThreads() { return pool().threads(); }

bool insideParallel() { return inside; }

bool splitAllowed() { return pool().splitAllowed(); }

void setParallelThreads(int threads) { pool().setThreads(threads); }

void parallelRun(int64_t count, RangeFunction function, const void* context, int chunks) {
  pool().run(count, function, context, chunks);
}

}  // namespace adapters
