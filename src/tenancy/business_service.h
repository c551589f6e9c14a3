#pragma once
// Businesses: creation by a user (who becomes owner), reading, updating (admin+), the
// switcher's list, and the platform administrator's onboarding, listing and suspension.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "auth/auth_service.h"
#include "core/result.h"
#include "storage/database.h"
#include "tenancy/business.h"
#include "tenancy/business_store.h"
#include "tenancy/plan.h"
#include "tenancy/tenant_scope.h"

namespace sb::tenancy {

struct BusinessPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> logo_url;       // inner nullopt: clear
  std::optional<std::optional<std::string>> primary_color;  // inner nullopt: clear
  nlohmann::json settings;                                   // object of keys to set, or null
};

struct OnboardedBusiness {
  Business business;
  UserId admin_user_id;
  std::string admin_email;
  std::optional<std::string> temporary_password;  // null when the account already existed
};

struct PlatformPatch {
  std::optional<bool> suspended;
  std::optional<std::string> plan;
  std::optional<std::optional<int>> rate_limit_per_minute;
};

class BusinessService {
 public:
  BusinessService(storage::Database& db, auth::AuthService& auth, audit::AuditLog& audit, const Clock& clock)
      : db_(db), auth_(auth), audit_(audit), clock_(clock) {}

  Result<Business> create(const UserId& owner, const std::string& name, const std::string& slug, const std::string& ip);
  Result<Business> get(const TenantScope& scope);
  Result<Business> update(const TenantScope& scope, const BusinessPatch& patch, const std::string& ip);
  std::vector<MembershipView> businesses_of(const UserId& user);
  std::optional<Business> by_slug(const std::string& slug);

  Result<OnboardedBusiness> onboard(const UserId& platform_admin, const std::string& name, const std::string& slug,
                                    const std::string& admin_email, const std::string& admin_name, const std::string& ip);
  std::vector<BusinessUsage> list_all(const std::optional<std::string>& after, int limit);
  std::optional<BusinessUsage> usage_of(const BusinessId& id);
  Result<Business> platform_update(const UserId& platform_admin, const BusinessId& id, const PlatformPatch& patch,
                                   const std::string& ip);

  std::vector<Plan> plans();
  Result<Plan> create_plan(const UserId& platform_admin, const std::string& name, const nlohmann::json& limits);
  Result<Plan> update_plan(const UserId& platform_admin, const std::string& name, const nlohmann::json& limits);
  // The plan the business is on, for limit checks.
  std::optional<Plan> plan_of(const TenantScope& scope);

  static Status check_slug(const std::string& slug);
  static Status check_settings(const nlohmann::json& settings);
  static nlohmann::json default_settings();

 private:
  Result<Business> insert_with_owner(const std::string& name, const std::string& slug, const UserId& owner,
                                     const UserId& actor, const std::string& ip);
  storage::Database& db_;
  auth::AuthService& auth_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  BusinessStore store_;
  PlanStore plans_;
};

}  // namespace sb::tenancy
