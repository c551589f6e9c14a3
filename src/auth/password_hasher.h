#pragma once
// argon2id on a bounded pool: each hash takes ~64 ms and 64 MiB, so at most `parallel`
// run at once (memory stays bounded under a login storm) and never on an I/O thread
// (the HTTP server runs handlers on its handler pool).
#include <semaphore>
#include <string>
#include <string_view>

namespace sb::auth {

class PasswordHasher {
 public:
  explicit PasswordHasher(int parallel = 2) : slots_(parallel) {}
  std::string hash(std::string_view password);
  bool verify(std::string_view stored_hash, std::string_view password);

 private:
  std::counting_semaphore<64> slots_;
};

}  // namespace sb::auth
