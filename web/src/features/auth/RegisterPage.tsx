import { Alert, Anchor, Button, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { authApi } from "../../api/auth";
import { describeError } from "../../api/client";
import { useStartSession } from "../../app/session";
import { AuthFrame, useSite } from "./AuthFrame";
import { NewAccountFields, type NewAccount } from "./NewAccountFields";

export function RegisterPage() {
  const navigate = useNavigate();
  const startSession = useStartSession();
  const site = useSite();
  const [account, setAccount] = useState<NewAccount>({ name: "", email: "", password: "" });
  const { name, email, password } = account;
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
          <NewAccountFields value={account} onChange={setAccount} />
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
