#pragma once
// Every cryptographic primitive Switchboard uses, all from libsodium.
#include <optional>
#include <string>
#include <string_view>

namespace sb::crypto {

// Must run once before anything below (app/main does it; tests through their main).
void init();

std::string random_bytes(size_t n);
// n random bytes, base64url without padding: session tokens, invitation tokens, CSRF tokens.
std::string random_token(size_t n = 32);
// A password a person can type: 16 characters from an unambiguous alphabet (~80 bits).
std::string random_password();

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);
std::string to_base64url(std::string_view bytes);
std::optional<std::string> from_base64url(std::string_view text);
std::string to_base64(std::string_view bytes);
std::optional<std::string> from_base64(std::string_view text);

// SHA-256 as lowercase hex: tokens are stored only as this digest.
std::string sha256_hex(std::string_view data);

std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
// Checks `sha256=<hex>` style signatures in constant time.
bool hmac_sha256_matches(std::string_view key, std::string_view data, std::string_view expected_hex);

// argon2id (crypto_pwhash_str, INTERACTIVE limits: ~64 ms and 64 MiB). Blocking and heavy:
// callers run it through auth::PasswordHasher's bounded pool, never on an I/O thread.
std::string password_hash(std::string_view password);
bool password_verify(std::string_view stored_hash, std::string_view password);

// Authenticated encryption of secrets at rest (XChaCha20-Poly1305). The associated data
// binds a ciphertext to its place (business id + field name), so a sealed token copied
// into another business's row does not open.
class SecretBox {
 public:
  explicit SecretBox(std::string key);  // 32 bytes
  std::string seal(std::string_view plaintext, std::string_view associated) const;  // base64
  std::optional<std::string> open(std::string_view sealed, std::string_view associated) const;

  static std::string generate_key();

 private:
  std::string key_;
};

}  // namespace sb::crypto
