#include "tenancy/plan.h"

namespace sb::tenancy {

using storage::Conn;

std::optional<std::int64_t> Plan::limit(std::string_view name) const {
  auto it = limits.find(std::string(name));
  if (it == limits.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

namespace {
Plan plan_from(const storage::Row& r) {
  Plan p;
  p.name = r.text(0);
  p.limits = nlohmann::json::parse(r.text(1), nullptr, false);
  if (!p.limits.is_object()) p.limits = nlohmann::json::object();
  return p;
}
}  // namespace

std::vector<Plan> PlanStore::all(Conn& c) {
  std::vector<Plan> out;
  for (auto& r : c.query("SELECT name, limits FROM plans ORDER BY name", {})) out.push_back(plan_from(r));
  return out;
}

std::optional<Plan> PlanStore::by_name(Conn& c, const std::string& name) {
  auto r = c.query_one("SELECT name, limits FROM plans WHERE name = $1", {name});
  if (!r) return std::nullopt;
  return plan_from(*r);
}

std::optional<Plan> PlanStore::of_business(Conn& c, const std::string& business_id) {
  auto r = c.query_one("SELECT p.name, p.limits FROM businesses b JOIN plans p ON p.name = b.plan WHERE b.id = $1",
                       {business_id});
  if (!r) return std::nullopt;
  return plan_from(*r);
}

void PlanStore::insert(Conn& c, const Plan& p, std::int64_t now) {
  c.execute("INSERT INTO plans (name, limits, created_at, updated_at) VALUES ($1, $2, $3, $3)",
            {p.name, p.limits.dump(), now});
}

void PlanStore::update(Conn& c, const Plan& p, std::int64_t now) {
  c.execute("UPDATE plans SET limits = $2, updated_at = $3 WHERE name = $1", {p.name, p.limits.dump(), now});
}

Status check_limits(const nlohmann::json& limits) {
  if (!limits.is_object()) return fail(Error::bad_request("`limits` must be an object.", "limits"));
  for (const auto& [k, v] : limits.items()) {
    bool known = false;
    for (auto name : kPlanLimits) known = known || k == name;
    if (!known) return fail(Error::validation("unknown_limit", "Unknown limit `" + k + "`.", "limits." + k));
    if (!v.is_null() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
      return fail(Error::bad_request("Limits are whole numbers or null (unlimited).", "limits." + k));
  }
  return {};
}

Status within_limit(const std::optional<Plan>& plan, std::string_view limit_name, std::int64_t current,
                    std::int64_t adding) {
  if (!plan) return {};
  auto limit = plan->limit(limit_name);
  if (!limit || current + adding <= *limit) return {};
  Error e{ErrorKind::payment_required, "plan_limit_reached",
          "The " + plan->name + " plan allows " + std::to_string(*limit) + " " + std::string(limit_name) +
              "; upgrade the plan to add more.",
          {}, {}, {{"limit", std::string(limit_name)}}};
  return fail(e);
}

}  // namespace sb::tenancy
