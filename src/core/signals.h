#pragma once
// Stop signals (SIGTERM, SIGINT) are blocked in every thread from the start of main, so
// that exactly one thread receives them here, synchronously.
namespace sb {

// Blocks SIGTERM and SIGINT for the calling thread and every thread it starts later.
void block_stop_signals();
// Waits for SIGTERM or SIGINT; returns which arrived.
int wait_for_stop_signal();

}  // namespace sb
