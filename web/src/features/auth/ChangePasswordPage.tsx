import { Alert, Button, PasswordInput, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { authApi } from "../../api/auth";
import { describeError } from "../../api/client";
import { meKey, useSession } from "../../app/session";
import { AuthFrame } from "./AuthFrame";
import { safeNext } from "./LoginPage";

export function ChangePasswordPage() {
  const { me } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => authApi.changePassword(current, next),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: meKey });
      notifications.show({ color: "green", message: "Your password is changed." });
      navigate(safeNext(params.get("next")), { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate();
  };
  const forced = !!me.user.must_change_password;
  return (
    <AuthFrame
      title={forced ? "Choose your own password" : "Change your password"}
      subtitle={forced ? "You signed in with a temporary password. Pick a new one to continue." : undefined}
    >
      <form onSubmit={submit}>
        <Stack>
          {change.error && <Alert color="red">{describeError(change.error)}</Alert>}
          <PasswordInput
            label={forced ? "Temporary password" : "Current password"}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters."
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            value={repeat}
            error={mismatch ? "The two new passwords differ." : undefined}
            onChange={(e) => setRepeat(e.currentTarget.value)}
          />
          <Button type="submit" loading={change.isPending}>
            Save password
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
