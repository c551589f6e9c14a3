import { Button, Group, Paper, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { contactsApi, type ContactNote } from "../../api/contacts";
import { useBusiness } from "../../app/business";
import { formatDate } from "../../app/format";
import { memberName, useMembers } from "../../app/members";
import { notifyError } from "../../app/notifyError";
import { ErrorState } from "../../components/ErrorState";

export const notesKey = (b: string, contactId: string) =>
  ["business", b, "contact-notes", contactId] as const;

// What the team wrote about a customer, oldest first, and a box to add to it. Every member
// may write one (agents are the ones talking to the customer); nobody edits the past.
export function ContactNotes({ contactId }: { contactId: string }) {
  const { id: b } = useBusiness();
  const client = useQueryClient();
  const members = useMembers().data;
  const [text, setText] = useState("");
  const notes = useQuery({
    queryKey: notesKey(b, contactId),
    queryFn: async () => (await contactsApi.notes(b, contactId)).items,
  });
  const add = useMutation({
    mutationFn: () => contactsApi.addNote(b, contactId, text.trim()),
    onSuccess: (note) => {
      client.setQueryData<ContactNote[]>(notesKey(b, contactId), (list) => [...(list ?? []), note]);
      setText("");
    },
    onError: (e) => notifyError(e, "The note wasn't saved"),
  });
  const submit = () => {
    if (text.trim() && !add.isPending) add.mutate();
  };
  return (
    <Stack gap="xs" data-testid="contact-notes">
      {notes.error ? (
        <ErrorState error={notes.error} onRetry={() => notes.refetch()} />
      ) : notes.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          No notes yet. Write down what the customer asked for, so the next person knows.
        </Text>
      ) : (
        notes.data?.map((n) => (
          <Paper key={n.id} withBorder p="xs" radius="sm" data-testid="contact-note">
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {n.text}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              {memberName(members, n.author_user_id) || "Someone"} · {formatDate(n.created_at)}
            </Text>
          </Paper>
        ))
      )}
      <Textarea
        aria-label="New note"
        placeholder="Add a note… (Ctrl+Enter to save)"
        autosize
        minRows={2}
        maxRows={6}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <Group justify="flex-end">
        <Button size="xs" variant="light" onClick={submit} loading={add.isPending} disabled={!text.trim()}>
          Add note
        </Button>
      </Group>
    </Stack>
  );
}
