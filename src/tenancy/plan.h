#pragma once
// Plans and their limits (API.md "Platform administration"). A limit that is absent or
// null is unlimited; an action past a limit answers 402 plan_limit_reached naming it.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "storage/database.h"

namespace sb::tenancy {

// The limit names API.md fixes, in its order.
inline constexpr std::array<std::string_view, 6> kPlanLimits = {
    "members", "phone_numbers", "contacts", "messages_per_month", "ai_replies_per_month", "api_requests_per_minute"};

struct Plan {
  std::string name;
  nlohmann::json limits = nlohmann::json::object();  // limit name -> integer, absent or null = unlimited
  std::optional<std::int64_t> limit(std::string_view name) const;
};

class PlanStore {
 public:
  std::vector<Plan> all(storage::Conn& c);
  std::optional<Plan> by_name(storage::Conn& c, const std::string& name);
  // The plan of a business (reference tables, no scope needed: plans are not tenant data).
  std::optional<Plan> of_business(storage::Conn& c, const std::string& business_id);
  void insert(storage::Conn& c, const Plan& p, std::int64_t now);
  void update(storage::Conn& c, const Plan& p, std::int64_t now);
};

// Checks a limits object from a request: only known names, values null or integers >= 0.
Status check_limits(const nlohmann::json& limits);

// 402 plan_limit_reached when adding `adding` to `current` passes the plan's `limit_name`.
Status within_limit(const std::optional<Plan>& plan, std::string_view limit_name, std::int64_t current,
                    std::int64_t adding = 1);

}  // namespace sb::tenancy
