import { useQuery } from "@tanstack/react-query";
import { teamApi } from "../api/team";
import type { Member } from "../api/types";
import { useBusiness } from "./business";

// The members of the current business, loaded once and shared by every page that names or
// picks people (team, contacts' owners, inbox assignees, numbers' assignees). Under the
// business's key, so leaving or switching drops them with the rest.
export const membersKey = (businessId: string) => ["business", businessId, "members"] as const;

export function useMembers() {
  const { id } = useBusiness();
  return useQuery({
    queryKey: membersKey(id),
    queryFn: async (): Promise<Member[]> => (await teamApi.members(id)).items,
    staleTime: 60_000,
  });
}

// How a member is shown: their name, else their email.
export const memberLabel = (m: Member) => m.name || m.email;

// Who `userId` is: null when nobody, "" while the members are loading, and "A former member"
// for someone no longer in the business.
export function memberName(members: Member[] | undefined, userId: string | null | undefined): string | null {
  if (!userId) return null;
  if (!members) return "";
  const m = members.find((x) => x.user_id === userId);
  return m ? memberLabel(m) : "A former member";
}

// Members as choices of a Select.
export const memberOptions = (members: Member[]) =>
  members.map((m) => ({ value: m.user_id, label: memberLabel(m) }));
