import { notifications } from "@mantine/notifications";
import { describeError } from "../api/client";

// A failed action the user started, told in plain words in a red notification.
export function notifyError(error: unknown, title?: string) {
  notifications.show({ color: "red", title, message: describeError(error) });
}
