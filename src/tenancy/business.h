#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/ids.h"
#include "tenancy/role.h"

namespace sb::tenancy {

struct Branding {
  std::optional<std::string> logo_url;
  std::optional<std::string> primary_color;  // #rrggbb
};

struct Business {
  BusinessId id;
  std::string slug;
  std::string name;
  Branding branding;
  nlohmann::json settings;  // always holds timezone and default_region
  bool suspended = false;
  std::string plan = "free";
  std::optional<int> rate_limit_per_minute;
  TimeMs created_at = 0;
};

// A business as one member sees it in the switcher.
struct MembershipView {
  BusinessId id;
  std::string slug;
  std::string name;
  Role role = Role::agent;
};

struct Member {
  UserId user_id;
  std::string email;
  std::string name;
  Role role = Role::agent;
  TimeMs joined_at = 0;
};

struct BusinessUsage {
  Business business;
  int members = 0;
  int contacts = 0;
};

struct Invitation {
  InvitationId id;
  BusinessId business_id;
  std::string email;
  Role role = Role::agent;
  UserId invited_by;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
  std::optional<TimeMs> accepted_at;
  std::optional<TimeMs> revoked_at;
};

}  // namespace sb::tenancy
