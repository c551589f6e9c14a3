#include "whatsapp/account_store.h"

namespace sb::whatsapp {

using storage::Conn;
using storage::Row;
using tenancy::TenantScope;

namespace {

const char* kNumberColumns =
    "id, phone_number_id, display_phone_number, verified_name, quality_rating, messaging_limit_tier, "
    "assigned_user_id, throughput_per_second, sandbox, last_webhook_at, created_at";

PhoneNumber number_from(Row& r) {
  PhoneNumber n;
  n.id = r.take_text(0);
  n.phone_number_id = r.take_text(1);
  n.display_phone_number = r.take_text(2);
  n.verified_name = r.opt_text(3);
  n.quality_rating = r.opt_text(4);
  n.messaging_limit_tier = r.opt_text(5);
  n.assigned_user_id = r.opt_text(6);
  n.throughput_per_second = static_cast<int>(r.int64(7));
  n.sandbox = r.boolean(8);
  n.last_webhook_at = r.opt_int64(9);
  n.created_at = r.int64(10);
  return n;
}

}  // namespace

std::optional<Account> AccountStore::get(const TenantScope& scope, Conn& c) {
  auto r = c.query_one(
      "SELECT mode, waba_id, access_token_sealed, access_token_last4, app_secret_sealed, verify_token, status, "
      "status_detail, token_checked_at, last_webhook_at, updated_at FROM whatsapp_accounts WHERE business_id = $1",
      {scope.business_id().str()});
  if (!r) return std::nullopt;
  Account a;
  a.mode = r->text(0) == "sandbox" ? Mode::sandbox : Mode::cloud;
  a.waba_id = r->take_text(1);
  a.access_token_sealed = r->take_text(2);
  a.access_token_last4 = r->take_text(3);
  a.app_secret_sealed = r->take_text(4);
  a.verify_token = r->take_text(5);
  a.status = r->take_text(6);
  a.status_detail = r->opt_text(7);
  a.token_checked_at = r->opt_int64(8);
  a.last_webhook_at = r->opt_int64(9);
  a.updated_at = r->int64(10);
  return a;
}

void AccountStore::put(const TenantScope& scope, Conn& c, const Account& a) {
  c.execute(
      "INSERT INTO whatsapp_accounts (business_id, mode, waba_id, access_token_sealed, access_token_last4, "
      "app_secret_sealed, verify_token, status, status_detail, token_checked_at, last_webhook_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "ON CONFLICT (business_id) DO UPDATE SET mode = excluded.mode, waba_id = excluded.waba_id, "
      "access_token_sealed = excluded.access_token_sealed, access_token_last4 = excluded.access_token_last4, "
      "app_secret_sealed = excluded.app_secret_sealed, verify_token = excluded.verify_token, status = excluded.status, "
      "status_detail = excluded.status_detail, token_checked_at = excluded.token_checked_at, "
      "updated_at = excluded.updated_at",
      {scope.business_id().str(), a.mode == Mode::sandbox ? "sandbox" : "cloud", a.waba_id, a.access_token_sealed,
       a.access_token_last4, a.app_secret_sealed, a.verify_token, a.status, a.status_detail, a.token_checked_at,
       a.last_webhook_at, a.updated_at});
}

void AccountStore::set_status(const TenantScope& scope, Conn& c, const std::string& status,
                              const std::optional<std::string>& detail, TimeMs now) {
  c.execute("UPDATE whatsapp_accounts SET status = $2, status_detail = $3, token_checked_at = $4 WHERE business_id = $1",
            {scope.business_id().str(), status, detail, now});
}

void AccountStore::touch_webhook(const TenantScope& scope, Conn& c, const std::string& phone_number_id, TimeMs at) {
  c.execute("UPDATE whatsapp_accounts SET last_webhook_at = $2 WHERE business_id = $1", {scope.business_id().str(), at});
  c.execute("UPDATE phone_numbers SET last_webhook_at = $3 WHERE business_id = $1 AND phone_number_id = $2",
            {scope.business_id().str(), phone_number_id, at});
}

std::vector<PhoneNumber> AccountStore::numbers(const TenantScope& scope, Conn& c) {
  std::vector<PhoneNumber> out;
  for (auto& r : c.query(std::string("SELECT ") + kNumberColumns +
                             " FROM phone_numbers WHERE business_id = $1 ORDER BY created_at, id",
                         {scope.business_id().str()}))
    out.push_back(number_from(r));
  return out;
}

std::optional<PhoneNumber> AccountStore::number(const TenantScope& scope, Conn& c, const std::string& id) {
  auto r = c.query_one(std::string("SELECT ") + kNumberColumns + " FROM phone_numbers WHERE business_id = $1 AND id = $2",
                       {scope.business_id().str(), id});
  if (!r) return std::nullopt;
  return number_from(*r);
}

std::optional<PhoneNumber> AccountStore::number_by_meta_id(const TenantScope& scope, Conn& c,
                                                           const std::string& phone_number_id) {
  auto r = c.query_one(
      std::string("SELECT ") + kNumberColumns + " FROM phone_numbers WHERE business_id = $1 AND phone_number_id = $2",
      {scope.business_id().str(), phone_number_id});
  if (!r) return std::nullopt;
  return number_from(*r);
}

void AccountStore::insert_number(const TenantScope& scope, Conn& c, const PhoneNumber& n) {
  if (!n.sandbox)
    c.execute("INSERT INTO phone_number_routes (phone_number_id, business_id) VALUES ($1, $2)",
              {n.phone_number_id, scope.business_id().str()});
  c.execute(
      "INSERT INTO phone_numbers (business_id, id, phone_number_id, display_phone_number, verified_name, "
      "quality_rating, messaging_limit_tier, assigned_user_id, throughput_per_second, sandbox, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {scope.business_id().str(), n.id, n.phone_number_id, n.display_phone_number, n.verified_name, n.quality_rating,
       n.messaging_limit_tier, n.assigned_user_id, n.throughput_per_second, n.sandbox, n.created_at});
}

void AccountStore::update_number(const TenantScope& scope, Conn& c, const PhoneNumber& n) {
  c.execute(
      "UPDATE phone_numbers SET display_phone_number = $3, verified_name = $4, quality_rating = $5, "
      "messaging_limit_tier = $6, assigned_user_id = $7, throughput_per_second = $8 WHERE business_id = $1 AND id = $2",
      {scope.business_id().str(), n.id, n.display_phone_number, n.verified_name, n.quality_rating,
       n.messaging_limit_tier, n.assigned_user_id, n.throughput_per_second});
}

std::int64_t AccountStore::count_numbers(const TenantScope& scope, Conn& c) {
  return c.query_one("SELECT COUNT(*) FROM phone_numbers WHERE business_id = $1 AND sandbox = 0",
                     {scope.business_id().str()})
      ->int64(0);
}

std::optional<std::string> business_of_number(Conn& c, const std::string& phone_number_id) {
  auto r = c.query_one("SELECT business_id FROM phone_number_routes WHERE phone_number_id = $1", {phone_number_id});
  if (!r) return std::nullopt;
  return r->take_text(0);
}

}  // namespace sb::whatsapp
