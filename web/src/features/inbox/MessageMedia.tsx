import { Anchor, Group, Text } from "@mantine/core";
import { IconFileDownload, IconPhoto } from "@tabler/icons-react";
import { conversationsApi, type StoredMedia } from "../../api/conversations";
import type { Message } from "../../api/types";
import { useBusiness } from "../../app/business";

// Only web links may become a src/href (never javascript:, data: and the like).
export const safeHttpUrl = (link: string | undefined): string | null =>
  link && /^https?:\/\//i.test(link) ? link : null;

// Photos, videos, audio, stickers and documents of a message: the file we stored, or the
// link an outbound message was sent with.
export function MessageMedia({ message }: { message: Message }) {
  const { id: b } = useBusiness();
  const media = message.media as StoredMedia | null;
  if (!media) return null;
  const src = media.stored ? conversationsApi.mediaUrl(b, message.id) : safeHttpUrl(media.link);
  if (!src)
    return (
      <Group gap={6} c="dimmed">
        <IconPhoto size={16} />
        <Text size="sm" fs="italic">
          {media.download_error
            ? `The ${message.type} couldn't be downloaded from WhatsApp.`
            : `The ${message.type} is still downloading…`}
        </Text>
      </Group>
    );
  switch (message.type) {
    case "image":
      return (
        <a href={src} target="_blank" rel="noreferrer" className="sb-inbox-media-link">
          <img src={src} alt={media.caption || "Photo"} className="sb-inbox-image" loading="lazy" />
        </a>
      );
    case "sticker":
      return <img src={src} alt="Sticker" className="sb-inbox-sticker" loading="lazy" />;
    case "video":
      return <video src={src} controls preload="metadata" className="sb-inbox-image" />;
    case "audio":
      return <audio src={src} controls preload="metadata" className="sb-inbox-audio" />;
    default:
      return (
        <Anchor href={src} download={media.filename || true} size="sm">
          <Group gap={6} wrap="nowrap">
            <IconFileDownload size={18} />
            <span>{media.filename || "Download document"}</span>
          </Group>
        </Anchor>
      );
  }
}
