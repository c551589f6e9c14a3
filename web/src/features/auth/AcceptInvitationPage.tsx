import { Alert, Anchor, Button, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { authApi } from "../../api/auth";
import { ApiError, describeError } from "../../api/client";
import { meKey, useStartSession } from "../../app/session";
import { AuthFrame } from "./AuthFrame";
import { NewAccountFields, type NewAccount } from "./NewAccountFields";

// The page an invitation link opens. A signed-in user joins with their own account; a new
// person picks a name and password, and is signed in with them.
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const client = useQueryClient();
  const startSession = useStartSession();
  const me = useQuery({ queryKey: meKey, queryFn: authApi.me, retry: false });
  const [account, setAccount] = useState<NewAccount>({ name: "", email: "", password: "" });
  const { name, email, password } = account;
  const here = `/accept-invitation?token=${encodeURIComponent(token)}`;

  const accept = useMutation({
    mutationFn: async () => {
      if (me.data) return { joined: await authApi.acceptInvitation(token), login: null };
      const joined = await authApi.acceptInvitation(token, name.trim(), password);
      return { joined, login: await authApi.login(email.trim(), password) };
    },
    onSuccess: async ({ joined, login }) => {
      if (login) startSession(login);
      else await client.invalidateQueries({ queryKey: meKey });
      navigate(`/b/${joined.business.slug}/inbox`, { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    accept.mutate();
  };
  const needsLogin = accept.error instanceof ApiError && accept.error.status === 401;

  if (!token)
    return (
      <AuthFrame title="This link is incomplete">
        <Text>Open the whole invitation link from your email, or ask for a new invitation.</Text>
      </AuthFrame>
    );
  if (me.isPending) return null;
  return (
    <AuthFrame
      title="Join your team"
      subtitle={
        me.data
          ? `You are signed in as ${me.data.user.email}.`
          : "Create your account to accept the invitation."
      }
    >
      <form onSubmit={submit}>
        <Stack>
          {accept.error && (
            <Alert color="red">
              {needsLogin
                ? "This email already has an account. Sign in first, then open the link again."
                : accept.error instanceof ApiError && accept.error.code === "invitation_invalid"
                  ? "This invitation was used, revoked or has expired. Ask for a new one."
                  : describeError(accept.error)}
            </Alert>
          )}
          {!me.data && (
            <NewAccountFields
              value={account}
              onChange={setAccount}
              emailLabel="Email the invitation was sent to"
              emailDescription="You will sign in with it."
              passwordLabel="Choose a password"
            />
          )}
          <Button type="submit" loading={accept.isPending}>
            Accept invitation
          </Button>
          {!me.data && (
            <Text size="sm" ta="center">
              Already have an account?{" "}
              <Anchor component={Link} to={`/login?next=${encodeURIComponent(here)}`}>
                Sign in
              </Anchor>
            </Text>
          )}
        </Stack>
      </form>
    </AuthFrame>
  );
}
