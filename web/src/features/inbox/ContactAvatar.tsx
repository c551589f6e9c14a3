import { Avatar, type AvatarProps } from "@mantine/core";
import { initials } from "./inboxRules";

// Initials for a named contact, the plain person icon for a bare phone number.
export function ContactAvatar({ name, ...rest }: AvatarProps & { name: string }) {
  const hasLetters = /\p{L}/u.test(name);
  return hasLetters ? (
    <Avatar radius="xl" color="initials" name={name} {...rest}>
      {initials(name)}
    </Avatar>
  ) : (
    <Avatar radius="xl" {...rest} />
  );
}
