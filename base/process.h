// Facts about this process, for start-up profiles and benchmarks.
// Threads: any.
#pragma once

namespace base {

// Resident memory now, in MB (/proc/self/statm); 0 where it cannot be read.
double ResidentMegabytes();

} // namespace base
