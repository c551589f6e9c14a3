import type { Member, Role } from "../../api/types";
import { memberLabel } from "../../app/members";
import { atLeast } from "../../app/permissions";

export const allRoles: Role[] = ["owner", "admin", "manager", "agent"];

// What each role is for, in the words of the permission table.
export const roleHint: Record<Role, string> = {
  owner: "Everything, including the owner role and deleting the business.",
  admin: "Team, WhatsApp and AI settings, API keys; everything but the owner role.",
  manager: "Every conversation, contacts, campaigns, templates and analytics.",
  agent: "Replies to unassigned conversations and their own; reads contacts.",
};

// The roles someone with `actor` may give (by invitation or change): only an owner grants owner.
export function grantableRoles(actor: Role): Role[] {
  return actor === "owner" ? allRoles : allRoles.filter((r) => r !== "owner");
}

export interface MemberControls {
  changeRole: boolean;
  remove: boolean;
}

// Which controls a member's row offers: admins manage the team, but only an owner touches an
// owner; the user themself leaves instead of removing themself.
export function memberControls(actor: Role, member: Member, selfId: string): MemberControls {
  const manages = atLeast(actor, "admin") && (member.role !== "owner" || actor === "owner");
  return { changeRole: manages, remove: manages && member.user_id !== selfId };
}

// Owners first, then by name.
export function sortMembers(members: Member[]): Member[] {
  return [...members].sort(
    (a, b) =>
      allRoles.indexOf(a.role) - allRoles.indexOf(b.role) || memberLabel(a).localeCompare(memberLabel(b)),
  );
}

// Why the user can't leave (the server refuses the last owner), or null.
export function leaveBlocker(members: Member[], selfId: string): string | null {
  const self = members.find((m) => m.user_id === selfId);
  const owners = members.filter((m) => m.role === "owner").length;
  if (self?.role === "owner" && owners <= 1)
    return "You are the only owner. Make someone else owner first, then you can leave.";
  return null;
}

// "in 6 days", "in 3 hours", "expired".
export function expiresIn(iso: string, now: number = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (!Number.isFinite(ms) || ms <= 0) return "expired";
  const hours = Math.round(ms / 3_600_000);
  if (hours < 1) return "in less than an hour";
  if (hours < 48) return `in ${hours} hour${hours === 1 ? "" : "s"}`;
  return `in ${Math.round(hours / 24)} days`;
}
