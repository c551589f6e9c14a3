import { useState } from "react";
import { Button, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { conversationsApi, type OutgoingMessage } from "../../api/conversations";
import { useBusiness } from "../../app/business";
import { TemplateForm } from "./TemplateForm";
import { putMessage } from "./inboxCache";
import { inboxKeys } from "./inboxKeys";
import { describeSendError, normalisePhone } from "./inboxRules";

// Message a phone number: starts (or continues) its conversation and opens it.
export function NewConversationModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { id: b, path } = useBusiness();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [phone, setPhone] = useState("");
  const [kind, setKind] = useState<"text" | "template">("template");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [phoneError, setPhoneError] = useState<string | null>(null);

  const send = useMutation({
    mutationFn: ({ to, message }: { to: string; message: OutgoingMessage }) =>
      conversationsApi.sendToPhone(b, to, message),
    onSuccess: (m) => {
      putMessage(client, b, m);
      void client.invalidateQueries({ queryKey: inboxKeys.lists(b) });
      setPhone("");
      setText("");
      setError(null);
      onClose();
      navigate(path(`inbox/${m.conversation_id}`));
    },
    onError: (e) => setError(describeSendError(e)),
  });

  const submit = async (message: OutgoingMessage): Promise<boolean> => {
    const to = normalisePhone(phone);
    setPhoneError(to ? null : "A phone number in international format, such as +55 11 99999-0001");
    if (!to) return false;
    setError(null);
    try {
      await send.mutateAsync({ to, message });
      return true;
    } catch {
      return false;
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New conversation" size="md">
      <Stack gap="sm">
        <TextInput
          label="Phone number"
          placeholder="+55 11 99999-0001"
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          error={phoneError}
          required
          data-autofocus
        />
        <SegmentedControl
          size="xs"
          data={[
            { value: "template", label: "Template" },
            { value: "text", label: "Free text" },
          ]}
          value={kind}
          onChange={(v) => setKind(v as "text" | "template")}
        />
        <Text size="xs" c="dimmed">
          {kind === "template"
            ? "WhatsApp only lets a business start a conversation with an approved template."
            : "Free text only goes through if this customer wrote to you in the last 24 hours."}
        </Text>
        {kind === "template" ? (
          <TemplateForm pending={send.isPending} onSend={(template) => submit({ template })} compact />
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) void submit({ text: text.trim() });
            }}
          >
            <Stack gap="xs">
              <Textarea
                label="Message"
                autosize
                minRows={2}
                maxRows={6}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                maxLength={4096}
                required
              />
              <Group justify="flex-end">
                <Button type="submit" loading={send.isPending} disabled={!text.trim()}>
                  Send
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Modal>
  );
}
