import { useEffect, useMemo, useRef } from "react";
import { Button, Center, Checkbox, Group, Loader, Table, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { Contact, Member } from "../../api/types";
import { ContactRow, ROW_HEIGHT } from "./ContactRow";
import { ownerLabel } from "./contactFormat";

interface Props {
  rows: Contact[];
  // Undefined while loading: the owners show once they are known.
  members: Member[] | undefined;
  formatDate: (iso: string) => string;
  selectable: boolean;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onOpen: (contact: Contact) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  loadMoreFailed: boolean;
  fetchNextPage: () => void;
}

// Start fetching the next page this many rows before the end.
const PREFETCH_ROWS = 60;

const COLUMNS: { label: string; width: number }[] = [
  { label: "Name", width: 190 },
  { label: "Phone", width: 150 },
  { label: "Tags", width: 180 },
  { label: "Lead status", width: 120 },
  { label: "Owner", width: 140 },
  { label: "Opted out", width: 100 },
  { label: "Created", width: 110 },
];

// Only the rows in view are in the DOM, so 100,000 scroll as smoothly as 100; the spacer rows
// above and below keep the scrollbar true to the loaded length.
export function ContactsTable({
  rows,
  members,
  formatDate,
  selectable,
  selected,
  onToggle,
  onToggleAll,
  onOpen,
  hasNextPage,
  isFetchingNextPage,
  loadMoreFailed,
  fetchNextPage,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's API is the point here
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const lastIndex = last ? last.index : -1;

  useEffect(() => {
    if (lastIndex >= rows.length - PREFETCH_ROWS && hasNextPage && !isFetchingNextPage && !loadMoreFailed)
      fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, loadMoreFailed, fetchNextPage]);

  const selectedLoaded = useMemo(
    () => rows.reduce((n, c) => n + (selected.has(c.id) ? 1 : 0), 0),
    [rows, selected],
  );
  const allSelected = rows.length > 0 && selectedLoaded === rows.length;

  const before = first ? first.start : 0;
  const after = last ? virtualizer.getTotalSize() - last.end : 0;
  const columnCount = COLUMNS.length + (selectable ? 1 : 0);
  const width = COLUMNS.reduce((w, c) => w + c.width, selectable ? 44 : 0);

  return (
    <div
      ref={scrollRef}
      data-testid="contacts-scroll"
      style={{
        flex: 1,
        minHeight: 240,
        overflow: "auto",
        border: "1px solid var(--mantine-color-default-border)",
        borderRadius: "var(--mantine-radius-md)",
        background: "var(--mantine-color-body)",
      }}
    >
      <Table
        stickyHeader
        layout="fixed"
        highlightOnHover
        verticalSpacing={0}
        miw={width}
        aria-label="Contacts"
      >
        <colgroup>
          {selectable && <col style={{ width: 44 }} />}
          {COLUMNS.map((c) => (
            <col key={c.label} style={{ width: c.width }} />
          ))}
        </colgroup>
        <Table.Thead style={{ zIndex: 2 }}>
          <Table.Tr style={{ height: 40 }}>
            {selectable && (
              <Table.Th>
                <Checkbox
                  aria-label="Select all loaded contacts"
                  checked={allSelected}
                  indeterminate={selectedLoaded > 0 && !allSelected}
                  onChange={onToggleAll}
                />
              </Table.Th>
            )}
            {COLUMNS.map((c) => (
              <Table.Th key={c.label}>{c.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {before > 0 && (
            <tr aria-hidden style={{ height: before }}>
              <td colSpan={columnCount} />
            </tr>
          )}
          {items.map((item) => {
            const c = rows[item.index];
            if (!c) return null;
            return (
              <ContactRow
                key={c.id}
                contact={c}
                ownerName={ownerLabel(c.owner_user_id, members)}
                created={formatDate(c.created_at)}
                selectable={selectable}
                selected={selected.has(c.id)}
                onToggle={onToggle}
                onOpen={onOpen}
              />
            );
          })}
          {after > 0 && (
            <tr aria-hidden style={{ height: after }}>
              <td colSpan={columnCount} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
      <Center py="sm">
        {isFetchingNextPage ? (
          <Loader size="sm" />
        ) : loadMoreFailed ? (
          <Group gap="xs">
            <Text size="sm" c="red">
              More contacts didn't load.
            </Text>
            <Button size="xs" variant="light" onClick={() => fetchNextPage()}>
              Try again
            </Button>
          </Group>
        ) : !hasNextPage ? (
          <Text size="xs" c="dimmed">
            That's everyone.
          </Text>
        ) : null}
      </Center>
    </div>
  );
}
