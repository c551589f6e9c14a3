import { Tooltip } from "@mantine/core";
import { IconAlertCircle, IconCheck, IconChecks, IconClock } from "@tabler/icons-react";
import type { MessageStatus } from "../../api/types";
import { tickLabel } from "./inboxRules";

// Queued = clock, sent = one tick, delivered = two ticks, read = two blue ticks, failed = red.
export function DeliveryTicks({ status }: { status: MessageStatus }) {
  if (status === "received") return null;
  const label = tickLabel[status];
  const icon =
    status === "queued" ? (
      <IconClock size={14} />
    ) : status === "sent" ? (
      <IconCheck size={14} />
    ) : status === "failed" ? (
      <IconAlertCircle size={14} />
    ) : (
      <IconChecks size={14} />
    );
  const color =
    status === "read"
      ? "var(--mantine-color-blue-6)"
      : status === "failed"
        ? "var(--mantine-color-red-6)"
        : "var(--mantine-color-dimmed)";
  return (
    <Tooltip label={label} withArrow openDelay={300}>
      <span
        role="img"
        aria-label={label}
        data-testid="delivery-ticks"
        data-status={status}
        style={{ color, display: "inline-flex", alignItems: "center" }}
      >
        {icon}
      </span>
    </Tooltip>
  );
}
