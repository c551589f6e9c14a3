import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import { useNavigate } from "react-router";
import { teamApi } from "../../api/team";
import type { Me, Member, Role } from "../../api/types";
import { notifyError } from "../../app/notifyError";
import { memberLabel, membersKey } from "../../app/members";
import { roleLabel } from "../../app/permissions";
import { meKey } from "../../app/session";

export const invitationsKey = (b: string) => ["business", b, "invitations"] as const;

export function useInvitations(b: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(b),
    queryFn: () => teamApi.invitations(b),
    select: (p) => p.items,
    enabled,
  });
}

export function useChangeRole(b: string, selfId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) =>
      teamApi.changeRole(b, member.user_id, role),
    onSuccess: async (updated, { member }) => {
      client.setQueryData<Member[]>(membersKey(b), (list) =>
        list?.map((m) => (m.user_id === updated.user_id ? updated : m)),
      );
      notifications.show({
        color: "green",
        message: `${memberLabel(member)} is now ${roleLabel[updated.role]}.`,
      });
      // Every page that names or picks members reads them again.
      void client.invalidateQueries({ queryKey: membersKey(b) });
      // One's own role decides what the whole dashboard offers.
      if (member.user_id === selfId) await client.invalidateQueries({ queryKey: meKey });
    },
    onError: (error) => notifyError(error),
  });
}

export function useRemoveMember(b: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (member: Member) => teamApi.remove(b, member.user_id),
    onSuccess: (_, member) => {
      client.setQueryData<Member[]>(membersKey(b), (list) =>
        list?.filter((m) => m.user_id !== member.user_id),
      );
      notifications.show({ message: `${memberLabel(member)} no longer has access.` });
      void client.invalidateQueries({ queryKey: membersKey(b) });
    },
    onError: (error) => notifyError(error),
  });
}

// Leaving: drop the business from the session at once (so "/" doesn't send the user back
// into it), go home, then reload the session from the server.
export function useLeaveBusiness(b: string, selfId: string, name: string) {
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => teamApi.remove(b, selfId),
    onSuccess: async () => {
      client.setQueryData<Me>(
        meKey,
        (me) => me && { ...me, businesses: me.businesses.filter((x) => x.id !== b) },
      );
      navigate("/", { replace: true });
      client.removeQueries({ queryKey: ["business", b] });
      notifications.show({ message: `You left ${name}.` });
      await client.invalidateQueries({ queryKey: meKey });
    },
  });
}

export function useInvite(b: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ email, role }: { email: string; role: Role }) => teamApi.invite(b, email, role),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey(b) }),
  });
}

export function useRevokeInvitation(b: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => teamApi.revoke(b, id),
    onSuccess: () => {
      notifications.show({ message: "Invitation revoked; its link no longer works." });
      return client.invalidateQueries({ queryKey: invitationsKey(b) });
    },
    onError: (error) => notifyError(error),
  });
}
