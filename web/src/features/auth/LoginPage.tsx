import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { authApi } from "../../api/auth";
import { describeError } from "../../api/client";
import { useStartSession } from "../../app/session";
import { AuthFrame, useSite } from "./AuthFrame";

// Only paths of this app: "next" must never send the user to another site.
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const startSession = useStartSession();
  const site = useSite();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: () => authApi.login(email.trim(), password),
    onSuccess: (result) => {
      startSession(result);
      const next = safeNext(params.get("next"));
      navigate(
        result.user.must_change_password ? `/change-password?next=${encodeURIComponent(next)}` : next,
        {
          replace: true,
        },
      );
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <AuthFrame title="Sign in" subtitle="One login for every business you belong to.">
      <form onSubmit={submit}>
        <Stack>
          {login.error && <Alert color="red">{describeError(login.error)}</Alert>}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
          {site.data?.registration_open && (
            <Text size="sm" ta="center">
              New here?{" "}
              <Anchor component={Link} to="/register">
                Create an account
              </Anchor>
            </Text>
          )}
        </Stack>
      </form>
    </AuthFrame>
  );
}
