import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { authApi } from "../../api/auth";
import { describeError } from "../../api/client";
import { useStartSession } from "../../app/session";
import { AuthFrame, useSite } from "./AuthFrame";

export function RegisterPage() {
  const navigate = useNavigate();
  const startSession = useStartSession();
  const site = useSite();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const register = useMutation({
    mutationFn: async () => {
      await authApi.register(email.trim(), password, name.trim());
      return authApi.login(email.trim(), password);
    },
    onSuccess: (result) => {
      startSession(result);
      navigate("/businesses/new", { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate();
  };
  if (site.data && !site.data.registration_open)
    return (
      <AuthFrame title="Sign-up is closed">
        <Text>Ask the administrator of your business for an invitation.</Text>
        <Anchor component={Link} to="/login">
          Back to sign in
        </Anchor>
      </AuthFrame>
    );
  return (
    <AuthFrame title="Create your account">
      <form onSubmit={submit}>
        <Stack>
          {register.error && <Alert color="red">{describeError(register.error)}</Alert>}
          <TextInput
            label="Your name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters."
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={register.isPending}>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Already have one?{" "}
            <Anchor component={Link} to="/login">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
