#pragma once
// Typed ids: a ContactId can't be passed where a BusinessId is wanted. Ids are opaque,
// time-ordered strings (see new_id), so keyset pagination by id follows creation order.
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace sb {

template <typename Tag>
class Id {
 public:
  Id() = default;
  explicit Id(std::string value) : value_(std::move(value)) {}
  const std::string& str() const { return value_; }
  bool empty() const { return value_.empty(); }
  auto operator<=>(const Id&) const = default;

 private:
  std::string value_;
};

using UserId = Id<struct UserTag>;
using BusinessId = Id<struct BusinessTag>;
using ContactId = Id<struct ContactTag>;
using InvitationId = Id<struct InvitationTag>;
using SessionId = Id<struct SessionTag>;

// A new 26-character id: 48 bits of milliseconds then 80 random bits, Crockford base32
// (the ULID layout), so ids sort by creation time in both databases as plain TEXT.
std::string new_id();
// The smallest id new_id() could have made at `ms` (for "everything since t" scans), and
// the millisecond an id was made at (0 when it is not one of ours).
std::string id_floor(std::int64_t ms);
std::int64_t id_time(const std::string& id);

}  // namespace sb

template <typename Tag>
struct std::hash<sb::Id<Tag>> {
  size_t operator()(const sb::Id<Tag>& id) const noexcept { return std::hash<std::string>{}(id.str()); }
};
