#include "auth/password_hasher.h"

#include "core/crypto.h"

namespace sb::auth {

namespace {
struct Slot {
  std::counting_semaphore<64>& s;
  explicit Slot(std::counting_semaphore<64>& sem) : s(sem) { s.acquire(); }
  ~Slot() { s.release(); }
};
}  // namespace

std::string PasswordHasher::hash(std::string_view password) {
  Slot slot(slots_);
  return crypto::password_hash(password);
}

bool PasswordHasher::verify(std::string_view stored_hash, std::string_view password) {
  Slot slot(slots_);
  return crypto::password_verify(stored_hash, password);
}

}  // namespace sb::auth
