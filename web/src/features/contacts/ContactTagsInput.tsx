import { TagsInput } from "@mantine/core";

// A contact's tags, typed one by one; "," and ";" (the CSV import's separator) split them.
export function ContactTagsInput({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (tags: string[]) => void;
  error?: string;
}) {
  return (
    <TagsInput
      label="Tags"
      placeholder="Type a tag and press Enter"
      value={value}
      onChange={onChange}
      splitChars={[",", ";"]}
      error={error}
      clearable
    />
  );
}
