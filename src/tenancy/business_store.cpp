#include "tenancy/business_store.h"

namespace sb::tenancy {

using storage::Conn;
using storage::Row;

namespace {
constexpr const char* kBusinessColumns =
    "id, slug, name, logo_url, primary_color, settings, suspended, plan, rate_limit_per_minute, created_at";

Business business_from(const Row& r) {
  Business b;
  b.id = BusinessId(r.text(0));
  b.slug = r.text(1);
  b.name = r.text(2);
  b.branding.logo_url = r.opt_text(3);
  b.branding.primary_color = r.opt_text(4);
  b.settings = nlohmann::json::parse(r.text(5), nullptr, false);
  if (!b.settings.is_object()) b.settings = nlohmann::json::object();
  b.suspended = r.boolean(6);
  b.plan = r.text(7);
  if (auto v = r.opt_int64(8)) b.rate_limit_per_minute = static_cast<int>(*v);
  b.created_at = r.int64(9);
  return b;
}

Invitation invitation_from(const Row& r) {
  Invitation i;
  i.id = InvitationId(r.text(0));
  i.business_id = BusinessId(r.text(1));
  i.email = r.text(2);
  i.role = parse_role(r.text(3)).value_or(Role::agent);
  i.invited_by = UserId(r.text(4));
  i.created_at = r.int64(5);
  i.expires_at = r.int64(6);
  i.accepted_at = r.opt_int64(7);
  i.revoked_at = r.opt_int64(8);
  return i;
}
constexpr const char* kInvitationColumns =
    "id, business_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at";
}  // namespace

void BusinessStore::insert(Conn& c, const Business& b) {
  c.execute(
      "INSERT INTO businesses (id, slug, name, logo_url, primary_color, settings, suspended, plan, "
      "rate_limit_per_minute, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
      {b.id.str(), b.slug, b.name, b.branding.logo_url, b.branding.primary_color, b.settings.dump(), b.suspended,
       b.plan, b.rate_limit_per_minute ? storage::Value(*b.rate_limit_per_minute) : storage::Value(), b.created_at});
}

std::optional<Business> BusinessStore::by_id(Conn& c, const BusinessId& id) {
  auto r = c.query_one(std::string("SELECT ") + kBusinessColumns + " FROM businesses WHERE id = $1", {id.str()});
  if (!r) return std::nullopt;
  return business_from(*r);
}

std::optional<Business> BusinessStore::by_slug(Conn& c, const std::string& slug) {
  auto r = c.query_one(std::string("SELECT ") + kBusinessColumns + " FROM businesses WHERE slug = $1", {slug});
  if (!r) return std::nullopt;
  return business_from(*r);
}

void BusinessStore::update(const TenantScope& scope, Conn& c, const Business& b, TimeMs now) {
  c.execute(
      "UPDATE businesses SET name = $2, logo_url = $3, primary_color = $4, settings = $5, updated_at = $6 "
      "WHERE id = $1",
      {scope.business_id().str(), b.name, b.branding.logo_url, b.branding.primary_color, b.settings.dump(), now});
}

void BusinessStore::set_platform_fields(Conn& c, const Business& b, TimeMs now) {
  c.execute(
      "UPDATE businesses SET suspended = $2, plan = $3, rate_limit_per_minute = $4, updated_at = $5 WHERE id = $1",
      {b.id.str(), b.suspended, b.plan,
       b.rate_limit_per_minute ? storage::Value(*b.rate_limit_per_minute) : storage::Value(), now});
}

namespace {
std::string usage_select() {
  return std::string("SELECT ") + kBusinessColumns +
         ", (SELECT COUNT(*) FROM memberships m WHERE m.business_id = businesses.id), "
         "(SELECT COUNT(*) FROM contacts t WHERE t.business_id = businesses.id) FROM businesses ";
}
BusinessUsage usage_from(const storage::Row& r) {
  return {business_from(r), static_cast<int>(r.int64(10)), static_cast<int>(r.int64(11))};
}
}  // namespace

std::vector<BusinessUsage> BusinessStore::list_with_usage(Conn& c, const std::optional<std::string>& after, int limit) {
  std::vector<BusinessUsage> out;
  for (auto& r : c.query(usage_select() + "WHERE id > $1 ORDER BY id LIMIT $2", {after.value_or(""), limit}))
    out.push_back(usage_from(r));
  return out;
}

std::optional<BusinessUsage> BusinessStore::usage_of(Conn& c, const BusinessId& id) {
  auto r = c.query_one(usage_select() + "WHERE id = $1", {id.str()});
  if (!r) return std::nullopt;
  return usage_from(*r);
}

void BusinessStore::add_member(Conn& c, const BusinessId& b, const UserId& u, Role role, TimeMs now) {
  c.execute("INSERT INTO memberships (business_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
            {b.str(), u.str(), std::string(to_string(role)), now});
}

std::optional<Role> BusinessStore::role_of(Conn& c, const BusinessId& b, const UserId& u) {
  auto r = c.query_one("SELECT role FROM memberships WHERE business_id = $1 AND user_id = $2", {b.str(), u.str()});
  if (!r) return std::nullopt;
  return parse_role(r->text(0));
}

std::vector<MembershipView> BusinessStore::businesses_of(Conn& c, const UserId& u) {
  std::vector<MembershipView> out;
  for (auto& r : c.query("SELECT b.id, b.slug, b.name, m.role FROM memberships m JOIN businesses b ON b.id = "
                         "m.business_id WHERE m.user_id = $1 ORDER BY b.name, b.id",
                         {u.str()}))
    out.push_back({BusinessId(r.text(0)), r.text(1), r.text(2), parse_role(r.text(3)).value_or(Role::agent)});
  return out;
}

namespace {
constexpr const char* kMemberSelect =
    "SELECT m.user_id, u.email, u.name, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id "
    "WHERE m.business_id = $1";
Member member_from(const Row& r) {
  return {UserId(r.text(0)), r.text(1), r.text(2), parse_role(r.text(3)).value_or(Role::agent), r.int64(4)};
}
}  // namespace

std::vector<Member> BusinessStore::members(const TenantScope& scope, Conn& c) {
  std::vector<Member> out;
  for (auto& r : c.query(std::string(kMemberSelect) + " ORDER BY u.name, m.user_id", {scope.business_id().str()}))
    out.push_back(member_from(r));
  return out;
}

std::optional<Member> BusinessStore::member(const TenantScope& scope, Conn& c, const UserId& u) {
  auto r = c.query_one(std::string(kMemberSelect) + " AND m.user_id = $2", {scope.business_id().str(), u.str()});
  if (!r) return std::nullopt;
  return member_from(*r);
}

int BusinessStore::count_owners(const TenantScope& scope, Conn& c) {
  auto r = c.query_one("SELECT COUNT(*) FROM memberships WHERE business_id = $1 AND role = 'owner'",
                       {scope.business_id().str()});
  return static_cast<int>(r->int64(0));
}

std::int64_t BusinessStore::count_members(const TenantScope& scope, Conn& c) {
  return c.query_one("SELECT COUNT(*) FROM memberships WHERE business_id = $1", {scope.business_id().str()})->int64(0);
}

void BusinessStore::lock_team(const TenantScope& scope, Conn& c) {
  c.execute("UPDATE businesses SET updated_at = updated_at WHERE id = $1", {scope.business_id().str()});
}

void BusinessStore::revoke_invitations_by(const TenantScope& scope, Conn& c, const UserId& inviter, TimeMs now) {
  c.execute(
      "UPDATE invitations SET revoked_at = $3 WHERE business_id = $1 AND invited_by = $2 AND accepted_at IS NULL AND "
      "revoked_at IS NULL",
      {scope.business_id().str(), inviter.str(), now});
}

void BusinessStore::set_role(const TenantScope& scope, Conn& c, const UserId& u, Role role) {
  c.execute("UPDATE memberships SET role = $3 WHERE business_id = $1 AND user_id = $2",
            {scope.business_id().str(), u.str(), std::string(to_string(role))});
}

void BusinessStore::remove_member(const TenantScope& scope, Conn& c, const UserId& u) {
  c.execute("DELETE FROM memberships WHERE business_id = $1 AND user_id = $2", {scope.business_id().str(), u.str()});
  // Leads the member owned go back to the unassigned pool.
  c.execute("UPDATE contacts SET owner_user_id = NULL WHERE business_id = $1 AND owner_user_id = $2",
            {scope.business_id().str(), u.str()});
}

void BusinessStore::insert_invitation(const TenantScope& scope, Conn& c, const Invitation& inv,
                                      const std::string& token_hash) {
  c.execute(
      "INSERT INTO invitations (business_id, id, email, role, token_hash, invited_by, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {scope.business_id().str(), inv.id.str(), inv.email, std::string(to_string(inv.role)), token_hash,
       inv.invited_by.str(), inv.created_at, inv.expires_at});
}

std::vector<Invitation> BusinessStore::pending_invitations(const TenantScope& scope, Conn& c, TimeMs now) {
  std::vector<Invitation> out;
  for (auto& r : c.query(std::string("SELECT ") + kInvitationColumns +
                             " FROM invitations WHERE business_id = $1 AND accepted_at IS NULL AND revoked_at IS "
                             "NULL AND expires_at > $2 ORDER BY id DESC",
                         {scope.business_id().str(), now}))
    out.push_back(invitation_from(r));
  return out;
}

std::optional<Invitation> BusinessStore::invitation(const TenantScope& scope, Conn& c, const InvitationId& id) {
  auto r = c.query_one(std::string("SELECT ") + kInvitationColumns + " FROM invitations WHERE business_id = $1 AND id = $2",
                       {scope.business_id().str(), id.str()});
  if (!r) return std::nullopt;
  return invitation_from(*r);
}

std::optional<Invitation> BusinessStore::invitation_by_token(const TenantScope& scope, Conn& c,
                                                             const std::string& token_hash) {
  auto r = c.query_one(
      std::string("SELECT ") + kInvitationColumns + " FROM invitations WHERE business_id = $1 AND token_hash = $2",
      {scope.business_id().str(), token_hash});
  if (!r) return std::nullopt;
  return invitation_from(*r);
}

bool BusinessStore::mark_accepted(const TenantScope& scope, Conn& c, const InvitationId& id, const UserId& by,
                                  TimeMs now) {
  return c.execute(
             "UPDATE invitations SET accepted_at = $3, accepted_by = $4 WHERE business_id = $1 AND id = $2 AND "
             "accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3",
             {scope.business_id().str(), id.str(), now, by.str()}) == 1;
}

bool BusinessStore::revoke_invitation(const TenantScope& scope, Conn& c, const InvitationId& id, TimeMs now) {
  return c.execute(
             "UPDATE invitations SET revoked_at = $3 WHERE business_id = $1 AND id = $2 AND accepted_at IS NULL AND "
             "revoked_at IS NULL",
             {scope.business_id().str(), id.str(), now}) == 1;
}

}  // namespace sb::tenancy
