import { useCallback, useSyncExternalStore } from "react";

// The per-user, per-browser choice of desktop notifications for new messages, kept in
// localStorage under sb_notify_<businessId>. Every hook instance in the tab sees a change.
const CHANGE = "sb-notify-change";
export const notifyStorageKey = (businessId: string) => `sb_notify_${businessId}`;

export const notificationsSupported = () => typeof window !== "undefined" && "Notification" in window;

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const readPermission = (): NotificationPermission | "unsupported" =>
  notificationsSupported() ? Notification.permission : "unsupported";

export function readPreference(businessId: string): boolean {
  try {
    return localStorage.getItem(notifyStorageKey(businessId)) === "1";
  } catch {
    return false;
  }
}

export function useNotificationPreference(businessId: string) {
  const wanted = useSyncExternalStore(subscribe, () => readPreference(businessId));
  const permission = useSyncExternalStore(subscribe, readPermission);

  const setWanted = useCallback(
    async (on: boolean): Promise<NotificationPermission | "unsupported"> => {
      let result = readPermission();
      if (on && result === "default") result = await Notification.requestPermission();
      try {
        localStorage.setItem(notifyStorageKey(businessId), on && result === "granted" ? "1" : "0");
      } catch {
        // private mode without storage: the choice lasts until the page is closed
      }
      window.dispatchEvent(new Event(CHANGE));
      return result;
    },
    [businessId],
  );

  return { wanted, permission, active: wanted && permission === "granted", setWanted };
}
