#include <gtest/gtest.h>

#include "core/json_writer.h"
#include "inbox/inbox_service.h"

namespace sb::inbox {
namespace {

using nlohmann::json;

json written(const Conversation& cv, TimeMs now) {
  JsonWriter w;
  write_json(w, cv, now);
  return json::parse(w.take());
}

json written(const Message& m, const std::string& business) {
  JsonWriter w;
  write_json(w, m, business);
  return json::parse(w.take());
}

// The events of the webhook worker are written straight into strings; a client must not be
// able to tell them from the API's documents.
TEST(InboxJson, WrittenConversationEqualsTheApiDocument) {
  Conversation cv;
  cv.id = "01CONVERSATION0000000000000";
  cv.contact_id = "01CONTACT000000000000000000";
  cv.contact_name = "Ana \"Quote\" Silva\n";
  cv.contact_phone = "+5511999990000";
  cv.phone_number_id = "106540352242922";
  cv.created_at = 1764000000123;
  cv.updated_at = 1764000000999;
  TimeMs now = 1764000100000;
  EXPECT_EQ(written(cv, now), conversation_json(cv, now));  // never written to: nulls
  cv.status = "pending";
  cv.assignee_user_id = "01USER";
  cv.last_message_preview = "olá \\ tab\t";
  cv.last_message_direction = "inbound";
  cv.last_message_at = 1764000050000;
  cv.last_inbound_at = 1764000050000;
  cv.unread_count = 7;
  EXPECT_EQ(written(cv, now), conversation_json(cv, now));
  EXPECT_EQ(written(cv, now + kServiceWindow), conversation_json(cv, now + kServiceWindow));  // window closed
}

TEST(InboxJson, WrittenMessageEqualsTheApiDocument) {
  Message m;
  m.id = "01MESSAGE";
  m.conversation_id = "01CONVERSATION";
  m.direction = "inbound";
  m.type = "text";
  m.status = "received";
  m.created_at = 1764000000000;
  EXPECT_EQ(written(m, "01BUSINESS"), message_json(m, "01BUSINESS"));  // nulls everywhere
  m.text = "Hello \"there\" \u00e9\u4e2d";
  m.payload = json::parse(R"({"from":"5511","id":"wamid.X","text":{"body":"Hello"},"extra":[1,{"a":null}]})");
  m.wamid = "wamid.X";
  m.context_wamid = "wamid.Y";
  m.reaction = "👍";
  m.edited = true;
  m.status_at = 1764000001000;
  m.error = json::parse(R"({"code":131047,"title":"Re-engagement message"})");
  m.template_ = json::parse(R"({"name":"order_update","language":"en","variables":["1"]})");
  m.sent_by_user_id = "01USER";
  m.route = "business";
  m.type = "image";
  m.media = json::parse(R"({"id":"1234","mime_type":"image/jpeg","stored":true,"internal":"not shown"})");
  EXPECT_EQ(written(m, "01BUSINESS"), message_json(m, "01BUSINESS"));
  m.media = json::parse(R"({"id":"1234","download_error":"expired"})");
  EXPECT_EQ(written(m, "01BUSINESS"), message_json(m, "01BUSINESS"));
}

}  // namespace
}  // namespace sb::inbox
