import { useCallback, useSyncExternalStore } from "react";
import { useSession } from "../../app/session";

// The per-user, per-browser choice of desktop notifications for new messages, kept in
// localStorage under sb_notify_<businessId>_<userId> (a shared browser doesn't hand one
// agent's choice to the next). Every hook instance in the tab sees a change.
const CHANGE = "sb-notify-change";
export const notifyStorageKey = (businessId: string, userId: string) => `sb_notify_${businessId}_${userId}`;

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

export function readPreference(businessId: string, userId: string): boolean {
  try {
    return localStorage.getItem(notifyStorageKey(businessId, userId)) === "1";
  } catch {
    return false;
  }
}

export function useNotificationPreference(businessId: string) {
  const userId = useSession().me.user.id;
  const wanted = useSyncExternalStore(subscribe, () => readPreference(businessId, userId));
  const permission = useSyncExternalStore(subscribe, readPermission);

  const setWanted = useCallback(
    async (on: boolean): Promise<NotificationPermission | "unsupported"> => {
      let result = readPermission();
      if (on && result === "default") result = await Notification.requestPermission();
      try {
        localStorage.setItem(notifyStorageKey(businessId, userId), on && result === "granted" ? "1" : "0");
      } catch {
        // private mode without storage: the choice lasts until the page is closed
      }
      window.dispatchEvent(new Event(CHANGE));
      return result;
    },
    [businessId, userId],
  );

  return { wanted, permission, active: wanted && permission === "granted", setWanted };
}
