import { Select, type SelectProps } from "@mantine/core";
import type { Conversation } from "../../api/types";
import { useBusiness } from "../../app/business";
import { memberName, memberOptions, useMembers } from "../../app/members";
import { useSession } from "../../app/session";

const UNASSIGNED = "__unassigned";

type Props = Omit<SelectProps, "data" | "value" | "onChange"> & {
  conversation: Conversation;
  busy: boolean;
  onAssign: (userId: string | null) => void;
};

// Who handles a conversation: "Me", a member (managers and above), or nobody. Agents may only
// take an unassigned conversation or give up their own (the server says so too).
export function AssigneeSelect({ conversation, busy, onAssign, ...rest }: Props) {
  const { me } = useSession();
  const { can } = useBusiness();
  const loaded = useMembers().data;
  const members = loaded ?? [];
  const myId = me.user.id;
  const assignee = conversation.assignee_user_id;
  const options = [
    { value: myId, label: "Me" },
    ...(can.seeAllConversations ? memberOptions(members.filter((m) => m.user_id !== myId)) : []),
    ...(assignee &&
    assignee !== myId &&
    (!can.seeAllConversations || !members.some((m) => m.user_id === assignee))
      ? [{ value: assignee, label: memberName(loaded, assignee) || "Someone else" }]
      : []),
    { value: UNASSIGNED, label: "Unassigned" },
  ];
  const canChange = can.seeAllConversations || assignee === null || assignee === myId;
  return (
    <Select
      aria-label="Assignee"
      data={options}
      value={assignee ?? UNASSIGNED}
      onChange={(v) => v && v !== (assignee ?? UNASSIGNED) && onAssign(v === UNASSIGNED ? null : v)}
      allowDeselect={false}
      disabled={busy || !canChange}
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}
