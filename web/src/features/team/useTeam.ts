import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import { useNavigate } from "react-router";
import { describeError, type Page } from "../../api/client";
import { teamApi } from "../../api/team";
import type { Me, Member, Role } from "../../api/types";
import { roleLabel } from "../../app/permissions";
import { meKey } from "../../app/session";

export const membersKey = (b: string) => ["business", b, "members"] as const;
export const invitationsKey = (b: string) => ["business", b, "invitations"] as const;

const failed = (error: unknown) => notifications.show({ color: "red", message: describeError(error) });

export function useMembers(b: string) {
  return useQuery({ queryKey: membersKey(b), queryFn: () => teamApi.members(b), select: (p) => p.items });
}

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
      client.setQueryData<Page<Member>>(
        membersKey(b),
        (page) =>
          page && { ...page, items: page.items.map((m) => (m.user_id === updated.user_id ? updated : m)) },
      );
      notifications.show({
        color: "green",
        message: `${member.name || member.email} is now ${roleLabel[updated.role]}.`,
      });
      // One's own role decides what the whole dashboard offers.
      if (member.user_id === selfId) await client.invalidateQueries({ queryKey: meKey });
    },
    onError: failed,
  });
}

export function useRemoveMember(b: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (member: Member) => teamApi.remove(b, member.user_id),
    onSuccess: (_, member) => {
      client.setQueryData<Page<Member>>(
        membersKey(b),
        (page) => page && { ...page, items: page.items.filter((m) => m.user_id !== member.user_id) },
      );
      notifications.show({ message: `${member.name || member.email} no longer has access.` });
    },
    onError: failed,
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
    onError: failed,
  });
}
