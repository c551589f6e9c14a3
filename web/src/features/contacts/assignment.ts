import { ASSIGN_BATCH } from "../../api/contacts";

export type AssignMode = "one" | "round_robin";

// The server's limit per call: larger selections go in batches.
export function batches<T>(items: T[], size = ASSIGN_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// Who gets which contact, as the server spreads them: in each call, contact i goes to
// users[i % users.length] (round robin "in the order given"; one member is the same rule).
export function plannedOwners(
  contactIds: string[],
  userIds: string[],
  size = ASSIGN_BATCH,
): Map<string, string> {
  const owners = new Map<string, string>();
  if (userIds.length === 0) return owners;
  for (const batch of batches(contactIds, size))
    batch.forEach((id, i) => owners.set(id, userIds[i % userIds.length] ?? ""));
  return owners;
}
