import type { Role } from "../api/types";

// What each role may do, as the API's permission table says; the dashboard only hides what
// the server would refuse anyway.
const rank: Record<Role, number> = { owner: 4, admin: 3, manager: 2, agent: 1 };

export const atLeast = (role: Role, min: Role) => rank[role] >= rank[min];

export const permissions = (role: Role) => ({
  manageTeam: atLeast(role, "admin"),
  manageSettings: atLeast(role, "admin"),
  writeContacts: atLeast(role, "manager"),
  assignLeads: atLeast(role, "manager"),
  grantOwner: role === "owner",
  seeAllConversations: atLeast(role, "manager"),
});

export type Permissions = ReturnType<typeof permissions>;

export const roleLabel: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  manager: "Manager",
  agent: "Agent",
};
export const roleColor: Record<Role, string> = {
  owner: "grape",
  admin: "blue",
  manager: "teal",
  agent: "gray",
};
