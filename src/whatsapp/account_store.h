#pragma once
#include <optional>
#include <vector>

#include "storage/database.h"
#include "tenancy/tenant_scope.h"
#include "whatsapp/account.h"

namespace sb::whatsapp {

class AccountStore {
 public:
  std::optional<Account> get(const tenancy::TenantScope& scope, storage::Conn& c);
  void put(const tenancy::TenantScope& scope, storage::Conn& c, const Account& a);
  void set_status(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& status,
                  const std::optional<std::string>& detail, TimeMs now);
  void touch_webhook(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& phone_number_id, TimeMs at);

  std::vector<PhoneNumber> numbers(const tenancy::TenantScope& scope, storage::Conn& c);
  std::optional<PhoneNumber> number(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id);
  std::optional<PhoneNumber> number_by_meta_id(const tenancy::TenantScope& scope, storage::Conn& c,
                                               const std::string& phone_number_id);
  // Throws DbError(unique_violation) when the Meta id is already taken (here or elsewhere).
  void insert_number(const tenancy::TenantScope& scope, storage::Conn& c, const PhoneNumber& n);
  void update_number(const tenancy::TenantScope& scope, storage::Conn& c, const PhoneNumber& n);
  std::int64_t count_numbers(const tenancy::TenantScope& scope, storage::Conn& c);
};

// The business a Meta phone number id belongs to (the platform webhook's routing table).
std::optional<std::string> business_of_number(storage::Conn& c, const std::string& phone_number_id);

}  // namespace sb::whatsapp
