import { Anchor, Button, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { IconSend } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { ApiError, describeError } from "../../api/client";
import { whatsappApi } from "../../api/whatsapp";
import { useBusiness } from "../../app/business";
import { toE164 } from "./settingsRules";

// "Simulate a customer message": a text from any phone to the sandbox number, as if a
// customer wrote it; the notification links to the conversation it lands in.
export function SimulateInboundForm() {
  const { id, path } = useBusiness();
  const navigate = useNavigate();
  const [phone, setPhone] = useState("+351 912 345 678");
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [phoneError, setPhoneError] = useState<string | null>(null);

  const send = useMutation({
    mutationFn: (from: string) =>
      whatsappApi.simulateInbound(id, from, text.trim(), name.trim() || undefined),
    onSuccess: ({ conversation_id }) => {
      setText("");
      const href = path(`inbox/${encodeURIComponent(conversation_id)}`);
      const notificationId = `sandbox-${conversation_id}-${Date.now()}`;
      // The notifications live outside the router: the link navigates through this page's router.
      notifications.show({
        id: notificationId,
        color: "green",
        title: "Message received",
        message: (
          <Text size="sm">
            The customer’s message is in the inbox.{" "}
            <Anchor
              href={href}
              onClick={(e) => {
                e.preventDefault();
                notifications.hide(notificationId);
                navigate(href);
              }}
            >
              Open the conversation
            </Anchor>
          </Text>
        ),
      });
    },
  });
  const phoneRefused =
    send.error instanceof ApiError && (send.error.field === "from_phone" || send.error.field === "phone");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const from = toE164(phone);
    setPhoneError(from ? null : "Write the number in international form, e.g. +351 912 345 678.");
    if (from && text.trim()) send.mutate(from);
  };

  return (
    <form onSubmit={submit} aria-label="Simulate a customer message">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Simulate a customer message
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <TextInput
            label="From phone"
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={phoneError ?? (phoneRefused ? describeError(send.error) : undefined)}
            required
          />
          <TextInput
            label="Customer name"
            placeholder="Optional"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Textarea
          label="Message"
          placeholder="Hi! Do you deliver on Sundays?"
          autosize
          minRows={2}
          maxRows={6}
          maxLength={4096}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={send.error && !phoneRefused ? describeError(send.error) : undefined}
          required
        />
        <Button
          type="submit"
          leftSection={<IconSend size={16} />}
          loading={send.isPending}
          disabled={!text.trim()}
          style={{ alignSelf: "flex-start" }}
        >
          Send as the customer
        </Button>
      </Stack>
    </form>
  );
}
