import type { UIEvent } from "react";
import { Badge, Button, Center, Group, Loader, Text } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import type { Conversation } from "../../api/types";
import { useBusiness } from "../../app/business";
import type { StreamState } from "../../app/liveEvents";
import { EmptyHint } from "../../components/EmptyHint";
import { ErrorState } from "../../components/ErrorState";
import { ConversationListItem } from "./ConversationListItem";
import { InboxEmpty } from "./InboxEmpty";

interface Props {
  conversations: Conversation[]; // already filtered by the search box
  isPending: boolean;
  error: unknown;
  onRetry: () => void;
  hasNextPage: boolean;
  fetchingNext: boolean;
  onLoadMore: () => void;
  selectedId: string | null;
  now: number;
  nameOf: (id: string | null) => string | null;
  searching: boolean;
  defaultFilters: boolean;
  live: StreamState;
}

export function ConversationList(p: Props) {
  const { path, can } = useBusiness();
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const box = e.currentTarget;
    if (p.hasNextPage && !p.fetchingNext && box.scrollHeight - box.scrollTop - box.clientHeight < 200)
      p.onLoadMore();
  };
  return (
    <div className="sb-inbox-items" onScroll={onScroll} data-testid="conversation-list">
      {p.live === "reconnecting" && (
        <Group justify="center" p={4}>
          <Badge color="orange" variant="light" size="sm">
            Reconnecting to live updates…
          </Badge>
        </Group>
      )}
      {p.isPending ? (
        <Center p="xl">
          <Loader size="sm" aria-label="Loading conversations" />
        </Center>
      ) : p.error ? (
        <ErrorState error={p.error} onRetry={p.onRetry} />
      ) : p.conversations.length === 0 ? (
        p.searching ? (
          <EmptyHint icon={<IconSearch />} title="No match">
            No loaded conversation has that name or phone number.
          </EmptyHint>
        ) : p.defaultFilters ? (
          <InboxEmpty />
        ) : (
          <EmptyHint icon={<IconSearch />} title="Nothing here">
            No conversations match these filters.
          </EmptyHint>
        )
      ) : (
        <>
          {p.conversations.map((c) => (
            <ConversationListItem
              key={c.id}
              conversation={c}
              to={path(`inbox/${c.id}`)}
              active={c.id === p.selectedId}
              now={p.now}
              assigneeName={can.seeAllConversations ? p.nameOf(c.assignee_user_id) : null}
            />
          ))}
          {p.hasNextPage && (
            <Center p="sm">
              <Button variant="subtle" size="xs" onClick={p.onLoadMore} loading={p.fetchingNext}>
                Load more
              </Button>
            </Center>
          )}
          {!p.hasNextPage && p.conversations.length > 20 && (
            <Text size="xs" c="dimmed" ta="center" p="sm">
              That's all of them.
            </Text>
          )}
        </>
      )}
    </div>
  );
}
