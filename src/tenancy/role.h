#pragma once
// Roles inside a business and the one permission table (API.md "Permissions").
#include <optional>
#include <string>
#include <string_view>

namespace sb::tenancy {

// Ordered: a higher role can do everything a lower one can.
enum class Role { agent = 0, manager = 1, admin = 2, owner = 3 };

std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

// What a route needs. The rows of API.md's permission table; `min_role` is the table.
enum class Permission {
  business_read,       // any member: the business itself, the team list, own things
  conversations,       // read conversations, reply, assign (agents: unassigned or own)
  contacts_read,       // contacts: read
  contacts_write,      // contacts: write, import, assign leads
  campaigns,           // templates, campaigns, knowledge base
  analytics,           // analytics
  administration,      // team and invitations, WhatsApp and AI settings, API keys, webhooks, audit log
  devices_any,         // sender devices and sending routes of any member
  devices_own,         // own sender devices, read own sending route
  ownership,           // business deletion, owner role, billing
};

Role min_role(Permission p);
std::string_view to_string(Permission p);
inline bool allows(Role r, Permission p) { return static_cast<int>(r) >= static_cast<int>(min_role(p)); }

}  // namespace sb::tenancy
