#include <gtest/gtest.h>

#include "fakes/fake_graph.h"
#include "inbox/inbox.h"
#include "inbox/inbox_service.h"
#include "whatsapp/graph_client.h"
#include "whatsapp/sender.h"
#include "whatsapp/webhook_intake.h"
#include "whatsapp/webhook_parser.h"

#include <filesystem>
#include <stdlib.h>

#include "storage/database.h"

namespace sb::whatsapp {
namespace {

using nlohmann::json;

TEST(WebhookParser, LoopsEveryChangeAndKeepsTheRaw) {
  auto changes = parse_webhook(testing::load_fixture("webhook_netflie_multiple_text_notification.json"));
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 2u);
  for (const auto& ch : *changes) {
    ASSERT_EQ(ch.messages.size(), 1u);
    EXPECT_EQ(ch.messages[0].type, "text");
    EXPECT_TRUE(ch.messages[0].raw.is_object());
  }
}

TEST(WebhookParser, ReadsEachMessageKind) {
  auto one = [](const char* fixture) {
    auto changes = parse_webhook(testing::load_fixture(fixture));
    EXPECT_TRUE(changes && !changes->empty() && !changes->front().messages.empty()) << fixture;
    return changes->front().messages.front();
  };
  auto text = one("webhook_pywa_message__text.json");
  EXPECT_EQ(text.from, "972987654321");
  EXPECT_EQ(text.profile_name, "Test Name");
  EXPECT_GT(text.timestamp, 1600000000000);
  auto image = one("webhook_pywa_message__image.json");
  EXPECT_EQ(image.type, "image");
  EXPECT_TRUE(image.media.contains("id"));
  auto reaction = one("webhook_pywa_message__reaction.json");
  EXPECT_EQ(reaction.type, "reaction");
  EXPECT_TRUE(reaction.target_wamid);
  EXPECT_FALSE(reaction.reaction_emoji.empty());
  EXPECT_TRUE(one("webhook_pywa_message__unreaction_no_emoji.json").reaction_emoji.empty());
  auto edit = one("webhook_pywa_edited_message__image.json");
  EXPECT_EQ(edit.type, "edit");
  EXPECT_EQ(edit.text, "Updated image caption");
  EXPECT_EQ(one("webhook_pywa_deleted_message__revoke.json").type, "revoke");
  EXPECT_EQ(one("webhook_netflie_an_unknown_notification.json").type, "unsupported");
  EXPECT_EQ(one("webhook_pywa_message__unsupported_with_type.json").type, "unsupported");
  // A numeric timestamp (Meta's doc examples) reads like the usual string.
  EXPECT_GT(one("webhook_netflie_a_flow_notification.json").timestamp, 0);
  // No `from`, only a business-scoped id: kept, with the user id.
  auto bsuid = one("webhook_netflie_a_notification_with_bsuid_only_and_no_from.json");
  EXPECT_TRUE(bsuid.from.empty());
  EXPECT_EQ(bsuid.user_id, "BSUID_123");
}

TEST(WebhookParser, StatusesCarryMetasError) {
  auto changes = parse_webhook(testing::load_fixture("webhook_pywa_message_status__failed.json"));
  ASSERT_TRUE(changes);
  auto& s = changes->front().statuses.at(0);
  EXPECT_EQ(s.status, "failed");
  EXPECT_EQ(s.error["code"], 130472);
  EXPECT_FALSE(s.error["details"].get<std::string>().empty());
  auto tracked = parse_webhook(testing::load_fixture("webhook_pywa_message_status__with_tracker.json"));
  EXPECT_FALSE(tracked->front().statuses.at(0).tracker.empty());
}

TEST(WebhookParser, RefusesWhatIsNotANotification) {
  EXPECT_FALSE(parse_webhook(json::array()));
  EXPECT_FALSE(parse_webhook(json{{"object", "page"}}));
  auto empty = parse_webhook(json{{"entry", json::array({json{{"changes", "nope"}}})}});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(parse_meta_timestamp("12x"), 0);
  EXPECT_EQ(parse_meta_timestamp(json(-5)), 0);
}

TEST(StatusMachine, NeverMovesBackwards) {
  using inbox::status_moves_forward;
  EXPECT_TRUE(status_moves_forward("queued", std::nullopt, "sent", 1));
  EXPECT_TRUE(status_moves_forward("sent", 1, "read", 2));  // read implies delivered
  EXPECT_FALSE(status_moves_forward("read", 3, "delivered", 4));
  EXPECT_FALSE(status_moves_forward("delivered", 3, "sent", 4));
  EXPECT_TRUE(status_moves_forward("sent", 3, "failed", 4));
  EXPECT_FALSE(status_moves_forward("read", 3, "failed", 4));
  EXPECT_FALSE(status_moves_forward("failed", 5, "delivered", 4));  // older than the failure
  EXPECT_TRUE(status_moves_forward("failed", 5, "delivered", 6));
  EXPECT_FALSE(status_moves_forward("failed", 5, "sent", 6));
  EXPECT_TRUE(status_moves_forward("delivered", 1, "played", 2));
}

TEST(GraphErrors, ClassifiedAsTheReferenceSays) {
  auto of = [](long code, int http = 400) {
    GraphError e;
    e.code = code;
    e.http_status = http;
    return classify(e);
  };
  for (long c : {130429L, 131056L, 80007L, 131000L, 4L}) EXPECT_EQ(of(c), FailureAction::retry) << c;
  for (long c : {131047L, 131026L, 131051L, 132000L, 132001L, 100L, 368L}) EXPECT_EQ(of(c), FailureAction::fail) << c;
  for (long c : {190L, 10L, 200L}) EXPECT_EQ(of(c), FailureAction::disconnect) << c;
  EXPECT_EQ(of(-1, 0), FailureAction::retry);    // no answer at all
  EXPECT_EQ(of(-1, 503), FailureAction::retry);
  EXPECT_EQ(of(-1, 404), FailureAction::fail);
}

TEST(GraphBody, MatchesTheRecordedRequests) {
  inbox::Message m;
  m.id = "01ID";
  m.type = "text";
  m.text = "hola";
  auto body = graph_message_body(m, "13437772910");
  auto recorded = testing::load_fixture("api_ruby_messages__send_text_message_with_success_response.json");
  const auto& req = recorded["http_interactions"][0]["request"]["body"];
  EXPECT_EQ(body["messaging_product"], req["messaging_product"]);
  EXPECT_EQ(body["type"], req["type"]);
  EXPECT_EQ(body["text"]["body"], req["text"]["body"]);
  EXPECT_EQ(body["biz_opaque_callback_data"], "01ID");
  m.type = "image";
  m.media = {{"type", "image"}, {"link", "https://example.test/a.jpg"}, {"caption", "Look"}};
  m.context_wamid = "wamid.ctx";
  body = graph_message_body(m, "1");
  EXPECT_EQ(body["image"]["link"], "https://example.test/a.jpg");
  EXPECT_EQ(body["context"]["message_id"], "wamid.ctx");
}

TEST(Outgoing, ExactlyOneKindWithinLimits) {
  EXPECT_TRUE(inbox::parse_outgoing({{"text", "hi"}}));
  EXPECT_FALSE(inbox::parse_outgoing({{"text", "hi"}, {"template", {{"name", "a"}, {"language", "en"}}}}));
  EXPECT_FALSE(inbox::parse_outgoing(json::object()));
  EXPECT_FALSE(inbox::parse_outgoing({{"text", 5}}));
  EXPECT_FALSE(inbox::parse_outgoing({{"text", std::string(4097, 'a')}}));
  EXPECT_TRUE(inbox::parse_outgoing({{"text", std::string(4096, 'a')}}));
  EXPECT_FALSE(inbox::parse_outgoing({{"template", {{"name", "Bad Name"}, {"language", "en"}}}}));
  EXPECT_FALSE(inbox::parse_outgoing({{"media", {{"type", "image"}, {"link", "javascript:alert(1)"}}}}));
  EXPECT_TRUE(inbox::parse_outgoing({{"media", {{"type", "document"}, {"link", "https://x.test/a.pdf"}, {"filename", "a.pdf"}}}}));
}

TEST(WebhookIntake, SqliteGetsAFileOfItsOwnAndPostgresKeepsTheMainDatabase) {
  EXPECT_EQ(intake_database_url("sqlite:/data/switchboard.db"), "sqlite:/data/switchboard-webhooks.db");
  EXPECT_EQ(intake_database_url("sqlite:/data/main"), "sqlite:/data/main-webhooks.db");
  EXPECT_EQ(intake_database_url("postgresql://sb@127.0.0.1/x"), "postgresql://sb@127.0.0.1/x");
}

TEST(WebhookIntake, DeliveriesStoredBeforeTheUpgradeMoveToTheIntakeFileUnapplied) {
  std::string dir = (std::filesystem::temp_directory_path() / "switchboard-intake-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  std::string url = "sqlite:" + dir + "/switchboard.db";
  {
    auto main = storage::open_database(url);
    storage::migrate(*main);
    main->write([](storage::Conn& c) {
      c.execute("INSERT INTO webhook_inbox (id, business_id, body, received_at) VALUES ('01A', NULL, '{\"a\":1}', 5)",
                {});
      c.execute("INSERT INTO webhook_inbox (id, business_id, body, received_at, processed_at, error) VALUES ('01B', "
                "'biz', '{}', 6, 7, 'dropped')",
                {});
    });
    auto intake = open_separate_intake(url, *main);
    ASSERT_TRUE(intake);
    EXPECT_EQ(main->read([](storage::Conn& c) { return c.query_one("SELECT COUNT(*) FROM webhook_inbox", {})->int64(0); }),
              0);
    auto rows = intake->read([](storage::Conn& c) {
      return c.query("SELECT id, business_id, body, received_at, processed_at, error FROM webhook_inbox ORDER BY id", {});
    });
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].text(0), "01A");
    EXPECT_TRUE(rows[0].is_null(1));
    EXPECT_EQ(rows[0].text(2), "{\"a\":1}");
    EXPECT_TRUE(rows[0].is_null(4)) << "still pending: it will be applied";
    EXPECT_EQ(rows[1].text(5), "dropped");
    // Opening again (the next start) moves nothing twice.
    auto again = open_separate_intake(url, *main);
    EXPECT_EQ(again->read([](storage::Conn& c) { return c.query_one("SELECT COUNT(*) FROM webhook_inbox", {})->int64(0); }),
              2);
    again->close();
    intake->close();
    main->close();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sb::whatsapp
