// pelkit/core/parallel.hpp — the few OpenMP facts the loops need, valid without OpenMP too.
#pragma once
#include <algorithm>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pelkit {

/// Threads to use for `items` independent work items: all available, but at least
/// `min_per_thread` items each (small systems run serially).
inline int thread_count(long items, long min_per_thread = 128) {
#ifdef _OPENMP
  return int(std::max(1L, std::min<long>(omp_get_max_threads(), items / min_per_thread)));
#else
  (void)items, (void)min_per_thread;
  return 1;
#endif
}

/// Index of the calling thread inside a parallel region (0 outside).
inline int thread_index() {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

/// Sets the number of threads later parallel regions use (no effect without OpenMP).
inline void set_thread_count(int threads) {
#ifdef _OPENMP
  omp_set_num_threads(std::max(1, threads));
#else
  (void)threads;
#endif
}

}  // namespace pelkit
