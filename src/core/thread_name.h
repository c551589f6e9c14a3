#pragma once
// Names the calling thread (up to 15 characters) so that `top -H`, perf and gdb show what
// each of the server's threads is for.
#include <pthread.h>

namespace sb {

inline void name_this_thread(const char* name) { pthread_setname_np(pthread_self(), name); }

}  // namespace sb
