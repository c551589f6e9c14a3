import { Anchor, Badge, Group, Paper, Stack, Text } from "@mantine/core";
import { IconAddressBook, IconMapPin } from "@tabler/icons-react";
import type { Message } from "../../api/types";
import { MessageMedia } from "./MessageMedia";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

function Body({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Text size="sm" className="sb-inbox-text">
      {text}
    </Text>
  );
}

function Location({ message }: { message: Message }) {
  const loc = isObject(message.payload?.location) ? message.payload.location : {};
  const lat = num(loc.latitude);
  const lon = num(loc.longitude);
  const name = str(loc.name);
  const address = str(loc.address);
  return (
    <Group gap={8} wrap="nowrap" align="flex-start">
      <IconMapPin size={20} style={{ flexShrink: 0 }} />
      <Stack gap={2}>
        {name && (
          <Text size="sm" fw={600}>
            {name}
          </Text>
        )}
        {address && <Text size="sm">{address}</Text>}
        {!name && !address && message.text && <Text size="sm">{message.text}</Text>}
        {lat !== null && lon !== null && (
          <Anchor
            size="xs"
            href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`}
            target="_blank"
            rel="noreferrer"
          >
            {lat.toFixed(5)}, {lon.toFixed(5)} · Open map
          </Anchor>
        )}
      </Stack>
    </Group>
  );
}

function ContactCards({ message }: { message: Message }) {
  const cards = Array.isArray(message.payload?.contacts) ? message.payload.contacts.filter(isObject) : [];
  if (cards.length === 0) return <Body text={message.text} />;
  return (
    <Stack gap={6}>
      {cards.map((c, i) => {
        const name = isObject(c.name) ? str(c.name.formatted_name) : "";
        const phones = Array.isArray(c.phones) ? c.phones.filter(isObject).map((p) => str(p.phone)) : [];
        return (
          <Paper key={i} withBorder p={6} radius="sm" className="sb-inbox-card">
            <Group gap={8} wrap="nowrap">
              <IconAddressBook size={18} />
              <div>
                <Text size="sm" fw={600}>
                  {name || "Contact"}
                </Text>
                {phones.filter(Boolean).map((p) => (
                  <Text key={p} size="xs" c="dimmed">
                    {p}
                  </Text>
                ))}
              </div>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

function Reply({ message, kind }: { message: Message; kind: string }) {
  return (
    <Stack gap={4}>
      <Badge size="xs" variant="light" color="gray">
        {kind}
      </Badge>
      <Body text={message.text} />
    </Stack>
  );
}

function Template({ message }: { message: Message }) {
  const t = message.template;
  if (!t) return <Body text={message.text} />;
  return (
    <Stack gap={4}>
      <Group gap={6}>
        <Badge size="xs" variant="light">
          Template
        </Badge>
        <Text size="sm" fw={600}>
          {t.name}
        </Text>
        <Text size="xs" c="dimmed">
          {t.language}
        </Text>
      </Group>
      {message.text && <Body text={message.text} />}
      {t.variables.length > 0 && (
        <Text size="xs" c="dimmed">
          {t.variables.map((v, i) => `{{${i + 1}}} ${v}`).join(" · ")}
        </Text>
      )}
    </Stack>
  );
}

function Unsupported({ message }: { message: Message }) {
  const raw = str(message.payload?.type) || message.type;
  const errors = Array.isArray(message.payload?.errors) ? message.payload.errors.filter(isObject) : [];
  const why = errors[0] ? str(errors[0].title) || str(errors[0].message) : "";
  return (
    <Text size="sm" fs="italic" c="dimmed">
      Unsupported message ({raw}){why ? `: ${why}` : ""}
    </Text>
  );
}

const MEDIA = new Set(["image", "video", "audio", "document", "sticker"]);

// What a message says, by its type.
export function MessageContent({ message }: { message: Message }) {
  if (message.deleted)
    return (
      <Text size="sm" fs="italic" c="dimmed">
        This message was deleted
      </Text>
    );
  if (MEDIA.has(message.type))
    return (
      <Stack gap={4}>
        <MessageMedia message={message} />
        <Body text={message.text} />
      </Stack>
    );
  switch (message.type) {
    case "text":
      return <Body text={message.text} />;
    case "location":
      return <Location message={message} />;
    case "contacts":
      return <ContactCards message={message} />;
    case "interactive":
      return <Reply message={message} kind="Chose an option" />;
    case "button":
      return <Reply message={message} kind="Tapped a button" />;
    case "order":
      return <Reply message={message} kind="Order" />;
    case "template":
      return <Template message={message} />;
    case "system":
      return (
        <Text size="sm" fs="italic" c="dimmed">
          {message.text ?? "System message"}
        </Text>
      );
    default:
      if (message.template) return <Template message={message} />;
      if (message.type === "unsupported" || !message.text) return <Unsupported message={message} />;
      return <Body text={message.text} />;
  }
}
