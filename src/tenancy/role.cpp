#include "tenancy/role.h"

namespace sb::tenancy {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::owner: return "owner";
    case Role::admin: return "admin";
    case Role::manager: return "manager";
    case Role::agent: return "agent";
  }
  return "agent";
}

std::optional<Role> parse_role(std::string_view s) {
  if (s == "owner") return Role::owner;
  if (s == "admin") return Role::admin;
  if (s == "manager") return Role::manager;
  if (s == "agent") return Role::agent;
  return std::nullopt;
}

Role min_role(Permission p) {
  switch (p) {
    case Permission::business_read: return Role::agent;
    case Permission::conversations: return Role::agent;
    case Permission::contacts_read: return Role::agent;
    case Permission::contacts_write: return Role::manager;
    case Permission::campaigns: return Role::manager;
    case Permission::analytics: return Role::manager;
    case Permission::administration: return Role::admin;
    case Permission::devices_any: return Role::admin;
    case Permission::devices_own: return Role::agent;
    case Permission::ownership: return Role::owner;
  }
  return Role::owner;
}

std::string_view to_string(Permission p) {
  switch (p) {
    case Permission::business_read: return "business.read";
    case Permission::conversations: return "conversations";
    case Permission::contacts_read: return "contacts.read";
    case Permission::contacts_write: return "contacts.write";
    case Permission::campaigns: return "campaigns";
    case Permission::analytics: return "analytics";
    case Permission::administration: return "administration";
    case Permission::devices_any: return "devices.any";
    case Permission::devices_own: return "devices.own";
    case Permission::ownership: return "ownership";
  }
  return "ownership";
}

}  // namespace sb::tenancy
