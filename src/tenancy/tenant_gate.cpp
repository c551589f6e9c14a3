#include "tenancy/tenant_gate.h"

#include "tenancy/plan.h"

namespace sb::tenancy {

Result<ResolvedTenant> TenantGate::resolve(const UserId& user, const BusinessId& business, bool suspended_ok) {
  if (business.empty() || business.str().size() > 64) return fail(Error::not_found());
  auto row = db_.read([&](storage::Conn& c) {
    return c.query_one(
        "SELECT m.role, b.suspended, b.rate_limit_per_minute, p.limits FROM memberships m JOIN businesses b ON b.id = "
        "m.business_id LEFT JOIN plans p ON p.name = b.plan WHERE m.business_id = $1 AND m.user_id = $2",
        {business.str(), user.str()});
  });
  if (!row) return fail(Error::not_found());
  auto role = parse_role(row->text(0));
  if (!role) return fail(Error::not_found());
  if (row->boolean(1) && !suspended_ok)
    return fail(Error::forbidden("business_suspended", "This business is suspended; contact the platform administrator."));
  // The business's own limit wins; otherwise its plan's api_requests_per_minute.
  std::optional<int> limit;
  if (auto v = row->opt_int64(2)) {
    limit = static_cast<int>(*v);
  } else if (auto limits = row->opt_text(3); limits && limits->size() > 2) {
    Plan plan{"", nlohmann::json::parse(*limits, nullptr, false)};
    if (plan.limits.is_object())
      if (auto per_minute = plan.limit("api_requests_per_minute")) limit = static_cast<int>(std::min<std::int64_t>(*per_minute, 1 << 30));
  }
  return ResolvedTenant{TenantScope(business, user, *role), limit};
}

}  // namespace sb::tenancy
