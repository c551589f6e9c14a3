import { PasswordInput, TextInput } from "@mantine/core";

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

// Name, email and a new password: registration and accepting an invitation ask the same.
export function NewAccountFields({
  value,
  onChange,
  emailLabel = "Email",
  emailDescription,
  passwordLabel = "Password",
}: {
  value: NewAccount;
  onChange: (v: NewAccount) => void;
  emailLabel?: string;
  emailDescription?: string;
  passwordLabel?: string;
}) {
  return (
    <>
      <TextInput
        label="Your name"
        required
        value={value.name}
        onChange={(e) => onChange({ ...value, name: e.currentTarget.value })}
      />
      <TextInput
        label={emailLabel}
        description={emailDescription}
        type="email"
        autoComplete="username"
        required
        value={value.email}
        onChange={(e) => onChange({ ...value, email: e.currentTarget.value })}
      />
      <PasswordInput
        label={passwordLabel}
        description="At least 10 characters."
        autoComplete="new-password"
        required
        value={value.password}
        onChange={(e) => onChange({ ...value, password: e.currentTarget.value })}
      />
    </>
  );
}
