// The WhatsApp channel end to end: the real server, its real Graph API client against the
// local fake, Meta's real webhook payloads (tests/fixtures/whatsapp) signed and delivered
// through the HTTP endpoint, on SQLite and PostgreSQL.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <set>

#include <chrono>
#include <functional>
#include <future>
#include <atomic>
#include <thread>

#include "core/crypto.h"
#include "fakes/fake_graph.h"
#include "storage/database.h"
#include "support/server_process.h"
#include "support/world.h"
#include "whatsapp/webhook_intake.h"

namespace sb::testing {
namespace {

using nlohmann::json;

const std::string kWaba = "114503234599312";
const std::string kNumber = "1122334455667";  // every fixture is delivered to this number
const std::string kSecret = "app-secret-shop-a";
const std::string kPlatformSecret = "platform-app-secret";
const std::string kCustomer = "972987654321";

std::string sign(const std::string& secret, const std::string& body) {
  return "sha256=" + crypto::to_hex(crypto::hmac_sha256(secret, body));
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// Meta's documentation examples use placeholders ("PHONE_NUMBER_ID", "<WHATSAPP_ID>"); the
// delivery goes to our number and placeholder senders become a real one. Nothing else changes.
json addressed(json body, const std::string& number = kNumber) {
  for (auto& entry : body["entry"]) {
    entry["id"] = kWaba;
    for (auto& ch : entry["changes"]) {
      auto& v = ch["value"];
      if (v.contains("metadata")) v["metadata"]["phone_number_id"] = number;
      if (v.contains("contacts"))
        for (auto& c : v["contacts"])
          if (c.contains("wa_id") && !all_digits(c["wa_id"].get<std::string>())) c["wa_id"] = kCustomer;
      if (v.contains("messages"))
        for (auto& m : v["messages"])
          if (m.contains("from") && !all_digits(m["from"].get<std::string>())) m["from"] = kCustomer;
    }
  }
  return body;
}

json text_delivery(const std::string& wamid, const std::string& text, const std::string& from = kCustomer,
                   const std::string& number = kNumber, long ts = 0) {
  json body = load_fixture("webhook_pywa_message__text.json");
  auto& m = body["entry"][0]["changes"][0]["value"]["messages"][0];
  m["id"] = wamid;
  m["from"] = from;
  m["text"]["body"] = text;
  if (ts) m["timestamp"] = std::to_string(ts);
  body["entry"][0]["changes"][0]["value"]["contacts"][0]["wa_id"] = from;
  return addressed(body, number);
}

json status_delivery(const std::string& wamid, const std::string& status, long ts, json errors = nullptr) {
  json body = load_fixture("webhook_pywa_message_status__sent.json");
  auto& s = body["entry"][0]["changes"][0]["value"]["statuses"][0];
  s["id"] = wamid;
  s["status"] = status;
  s["timestamp"] = std::to_string(ts);
  if (!errors.is_null()) s["errors"] = errors;
  return addressed(body);
}

// Reads an SSE stream for `ms` milliseconds.
std::string read_events(const std::string& url, const std::string& token, long ms, const std::string& last_id = "") {
  CURL* h = curl_easy_init();
  std::string out;
  curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str());
  if (!last_id.empty()) headers = curl_slist_append(headers, ("Last-Event-ID: " + last_id).c_str());
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, +[](char* d, size_t s, size_t n, void* p) {
    static_cast<std::string*>(p)->append(d, s * n);
    return s * n;
  });
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
  curl_easy_perform(h);
  curl_slist_free_all(headers);
  curl_easy_cleanup(h);
  return out;
}

class WhatsApp : public ::testing::TestWithParam<Backend> {
 protected:
  static void SetUpTestSuite() { crypto::init(); }

  void SetUp() override {
    graph = std::make_unique<FakeGraph>();
    ServerOptions o{GetParam()};
    o.extra_args = {"--graph-url", graph->base_url()};
    o.env = {{"SWITCHBOARD_WHATSAPP_APP_SECRET", kPlatformSecret},
             {"SWITCHBOARD_WHATSAPP_VERIFY_TOKEN", "platform-verify"}};
    server = std::make_unique<ServerProcess>(o);
    server->start();
    w = std::make_unique<World>(*server);
    owner = w->signup("owner");
    business = w->create_business(owner, "Shop A");
  }
  void TearDown() override { EXPECT_EQ(server->stop(), 0); }

  std::string b(const std::string& rest, const std::string& id = {}) const {
    return "/api/v1/businesses/" + (id.empty() ? business : id) + rest;
  }

  void connect(const std::string& id, const std::string& secret, const std::string& number) {
    auto r = w->http.request("PUT", b("/whatsapp", id),
                             json({{"waba_id", kWaba}, {"access_token", "test-token-1234"}, {"app_secret", secret},
                                   {"verify_token", "verify-" + id}})
                                 .dump(),
                             owner.bearer());
    ASSERT_EQ(r.status, 200) << r.body;
    graph->add_number(kWaba, number);
    r = w->http.post(b("/phone-numbers", id), {{"phone_number_id", number}, {"display_phone_number", "+1 555 0100"}},
                     owner.bearer());
    ASSERT_EQ(r.status, 201) << r.body;
  }

  HttpResponse deliver(const json& body, const std::string& secret = kSecret, const std::string& path = {}) {
    std::string raw = body.dump();
    RequestOptions o;
    o.headers["X-Hub-Signature-256"] = sign(secret, raw);
    return w->http.request("POST", path.empty() ? "/webhooks/whatsapp/" + business : path, raw, o);
  }

  std::unique_ptr<storage::Database> db() { return storage::open_database(server->effective_database_url()); }

  std::int64_t count(const std::string& sql, const storage::Params& p = {}) {
    auto d = db();
    std::int64_t n = d->read([&](storage::Conn& c) { return c.query_one(sql, p)->int64(0); });
    d->close();
    return n;
  }

  // Polls until `done` holds (the webhook worker and the send jobs run in the background).
  bool eventually(const std::function<bool()>& done, int ms = 15000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
  }

  // The webhook intake: in the main database on PostgreSQL, in its own file on SQLite.
  std::unique_ptr<storage::Database> intake_db() {
    return storage::open_database(whatsapp::intake_database_url(server->effective_database_url()));
  }

  std::int64_t intake_count(const std::string& sql) {
    auto d = intake_db();
    std::int64_t n = d->read([&](storage::Conn& c) { return c.query_one(sql, {})->int64(0); });
    d->close();
    return n;
  }

  bool drained() { return intake_count("SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL") == 0; }

  json message_by_wamid(const std::string& wamid) {
    auto d = db();
    json out = d->read([&](storage::Conn& c) -> json {
      auto r = c.query_one("SELECT id, type, text, status, reaction, edited, deleted, media, error, conversation_id "
                           "FROM messages WHERE business_id = $1 AND wamid = $2",
                           {business, wamid});
      if (!r) return nullptr;
      return {{"id", r->text(0)},
              {"type", r->text(1)},
              {"text", r->opt_text(2) ? json(*r->opt_text(2)) : json(nullptr)},
              {"status", r->text(3)},
              {"reaction", r->opt_text(4) ? json(*r->opt_text(4)) : json(nullptr)},
              {"edited", r->boolean(5)},
              {"deleted", r->boolean(6)},
              {"media", r->opt_text(7) ? json::parse(*r->opt_text(7)) : json(nullptr)},
              {"error", r->opt_text(8) ? json::parse(*r->opt_text(8)) : json(nullptr)},
              {"conversation_id", r->text(9)}};
    });
    d->close();
    return out;
  }

  json first_conversation() {
    auto r = w->http.get(b("/conversations"), owner.bearer());
    EXPECT_EQ(r.status, 200) << r.body;
    auto items = r.json()["items"];
    return items.empty() ? json(nullptr) : items[0];
  }

  // A message sent through the API, once the worker has handed it to the (fake) Graph API.
  json send_text(const std::string& conversation_id, const std::string& text) {
    auto r = w->http.post(b("/conversations/" + conversation_id + "/messages"), {{"text", text}}, owner.bearer());
    EXPECT_EQ(r.status, 202) << r.body;
    std::string id = r.json()["id"];
    json m;
    eventually([&] {
      auto list = w->http.get(b("/conversations/" + conversation_id + "/messages?limit=200"), owner.bearer()).json();
      for (auto& x : list["items"])
        if (x["id"] == id) m = x;
      return m.is_object() && m["status"] != "queued";
    });
    return m;
  }

  std::unique_ptr<FakeGraph> graph;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<World> w;
  Session owner;
  std::string business;
};

TEST_P(WhatsApp, ConnectionSealsSecretsAndShowsARejectedToken) {
  connect(business, kSecret, kNumber);
  auto view = w->http.get(b("/whatsapp"), owner.bearer());
  ASSERT_EQ(view.status, 200);
  EXPECT_EQ(view.json()["access_token"], "\u2022\u2022\u2022\u20221234");
  EXPECT_EQ(view.json()["status"], "connected");
  EXPECT_EQ(view.json()["webhook_url"].get<std::string>().find("/webhooks/whatsapp/" + business) != std::string::npos, true);
  EXPECT_EQ(view.body.find("test-token-1234"), std::string::npos);
  EXPECT_EQ(view.body.find(kSecret), std::string::npos);
  // At rest: sealed, not the token or the secret.
  EXPECT_EQ(count("SELECT COUNT(*) FROM whatsapp_accounts WHERE access_token_sealed LIKE '%test-token%' OR "
                  "app_secret_sealed LIKE '%app-secret%'"),
            0);
  // The app was subscribed to the WABA (otherwise Meta sends nothing).
  bool subscribed = false;
  for (auto& r : graph->requests()) subscribed |= r.method == "POST" && r.path == kWaba + "/subscribed_apps";
  EXPECT_TRUE(subscribed);

  // Meta now rejects the token (190): the status says so instead of hiding it.
  graph->set_valid_token("another-token");
  auto status = w->http.get(b("/whatsapp/status"), owner.bearer());
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json()["token_valid"], false);
  EXPECT_EQ(status.json()["status"], "disconnected");
  EXPECT_NE(status.json()["status_detail"].get<std::string>().find("190"), std::string::npos);
  EXPECT_EQ(status.json()["phone_numbers"].size(), 1u);

  // Sync pulls Meta's numbers with their quality and tier.
  graph->set_valid_token("test-token-1234");
  auto synced = w->http.post(b("/phone-numbers/sync"), json::object(), owner.bearer());
  ASSERT_EQ(synced.status, 200) << synced.body;
  bool found = false;
  json synced_list = synced.json();
  for (auto& n : synced_list["items"])
    if (n["phone_number_id"] == "107878721936019") {
      found = true;
      EXPECT_EQ(n["quality_rating"], "GREEN");
      EXPECT_EQ(n["messaging_limit_tier"], "TIER_250");
      EXPECT_EQ(n["verified_name"], "Test Number");
    }
  EXPECT_TRUE(found) << synced.body;
  // A number already connected elsewhere can't be added twice.
  auto again = w->http.post(b("/phone-numbers"), {{"phone_number_id", kNumber}, {"display_phone_number", "x"}}, owner.bearer());
  EXPECT_EQ(again.status, 409);
}

TEST_P(WhatsApp, HandshakeAndSignatureChecks) {
  connect(business, kSecret, kNumber);
  auto ok = w->http.get("/webhooks/whatsapp/" + business + "?hub.mode=subscribe&hub.verify_token=verify-" + business +
                        "&hub.challenge=1158201444");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "1158201444");
  EXPECT_NE(ok.header("content-type").find("text/plain"), std::string::npos);
  auto bad = w->http.get("/webhooks/whatsapp/" + business + "?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1");
  EXPECT_EQ(bad.status, 403);
  auto platform = w->http.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=platform-verify&hub.challenge=42");
  EXPECT_EQ(platform.status, 200);
  EXPECT_EQ(platform.body, "42");

  std::string raw = text_delivery("wamid.sig", "hello").dump();
  auto none = w->http.request("POST", "/webhooks/whatsapp/" + business, raw);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.code(), "invalid_signature");
  RequestOptions wrong;
  wrong.headers["X-Hub-Signature-256"] = sign("not-the-secret", raw);
  EXPECT_EQ(w->http.request("POST", "/webhooks/whatsapp/" + business, raw, wrong).status, 401);
  // Re-serialised JSON is not the bytes Meta signed: one changed byte fails.
  RequestOptions tampered;
  tampered.headers["X-Hub-Signature-256"] = sign(kSecret, raw);
  EXPECT_EQ(w->http.request("POST", "/webhooks/whatsapp/" + business, raw + " ", tampered).status, 401);
  EXPECT_EQ(intake_count("SELECT COUNT(*) FROM webhook_inbox"), 0) << "nothing is stored without a valid signature";
  // Signed, but not JSON.
  RequestOptions signed_garbage;
  signed_garbage.headers["X-Hub-Signature-256"] = sign(kSecret, "{not json");
  EXPECT_EQ(w->http.request("POST", "/webhooks/whatsapp/" + business, "{not json", signed_garbage).status, 400);
  // An unknown business looks like a wrong signature.
  EXPECT_EQ(deliver(text_delivery("wamid.x", "x"), kSecret, "/webhooks/whatsapp/01NOSUCHBUSINESS000000000").status, 401);
  EXPECT_EQ(intake_count("SELECT COUNT(*) FROM webhook_inbox"), 0);

  // Non-ASCII text signed as Meta sends it (escaped \uXXXX) verifies on the raw bytes.
  std::string escaped = R"({"object":"whatsapp_business_account","entry":[]})";
  escaped.insert(escaped.size() - 1, R"(,"note":"caf\u00e9 \ud83d\ude00")");
  RequestOptions o;
  o.headers["X-Hub-Signature-256"] = sign(kSecret, escaped);
  EXPECT_EQ(w->http.request("POST", "/webhooks/whatsapp/" + business, escaped, o).status, 200);
}

TEST_P(WhatsApp, EveryFixtureIsIngestedThroughTheEndpoint) {
  connect(business, kSecret, kNumber);
  auto names = fixture_names("webhook_");
  ASSERT_GE(names.size(), 90u);
  for (const auto& name : names) {
    json body = addressed(load_fixture(name));
    // Several samples share one wamid; each fixture is its own message here.
    for (auto& entry : body["entry"])
      for (auto& ch : entry["changes"])
        if (ch["value"].contains("messages"))
          for (auto& m : ch["value"]["messages"])
            if (m.contains("id") && m["type"] != "reaction") m["id"] = "wamid." + name + "." + m["id"].get<std::string>();
    auto r = deliver(body);
    ASSERT_EQ(r.status, 200) << name << ": " << r.body;
  }
  ASSERT_TRUE(eventually([&] { return drained(); })) << "the webhook worker did not catch up";
  {
    auto d = intake_db();
    d->read([&](storage::Conn& c) {
      for (auto& r : c.query("SELECT error FROM webhook_inbox WHERE error LIKE '%not applied:%'", {}))
        ADD_FAILURE() << "a fixture failed to apply: " << r.text(0);
    });
    d->close();
  }

  EXPECT_GT(count("SELECT COUNT(*) FROM messages WHERE business_id = $1", {business}), 45);
  auto type_of = [&](const std::string& fixture) {
    auto m = message_by_wamid("wamid." + fixture + "." +
                              load_fixture(fixture)["entry"][0]["changes"][0]["value"]["messages"][0]["id"].get<std::string>());
    return m;
  };
  EXPECT_EQ(type_of("webhook_pywa_message__text.json")["type"], "text");
  EXPECT_FALSE(type_of("webhook_pywa_message__text.json")["text"].is_null());
  auto image = type_of("webhook_pywa_message__image.json");
  EXPECT_EQ(image["type"], "image");
  EXPECT_FALSE(image["media"]["id"].is_null());
  EXPECT_EQ(type_of("webhook_pywa_message__document.json")["type"], "document");
  EXPECT_EQ(type_of("webhook_pywa_message__voice.json")["type"], "audio");
  EXPECT_EQ(type_of("webhook_pywa_message__static_sticker.json")["type"], "sticker");
  EXPECT_EQ(type_of("webhook_pywa_message__current_location.json")["type"], "location");
  EXPECT_EQ(type_of("webhook_pywa_message__contacts.json")["type"], "contacts");
  EXPECT_EQ(type_of("webhook_pywa_message__order.json")["type"], "order");
  EXPECT_EQ(type_of("webhook_pywa_callback_button__quick_reply.json")["type"], "button");
  auto list_reply = type_of("webhook_pywa_callback_selection__callback.json");
  EXPECT_EQ(list_reply["type"], "interactive");
  EXPECT_FALSE(list_reply["text"].is_null()) << "the chosen row's title is what the inbox shows";
  EXPECT_EQ(type_of("webhook_pywa_system__identity_change.json")["type"], "system");
  // Unknown and unsupported types are kept (raw JSON) and shown as unsupported.
  EXPECT_EQ(type_of("webhook_pywa_message__unsupported.json")["type"], "unsupported");
  EXPECT_EQ(type_of("webhook_netflie_an_unknown_notification.json")["type"], "unsupported");
  EXPECT_EQ(type_of("webhook_pywa_message__unsupported.json")["error"]["code"], 131051);
  EXPECT_EQ(type_of("webhook_pywa_message__referral.json")["type"], "text");
  // A message with only a business-scoped user id is kept in the intake with the reason.
  EXPECT_EQ(intake_count("SELECT COUNT(*) FROM webhook_inbox WHERE error LIKE '%business-scoped user id%'"), 1);
  // Statuses for messages we never sent are parked, not lost.
  EXPECT_GT(count("SELECT COUNT(*) FROM parked_statuses WHERE business_id = $1", {business}), 0);
  // Account updates move the connection's status (the last of them reconnects it).
  auto conn = w->http.get(b("/whatsapp"), owner.bearer()).json();
  EXPECT_EQ(conn["last_webhook_at"].is_null(), false);

  // The inbox shows the customer's conversation with their profile name.
  auto cv = first_conversation();
  ASSERT_TRUE(cv.is_object());
  EXPECT_GT(cv["unread_count"].get<int>(), 10);
  EXPECT_EQ(cv["window_open"], false) << "the fixtures' timestamps are years old";
}

TEST_P(WhatsApp, ReactionsEditsAndDeletesChangeTheirMessage) {
  connect(business, kSecret, kNumber);
  auto reaction = addressed(load_fixture("webhook_pywa_message__reaction.json"));
  std::string target = reaction["entry"][0]["changes"][0]["value"]["messages"][0]["reaction"]["message_id"];
  ASSERT_EQ(deliver(text_delivery(target, "Can I order?")).status, 200);
  ASSERT_TRUE(eventually([&] { return drained() && message_by_wamid(target).is_object(); }));
  ASSERT_EQ(deliver(reaction).status, 200);
  std::string emoji = reaction["entry"][0]["changes"][0]["value"]["messages"][0]["reaction"]["emoji"];
  ASSERT_TRUE(eventually([&] { return message_by_wamid(target)["reaction"] == emoji; }));
  auto unreact = addressed(load_fixture("webhook_pywa_message__unreaction_empty.json"));
  unreact["entry"][0]["changes"][0]["value"]["messages"][0]["reaction"]["message_id"] = target;
  unreact["entry"][0]["changes"][0]["value"]["messages"][0]["id"] = "wamid.unreact";
  ASSERT_EQ(deliver(unreact).status, 200);
  ASSERT_TRUE(eventually([&] { return message_by_wamid(target)["reaction"].is_null(); }));

  auto edit = addressed(load_fixture("webhook_pywa_edited_message__image.json"));
  edit["entry"][0]["changes"][0]["value"]["messages"][0]["edit"]["original_message_id"] = target;
  edit["entry"][0]["changes"][0]["value"]["messages"][0]["from"] = kCustomer;  // only the author edits
  ASSERT_EQ(deliver(edit).status, 200);
  ASSERT_TRUE(eventually([&] { return message_by_wamid(target)["edited"] == true; }));
  EXPECT_EQ(message_by_wamid(target)["text"], "Updated image caption");
  auto revoke = addressed(load_fixture("webhook_pywa_deleted_message__revoke.json"));
  revoke["entry"][0]["changes"][0]["value"]["messages"][0]["revoke"]["original_message_id"] = target;
  revoke["entry"][0]["changes"][0]["value"]["messages"][0]["id"] = "wamid.revoke";
  ASSERT_EQ(deliver(revoke).status, 200);
  ASSERT_TRUE(eventually([&] { return message_by_wamid(target)["deleted"] == true; }));
  // The thread lists the message once, with those changes on it.
  auto cv = first_conversation();
  auto list = w->http.get(b("/conversations/" + cv["id"].get<std::string>() + "/messages"), owner.bearer()).json();
  ASSERT_EQ(list["items"].size(), 1u) << list.dump();
  EXPECT_EQ(list["items"][0]["deleted"], true);
}

TEST_P(WhatsApp, DuplicateDeliveriesAreOneMessage) {
  connect(business, kSecret, kNumber);
  json body = text_delivery("wamid.dup", "only once");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(deliver(body).status, 200);
  // Concurrent duplicates too.
  std::vector<std::future<long>> parallel;
  for (int i = 0; i < 8; ++i) parallel.push_back(std::async(std::launch::async, [&] { return deliver(body).status; }));
  for (auto& f : parallel) EXPECT_EQ(f.get(), 200);
  ASSERT_TRUE(eventually([&] { return drained(); }));
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE business_id = $1 AND wamid = 'wamid.dup'", {business}), 1);
  EXPECT_EQ(first_conversation()["unread_count"], 1);
}

// A delivery carrying many messages is recorded in one batch: repeats within it, a reaction
// to a message of the same batch, a new sender and a sender that is no phone number all keep
// their meaning, and each conversation gets one conversation.updated with its final state.
TEST_P(WhatsApp, ManyMessagesInOneDeliveryAreRecordedTogether) {
  connect(business, kSecret, kNumber);
  const std::string known = "15551230001", fresh = "15551230002";
  ASSERT_EQ(deliver(text_delivery("wamid.before", "hello again", known)).status, 200);
  ASSERT_TRUE(eventually([&] { return drained() && message_by_wamid("wamid.before").is_object(); }));
  // Read: the unread count starts from zero.
  auto cv0 = first_conversation();
  ASSERT_EQ(w->http.post(b("/conversations/" + cv0["id"].get<std::string>() + "/read"), json::object(), owner.bearer()).status,
            200);

  json body = text_delivery("wamid.batch.1", "first", known);
  auto& entries = body["entry"];
  auto add = [&](const json& other) {
    for (const auto& e : other["entry"]) entries.push_back(e);
  };
  add(text_delivery("wamid.batch.1", "first", known));  // the same message twice in one delivery
  add(text_delivery("wamid.batch.2", "second", known));
  auto reaction = addressed(load_fixture("webhook_pywa_message__reaction.json"));
  auto& r = reaction["entry"][0]["changes"][0]["value"]["messages"][0];
  r["from"] = known;
  r["id"] = "wamid.batch.reaction";
  r["reaction"]["message_id"] = "wamid.batch.1";
  add(reaction);
  // A reaction that Meta delivers before the message it reacts to, both in this delivery.
  auto early = reaction;
  auto& e = early["entry"][0]["changes"][0]["value"]["messages"][0];
  e["id"] = "wamid.batch.early-reaction";
  e["reaction"]["message_id"] = "wamid.batch.4";
  add(early);
  add(text_delivery("wamid.batch.4", "fourth", known));
  add(text_delivery("wamid.batch.3", "a new customer", fresh));
  add(text_delivery("wamid.batch.bad", "who am I", "12"));
  ASSERT_EQ(deliver(body).status, 200);
  ASSERT_TRUE(eventually([&] { return drained(); }));

  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE business_id = $1 AND wamid LIKE 'wamid.batch.%'", {business}), 6);
  EXPECT_EQ(message_by_wamid("wamid.batch.1")["reaction"], r["reaction"]["emoji"]);
  EXPECT_EQ(message_by_wamid("wamid.batch.4")["reaction"], r["reaction"]["emoji"]);
  EXPECT_TRUE(message_by_wamid("wamid.batch.bad").is_null());
  auto list = w->http.get(b("/conversations"), owner.bearer()).json()["items"];
  ASSERT_EQ(list.size(), 2u) << list.dump();
  std::map<std::string, json> by_phone;
  for (const auto& cv : list) by_phone[cv["contact"]["phone"].get<std::string>()] = cv;
  ASSERT_TRUE(by_phone.contains("+" + known) && by_phone.contains("+" + fresh)) << list.dump();
  EXPECT_EQ(by_phone["+" + known]["unread_count"], 3);  // first, second, fourth; reactions are not messages to read
  EXPECT_EQ(by_phone["+" + known]["last_message"], "fourth");
  EXPECT_EQ(by_phone["+" + fresh]["unread_count"], 1);
  // The sender that is no phone number is noted on the delivery; the rest of it applied.
  EXPECT_EQ(intake_count("SELECT COUNT(*) FROM webhook_inbox WHERE error LIKE '%not a phone number%'"), 1);

  // Events, in the order they happened: a message.created per new message, then one
  // conversation.updated per conversation carrying its final unread count.
  auto d = db();
  auto events = d->read([&](storage::Conn& c) {
    std::vector<std::pair<std::string, json>> out;
    for (auto& row : c.query("SELECT type, data FROM events WHERE business_id = $1 AND type IN ('message.created', "
                             "'message.updated', 'conversation.updated') ORDER BY id",
                             {business}))
      out.emplace_back(row.text(0), json::parse(row.text(1)));
    return out;
  });
  d->close();
  std::vector<std::string> texts;
  int updated = 0, reactions_shown = 0;
  std::set<std::string> created_ids;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& [type, data] = events[i];
    if (type == "message.created" && data["message"]["text"].is_string()) {
      texts.push_back(data["message"]["text"]);
      created_ids.insert(data["message"]["id"].get<std::string>());
    }
    // Each reaction is shown on a message the stream has already told about.
    if (type == "message.updated" && data["message"]["reaction"] == r["reaction"]["emoji"]) {
      EXPECT_TRUE(created_ids.contains(data["message"]["id"].get<std::string>())) << data.dump();
      ++reactions_shown;
    }
    if (type == "conversation.updated" && data["conversation"]["unread_count"] == 3) ++updated;
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"hello again", "first", "second", "fourth", "a new customer"}));
  EXPECT_EQ(reactions_shown, 2);
  EXPECT_EQ(updated, 1);
}

TEST_P(WhatsApp, StatusesOnlyMoveForward) {
  connect(business, kSecret, kNumber);
  long now = static_cast<long>(std::time(nullptr));
  // A status for a wamid we do not have yet (it raced the send response): parked.
  ASSERT_EQ(deliver(status_delivery("wamid.FAKE1", "delivered", now)).status, 200);
  ASSERT_EQ(deliver(text_delivery("wamid.in1", "hi", kCustomer, kNumber, now)).status, 200);
  ASSERT_TRUE(eventually([&] { return drained() && first_conversation().is_object(); }));
  std::string cv = first_conversation()["id"];
  auto m1 = send_text(cv, "first");
  ASSERT_EQ(m1["wamid"], "wamid.FAKE1");
  EXPECT_EQ(m1["status"], "delivered") << "the parked status was applied when the wamid landed";
  auto sends = graph->sends();  // named: the loop below reads it
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].body["to"], kCustomer);
  EXPECT_EQ(sends[0].body["type"], "text");
  EXPECT_EQ(sends[0].body["text"]["body"], "first");
  EXPECT_EQ(sends[0].body["biz_opaque_callback_data"], m1["id"]);
  EXPECT_EQ(sends[0].authorization, "Bearer test-token-1234");

  auto m2 = send_text(cv, "second");
  std::string wamid = m2["wamid"];
  // read arrives first; a late delivered and sent never move it back.
  ASSERT_EQ(deliver(status_delivery(wamid, "read", now + 3)).status, 200);
  ASSERT_EQ(deliver(status_delivery(wamid, "delivered", now + 2)).status, 200);
  ASSERT_EQ(deliver(status_delivery(wamid, "sent", now + 1)).status, 200);
  ASSERT_TRUE(eventually([&] { return drained(); }));
  EXPECT_EQ(message_by_wamid(wamid)["status"], "read");
  // failed is final ... unless Meta later reports delivery with a newer timestamp.
  auto m3 = send_text(cv, "third");
  std::string w3 = m3["wamid"];
  json errors = load_fixture("webhook_pywa_message_status__failed.json")["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"];
  ASSERT_EQ(deliver(status_delivery(w3, "failed", now + 5, errors)).status, 200);
  ASSERT_EQ(deliver(status_delivery(w3, "sent", now + 6)).status, 200);
  ASSERT_TRUE(eventually([&] { return drained(); }));
  auto failed = message_by_wamid(w3);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["error"]["code"], 130472);
  EXPECT_FALSE(failed["error"]["details"].get<std::string>().empty());
  ASSERT_EQ(deliver(status_delivery(w3, "delivered", now + 4)).status, 200);  // older than the failure
  ASSERT_TRUE(eventually([&] { return drained(); }));
  EXPECT_EQ(message_by_wamid(w3)["status"], "failed");
  ASSERT_EQ(deliver(status_delivery(w3, "delivered", now + 9)).status, 200);
  ASSERT_TRUE(eventually([&] { return message_by_wamid(w3)["status"] == "delivered"; }));
}

TEST_P(WhatsApp, ChangesAreRoutedOnlyToTheBusinessThatOwnsTheNumber) {
  connect(business, kSecret, kNumber);
  Session other_owner = w->signup("other");
  std::string other = w->create_business(other_owner, "Shop B");
  {
    auto r = w->http.request("PUT", "/api/v1/businesses/" + other + "/whatsapp",
                             json({{"waba_id", "999"}, {"access_token", "test-token-1234"}, {"app_secret", "secret-of-b"}}).dump(),
                             other_owner.bearer());
    ASSERT_EQ(r.status, 200) << r.body;
    graph->add_number("999", "5550001");
    r = w->http.post("/api/v1/businesses/" + other + "/phone-numbers",
                     {{"phone_number_id", "5550001"}, {"display_phone_number", "+1 555 0001"}}, other_owner.bearer());
    ASSERT_EQ(r.status, 201) << r.body;
  }
  // A can't claim B's number: Meta does not list it under A's WABA.
  auto claim = w->http.post(b("/phone-numbers"), {{"phone_number_id", "5550001"}, {"display_phone_number", "x"}}, owner.bearer());
  EXPECT_EQ(claim.status, 422) << claim.body;
  EXPECT_EQ(claim.code(), "phone_number_not_in_waba");
  // A's endpoint and secret, naming B's number: dropped, written nowhere.
  ASSERT_EQ(deliver(text_delivery("wamid.cross", "sneaky", kCustomer, "5550001")).status, 200);
  // B's secret on A's endpoint: refused.
  EXPECT_EQ(deliver(text_delivery("wamid.cross2", "x"), "secret-of-b").status, 401);
  ASSERT_TRUE(eventually([&] { return drained(); }));
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE wamid LIKE 'wamid.cross%'"), 0);
  EXPECT_EQ(intake_count("SELECT COUNT(*) FROM webhook_inbox WHERE error LIKE '%not a number of this business%'"), 1);

  // The platform endpoint routes by phone number id, verified with the platform secret.
  EXPECT_EQ(deliver(text_delivery("wamid.plat", "via platform", kCustomer, "5550001"), kSecret, "/webhooks/whatsapp").status, 401);
  ASSERT_EQ(deliver(text_delivery("wamid.plat", "via platform", kCustomer, "5550001"), kPlatformSecret, "/webhooks/whatsapp").status, 200);
  ASSERT_EQ(deliver(text_delivery("wamid.unknown", "nobody", kCustomer, "424242"), kPlatformSecret, "/webhooks/whatsapp").status, 200);
  ASSERT_TRUE(eventually([&] { return drained(); }));
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE business_id = $1 AND wamid = 'wamid.plat'", {other}), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE business_id = $1", {business}), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE wamid = 'wamid.unknown'"), 0);
  // And B's inbox, read by A's owner: 404.
  EXPECT_EQ(w->http.get("/api/v1/businesses/" + other + "/conversations", owner.bearer()).status, 404);
}

TEST_P(WhatsApp, SendErrorsAreClassified) {
  connect(business, kSecret, kNumber);
  long now = static_cast<long>(std::time(nullptr));
  ASSERT_EQ(deliver(text_delivery("wamid.in", "hello", kCustomer, kNumber, now)).status, 200);
  ASSERT_TRUE(eventually([&] { return drained() && first_conversation().is_object(); }));
  std::string cv = first_conversation()["id"];

  // 131047 (re-engagement): fails at once, with Meta's reason.
  graph->fail_next_send(400, FakeGraph::error_body(131047, "Re-engagement message", "More than 24 hours have passed"));
  auto failed = send_text(cv, "late");
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["error"]["code"], 131047);
  EXPECT_EQ(failed["error"]["details"], "More than 24 hours have passed");
  EXPECT_EQ(graph->sends().size(), 1u) << "not retried";

  // 130429 (throughput): retried with backoff, then sent.
  graph->fail_next_send(400, FakeGraph::error_body(130429, "Rate limit hit", "Cloud API message throughput reached"));
  auto retried = send_text(cv, "busy");
  EXPECT_EQ(retried["status"], "sent") << retried.dump();
  EXPECT_EQ(graph->sends().size(), 3u);

  // Brazil's ninth digit: Meta's wa_id becomes the contact's identity.
  // 190: the message fails visibly and the connection shows it is disconnected.
  graph->fail_next_send(401, FakeGraph::expired_token_error());
  auto dead = send_text(cv, "token?");
  EXPECT_EQ(dead["status"], "failed");
  EXPECT_EQ(dead["error"]["code"], 190);
  EXPECT_EQ(w->http.get(b("/whatsapp"), owner.bearer()).json()["status"], "disconnected");
}

TEST_P(WhatsApp, WindowAndOptOutRules) {
  connect(business, kSecret, kNumber);
  long old = static_cast<long>(std::time(nullptr)) - 25 * 3600;
  ASSERT_EQ(deliver(text_delivery("wamid.old", "yesterday", kCustomer, kNumber, old)).status, 200);
  ASSERT_TRUE(eventually([&] { return drained() && first_conversation().is_object(); }));
  auto cv = first_conversation();
  EXPECT_EQ(cv["window_open"], false);
  std::string id = cv["id"];
  auto closed = w->http.post(b("/conversations/" + id + "/messages"), {{"text", "hi"}}, owner.bearer());
  EXPECT_EQ(closed.status, 422);
  EXPECT_EQ(closed.code(), "window_closed");
  auto tpl = w->http.post(b("/conversations/" + id + "/messages"),
                          {{"template", {{"name", "order_update"}, {"language", "en_US"}, {"variables", {"Ann", "42"}}}}},
                          owner.bearer());
  ASSERT_EQ(tpl.status, 202) << tpl.body;
  ASSERT_TRUE(eventually([&] { return graph->sends().size() == 1; }));
  auto body = graph->sends()[0].body;
  EXPECT_EQ(body["template"]["name"], "order_update");
  EXPECT_EQ(body["template"]["language"]["code"], "en_US");
  EXPECT_EQ(body["template"]["components"][0]["parameters"][1]["text"], "42");

  // STOP opts the contact out; nothing can be sent to it, checked before the window.
  ASSERT_EQ(deliver(text_delivery("wamid.stop", " stop ", kCustomer, kNumber, std::time(nullptr))).status, 200);
  ASSERT_TRUE(eventually([&] { return drained(); }));
  auto out = w->http.post(b("/conversations/" + id + "/messages"), {{"text", "hi"}}, owner.bearer());
  EXPECT_EQ(out.status, 422);
  EXPECT_EQ(out.code(), "contact_opted_out");
  auto contact = w->http.get(b("/contacts/" + cv["contact"]["id"].get<std::string>()), owner.bearer()).json();
  EXPECT_EQ(contact["opted_out"], true);
  ASSERT_EQ(deliver(text_delivery("wamid.start", "START", kCustomer, kNumber, std::time(nullptr))).status, 200);
  ASSERT_TRUE(eventually([&] { return drained(); }));
  EXPECT_EQ(w->http.post(b("/conversations/" + id + "/messages"), {{"text", "welcome back"}}, owner.bearer()).status, 202);
}

TEST_P(WhatsApp, SandboxTicksAndLiveEvents) {
  auto r = w->http.request("PUT", b("/whatsapp"), R"({"mode":"sandbox"})", owner.bearer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["mode"], "sandbox");
  // A live stream, opened before anything happens.
  auto stream = std::async(std::launch::async, [&] {
    return read_events(w->http.base_url() + b("/events"), owner.token, 6000);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto in = w->http.post(b("/sandbox/inbound"), {{"from_phone", "+5511912345678"}, {"text", "Oi!"}}, owner.bearer());
  ASSERT_EQ(in.status, 202) << in.body;
  std::string cv = in.json()["conversation_id"];
  auto reply = w->http.post(b("/conversations/" + cv + "/messages"), {{"text", "Olá"}}, owner.bearer());
  ASSERT_EQ(reply.status, 202);
  std::string mid = reply.json()["id"];
  ASSERT_TRUE(eventually([&] {
    auto list = w->http.get(b("/conversations/" + cv + "/messages"), owner.bearer()).json();
    for (auto& m : list["items"])
      if (m["id"] == mid) return m["status"] == "read";
    return false;
  }));
  // A thread opens at its end: newest first, and the cursor walks back.
  auto newest = w->http.get(b("/conversations/" + cv + "/messages?order=newest&limit=1"), owner.bearer()).json();
  ASSERT_EQ(newest["items"].size(), 1u);
  EXPECT_EQ(newest["items"][0]["id"], mid);
  ASSERT_TRUE(newest["next_cursor"].is_string());
  auto older = w->http.get(b("/conversations/" + cv + "/messages?order=newest&limit=5&cursor=" +
                             newest["next_cursor"].get<std::string>()),
                           owner.bearer())
                   .json();
  ASSERT_EQ(older["items"].size(), 1u);
  EXPECT_EQ(older["items"][0]["text"], "Oi!");
  EXPECT_TRUE(older["next_cursor"].is_null());
  EXPECT_EQ(w->http.get(b("/conversations/" + cv + "/messages?order=sideways"), owner.bearer()).status, 400);

  std::string events = stream.get();
  EXPECT_NE(events.find("event: message.created"), std::string::npos) << events;
  EXPECT_NE(events.find("Oi!"), std::string::npos);
  EXPECT_NE(events.find("event: conversation.updated"), std::string::npos);
  EXPECT_NE(events.find("\"status\":\"delivered\""), std::string::npos);
  EXPECT_NE(events.find("\"status\":\"read\""), std::string::npos);

  // Resuming after an id replays what came after it, and nothing of another business.
  size_t first_id = events.find("id: ");
  ASSERT_NE(first_id, std::string::npos);
  std::string after = events.substr(first_id + 4, 26);
  std::string resumed = read_events(w->http.base_url() + b("/events"), owner.token, 1000, after);
  EXPECT_NE(resumed.find("\"status\":\"read\""), std::string::npos) << resumed;
  EXPECT_EQ(resumed.find("id: " + after), std::string::npos);

  Session stranger = w->signup("stranger");
  w->create_business(stranger, "Elsewhere");
  EXPECT_EQ(w->http.get(b("/events"), stranger.bearer()).status, 404);
  std::string theirs = read_events(w->http.base_url() + b("/events"), stranger.token, 500, "00000000000000000000000000");
  EXPECT_EQ(theirs.find("Oi!"), std::string::npos);
}

TEST_P(WhatsApp, InboundMediaIsDownloadedToLocalStorage) {
  connect(business, kSecret, kNumber);
  auto body = addressed(load_fixture("webhook_pywa_message__image.json"));
  std::string media_id = body["entry"][0]["changes"][0]["value"]["messages"][0]["image"]["id"];
  std::string wamid = body["entry"][0]["changes"][0]["value"]["messages"][0]["id"];
  graph->set_media(media_id, "image/jpeg", std::string("\xff\xd8\xff\xe0 a jpeg", 11));
  ASSERT_EQ(deliver(body).status, 200);
  ASSERT_TRUE(eventually([&] {
    auto m = message_by_wamid(wamid);
    return m.is_object() && m["media"].value("stored", false);
  }));
  auto m = message_by_wamid(wamid);
  auto file = w->http.get(b("/messages/" + m["id"].get<std::string>() + "/media"), owner.bearer());
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, std::string("\xff\xd8\xff\xe0 a jpeg", 11));
  EXPECT_EQ(file.header("content-type"), "image/jpeg");
}

TEST_P(WhatsApp, AKillRightAfterTheAckLosesNothing) {
  connect(business, kSecret, kNumber);
  const int n = 100;
  for (int i = 0; i < n; ++i) ASSERT_EQ(deliver(text_delivery("wamid.k" + std::to_string(i), "m" + std::to_string(i))).status, 200);
  server->kill9();
  server->start();
  w = std::make_unique<World>(*server);
  ASSERT_TRUE(eventually([&] {
    return count("SELECT COUNT(*) FROM messages WHERE business_id = $1 AND wamid LIKE 'wamid.k%'", {business}) == n;
  }, 20000)) << count("SELECT COUNT(*) FROM messages WHERE business_id = $1", {business});
  EXPECT_EQ(first_conversation()["unread_count"], n);
}

// On PostgreSQL several processes append to one intake, so a row can commit after rows with
// later ids were claimed: the worker's claims go on after the last row it took, and still
// find such a row.
// PostgreSQL only: on SQLite one process appends to the intake, in id order.
class WhatsAppOnPostgres : public WhatsApp {};

TEST_P(WhatsAppOnPostgres, ADeliveryCommittedAfterLaterOnesIsStillApplied) {
  connect(business, kSecret, kNumber);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(deliver(text_delivery("wamid.first" + std::to_string(i), "first")).status, 200);
  ASSERT_TRUE(eventually([&] { return drained(); }));
  auto d = intake_db();
  d->write([&](storage::Conn& c) {
    c.execute("INSERT INTO webhook_inbox (id, business_id, body, received_at) VALUES ($1, $2, $3, $4)",
              {std::string("00000000000000000000000001"), business, text_delivery("wamid.late", "late").dump(),
               std::int64_t{1}});
  });
  d->close();
  // Deliveries keep coming meanwhile, so the worker's claims after its last row are not empty.
  std::atomic<bool> keep_delivering{true};
  std::thread traffic([&] {
    for (int i = 0; keep_delivering && i < 300; ++i) {
      deliver(text_delivery("wamid.busy" + std::to_string(i), "busy"));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  bool applied = eventually([&] { return message_by_wamid("wamid.late").is_object(); }, 5000);
  keep_delivering = false;
  traffic.join();
  ASSERT_TRUE(applied);
  EXPECT_EQ(message_by_wamid("wamid.late")["text"], "late");
  EXPECT_TRUE(eventually([&] { return drained(); }));
}

TEST_P(WhatsApp, AgentsWorkOnlyUnassignedOrTheirOwnConversations) {
  ASSERT_EQ(w->http.request("PUT", b("/whatsapp"), R"({"mode":"sandbox"})", owner.bearer()).status, 200);
  Session agent = w->signup("agent");
  w->add_member(owner, business, agent, "agent");
  Session other = w->signup("otheragent");
  w->add_member(owner, business, other, "agent");
  auto in = w->http.post(b("/sandbox/inbound"), {{"from_phone", "+14155550199"}, {"text", "hi"}}, owner.bearer());
  ASSERT_EQ(in.status, 202);
  std::string cv = in.json()["conversation_id"];
  EXPECT_EQ(w->http.post(b("/sandbox/inbound"), {{"from_phone", "+14155550199"}, {"text", "x"}}, agent.bearer()).status, 403)
      << "simulating customers is for admins";
  // The agent takes it; the other agent no longer sees it, nor can write into it by phone.
  ASSERT_EQ(w->http.patch(b("/conversations/" + cv), {{"assignee_user_id", agent.user_id}}, agent.bearer()).status, 200);
  EXPECT_EQ(w->http.get(b("/conversations/" + cv), other.bearer()).status, 403);
  EXPECT_EQ(w->http.get(b("/conversations"), other.bearer()).json()["items"].size(), 0u);
  auto sneak = w->http.post(b("/messages"), {{"to_phone", "+14155550199"}, {"text", "psst"}}, other.bearer());
  EXPECT_EQ(sneak.status, 403) << sneak.body;
  EXPECT_EQ(w->http.patch(b("/conversations/" + cv), {{"assignee_user_id", other.user_id}}, other.bearer()).status, 403);
  EXPECT_EQ(w->http.post(b("/messages"), {{"to_phone", "+14155550199"}, {"text", "hello"}}, agent.bearer()).status, 202);
}

TEST_P(WhatsApp, AStreamEndsWhenItsMemberIsRemoved) {
  Session agent = w->signup("leaving");
  w->add_member(owner, business, agent, "agent");
  auto started = std::chrono::steady_clock::now();
  auto stream = std::async(std::launch::async, [&] {
    return read_events(w->http.base_url() + b("/events"), agent.token, 30000);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(w->http.del(b("/members/" + agent.user_id), owner.bearer()).status, 204);
  stream.get();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15)) << "the stream outlived the membership";
}

TEST_P(WhatsApp, ContactExportAndDeletionCoverTheirConversations) {
  ASSERT_EQ(w->http.request("PUT", b("/whatsapp"), R"({"mode":"sandbox"})", owner.bearer()).status, 200);
  auto in = w->http.post(b("/sandbox/inbound"), {{"from_phone", "+14155552671"}, {"text", "my address is 1 Main St"}},
                         owner.bearer());
  ASSERT_EQ(in.status, 202) << in.body;
  std::string cv = in.json()["conversation_id"];
  std::string contact = w->http.get(b("/conversations/" + cv), owner.bearer()).json()["contact"]["id"];
  auto data = w->http.get(b("/contacts/" + contact + "/export"), owner.bearer());
  ASSERT_EQ(data.status, 200) << data.body;
  auto exported = data.json();
  ASSERT_EQ(exported["conversations"].size(), 1u);
  EXPECT_EQ(exported["conversations"][0]["messages"][0]["text"], "my address is 1 Main St");

  ASSERT_EQ(w->http.del(b("/contacts/" + contact), owner.bearer()).status, 204);
  EXPECT_EQ(w->http.get(b("/conversations/" + cv), owner.bearer()).status, 404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE business_id = $1", {business}), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM conversations WHERE business_id = $1", {business}), 0);
}

TEST_P(WhatsApp, ImportProgressIsStreamedAsJobEvents) {
  auto stream = std::async(std::launch::async, [&] {
    return read_events(w->http.base_url() + b("/events"), owner.token, 4000);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string csv = "phone,name\n";
  for (int i = 0; i < 300; ++i) csv += "+1415555" + std::to_string(1000 + i) + ",Lead " + std::to_string(i) + "\n";
  RequestOptions o = owner.bearer();
  o.content_type = "text/csv";
  auto r = w->http.request("POST", b("/contacts/import"), csv, o);
  ASSERT_EQ(r.status, 202) << r.body;
  std::string job = r.json()["job_id"];
  std::string events = stream.get();
  EXPECT_NE(events.find("event: job.progress"), std::string::npos) << events;
  EXPECT_NE(events.find(job), std::string::npos);
  EXPECT_NE(events.find("\"status\":\"done\""), std::string::npos) << events;
}

INSTANTIATE_TEST_SUITE_P(Backends, WhatsApp, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const auto& info) { return std::string(backend_name(info.param)); });
INSTANTIATE_TEST_SUITE_P(Backends, WhatsAppOnPostgres, ::testing::Values(Backend::postgres),
                         [](const auto& info) { return std::string(backend_name(info.param)); });

// Two serve processes on one PostgreSQL database: an event committed by one reaches a
// stream held by the other (LISTEN/NOTIFY), and each webhook delivery is applied once.
TEST(WhatsAppScaleOut, EventsCrossServeProcessesOnPostgres) {
  crypto::init();
  std::string key = crypto::to_base64(std::string(32, '\x07'));
  FakeGraph graph;
  graph.set_valid_token("token-for-two");
  graph.add_number(kWaba, kNumber);
  const std::vector<std::string> no_graph = {"--graph-url", graph.base_url()};
  ServerProcess a({Backend::postgres, no_graph, {{"SWITCHBOARD_MASTER_KEY", key}}});
  a.start();
  auto b_args = no_graph;
  b_args.insert(b_args.end(), {"--database", a.database_url()});
  ServerProcess b({Backend::sqlite, b_args, {{"SWITCHBOARD_MASTER_KEY", key}}});
  b.start();
  World wa(a);
  World wb(b);
  Session owner = wa.signup("owner");
  std::string business = wa.create_business(owner, "Two Nodes");
  std::string base = "/api/v1/businesses/" + business;
  ASSERT_EQ(wa.http.request("PUT", base + "/whatsapp", R"({"mode":"sandbox"})", owner.bearer()).status, 200);
  auto stream = std::async(std::launch::async, [&] {
    return read_events(wb.http.base_url() + base + "/events", owner.token, 3000);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto in = wa.http.post(base + "/sandbox/inbound", {{"from_phone", "+14155550123"}, {"text", "across nodes"}}, owner.bearer());
  ASSERT_EQ(in.status, 202) << in.body;
  std::string events = stream.get();
  EXPECT_NE(events.find("across nodes"), std::string::npos) << "process B's stream missed process A's event: " << events;

  // Deliveries acked by either process are applied once each (the workers share the intake),
  // and so is each one Meta delivered to both (its two rows may be applied at the same time
  // by the two workers: the loser of that race applies its batch again and finds the wamid).
  auto put = wa.http.request("PUT", base + "/whatsapp",
                             json({{"waba_id", kWaba}, {"access_token", "token-for-two"}, {"app_secret", kSecret}}).dump(),
                             owner.bearer());
  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_EQ(wa.http.post(base + "/phone-numbers", {{"phone_number_id", kNumber}, {"display_phone_number", "+1 555 0100"}},
                         owner.bearer()).status, 201);
  const int n = 60;
  for (int i = 0; i < n; ++i) {
    std::string raw = text_delivery("wamid.two." + std::to_string(i), "m" + std::to_string(i)).dump();
    RequestOptions o;
    o.headers["X-Hub-Signature-256"] = sign(kSecret, raw);
    auto& http = i % 2 ? wb.http : wa.http;
    ASSERT_EQ(http.request("POST", "/webhooks/whatsapp/" + business, raw, o).status, 200);
    if (i % 3 == 0) {
      ASSERT_EQ((i % 2 ? wa.http : wb.http).request("POST", "/webhooks/whatsapp/" + business, raw, o).status, 200);
    }
  }
  auto db = storage::open_database(a.database_url());
  auto applied = [&] {
    return db->read([&](storage::Conn& c) {
      return c.query_one("SELECT COUNT(*) FROM messages WHERE business_id = $1 AND wamid LIKE 'wamid.two.%'", {business})
          ->int64(0);
    });
  };
  for (int i = 0; i < 200 && applied() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(applied(), n);
  auto unread = db->read([&](storage::Conn& c) {
    return c.query_one("SELECT MAX(unread_count) FROM conversations WHERE business_id = $1 AND phone_number_id = $2",
                       {business, kNumber})->int64(0);
  });
  EXPECT_EQ(unread, n) << "a delivery was applied twice or not at all";
  db->close();
  EXPECT_EQ(a.stop(), 0);
  EXPECT_EQ(b.stop(), 0);
}

}  // namespace
}  // namespace sb::testing
