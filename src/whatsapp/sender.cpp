#include "whatsapp/sender.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "contacts/contact_store.h"
#include "core/text.h"

namespace sb::whatsapp {

using nlohmann::json;
using storage::Conn;
using tenancy::TenantScope;

namespace {

constexpr size_t kMaxMediaBytes = 100 * 1024 * 1024;  // Meta's largest (documents)

json error_json(const GraphError& e) {
  return {{"code", e.code >= 0 ? json(e.code) : json(nullptr)},
          {"title", e.message.empty() ? std::string("Graph API error") : e.message},
          {"details", e.details.empty() ? describe(e) : e.details}};
}

}  // namespace

json graph_message_body(const inbox::Message& m, const std::string& to) {
  json body = {{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", to}};
  if (m.type == "text") {
    body["type"] = "text";
    body["text"] = {{"body", m.text.value_or("")}, {"preview_url", false}};
  } else if (m.type == "template") {
    json tpl = {{"name", m.template_["name"]}, {"language", {{"code", m.template_["language"]}}}};
    const json& vars = m.template_["variables"];
    if (vars.is_array() && !vars.empty()) {
      json params = json::array();
      for (const auto& v : vars) params.push_back({{"type", "text"}, {"text", v}});
      tpl["components"] = json::array({{{"type", "body"}, {"parameters", params}}});
    }
    body["type"] = "template";
    body["template"] = tpl;
  } else {
    std::string type = m.type;
    json media = {{"link", m.media.value("link", std::string())}};
    if (m.media.contains("caption") && type != "audio" && type != "sticker") media["caption"] = m.media["caption"];
    if (m.media.contains("filename") && type == "document") media["filename"] = m.media["filename"];
    body["type"] = type;
    body[type] = media;
  }
  if (m.context_wamid) body["context"] = {{"message_id", *m.context_wamid}};
  // Echoed back on every status webhook: maps a status to our row even before the wamid lands.
  body["biz_opaque_callback_data"] = m.id;
  return body;
}

Sender::Sender(storage::Database& db, inbox::InboxService& inbox, AccountService& accounts, jobs::JobQueue& jobs,
               const GraphClient& graph, const Clock& clock, std::string media_dir)
    : db_(db), inbox_(inbox), accounts_(accounts), jobs_(jobs), graph_(graph), clock_(clock),
      media_dir_(std::move(media_dir)) {}

void Sender::register_with(jobs::WorkerPool& workers) {
  workers_ = &workers;
  workers.handle(inbox::InboxService::kSendJob, [this](jobs::JobContext& ctx) { return send(ctx); });
  workers.handle(kSandboxStatusJob, [this](jobs::JobContext& ctx) { return sandbox_status(ctx); });
  workers.handle(inbox::InboxService::kMediaJob, [this](jobs::JobContext& ctx) { return download_media(ctx); });
}

std::string Sender::media_path(const BusinessId& business, const std::string& message_id) const {
  return media_dir_ + "/" + business.str() + "/" + message_id;
}

void Sender::fail_message(const TenantScope& scope, const inbox::Message& m, const json& error) {
  db_.write([&](Conn& c) { inbox_.record_failed(scope, c, m, error, clock_.now_ms()); });
  inbox_.committed(scope);
}

Result<json> Sender::send(jobs::JobContext& ctx) {
  TenantScope scope = ctx.scope();
  std::string id = ctx.job().payload.value("message_id", std::string());
  auto m = db_.read([&](Conn& c) { return inbox_.store().message(scope, c, id); });
  if (!m) return json{{"skipped", "message deleted"}};
  if (m->status != "queued") return json{{"skipped", "already " + m->status}};  // a repeat run: sent once

  contacts::ContactStore contacts;
  std::optional<contacts::Contact> contact;
  std::optional<inbox::Conversation> cv;
  std::optional<Channel> channel;
  db_.read([&](Conn& c) {
    cv = inbox_.store().conversation(scope, c, m->conversation_id);
    if (cv) contact = contacts.get(scope, c, ContactId(cv->contact_id));
    channel = accounts_.channel(scope, c);
  });
  if (!cv || !contact) return json{{"skipped", "conversation deleted"}};
  if (contact->opted_out) {
    // Opted out after this was queued: the queue never messages an opted-out contact.
    fail_message(scope, *m, {{"code", nullptr}, {"title", "Contact opted out"},
                             {"details", "The contact opted out before this message was sent."}});
    return json{{"failed", "contact_opted_out"}};
  }
  if (m->route == "sandbox" || cv->phone_number_id.starts_with("sandbox-")) return send_sandbox(scope, *m);

  if (!channel || channel->access_token.empty()) {
    fail_message(scope, *m, {{"code", nullptr}, {"title", "WhatsApp not connected"},
                             {"details", "Connect the Cloud API in the WhatsApp settings, then send again."}});
    return json{{"failed", "not_connected"}};
  }
  if (channel->status == "disconnected") {
    fail_message(scope, *m, {{"code", 190}, {"title", "WhatsApp disconnected"},
                             {"details", "The access token was rejected; an admin must reconnect WhatsApp."}});
    return json{{"failed", "disconnected"}};
  }
  std::string to = contact->wa_id.empty() ? contact->phone.substr(1) : contact->wa_id;
  auto reply = graph_.post(cv->phone_number_id + "/messages", channel->access_token, graph_message_body(*m, to));
  if (reply.ok()) {
    std::string wamid;
    const json& msgs = reply.body.value("messages", json::array());
    if (msgs.is_array() && !msgs.empty()) wamid = msgs[0].value("id", std::string());
    if (wamid.empty()) {
      fail_message(scope, *m, {{"code", nullptr}, {"title", "Unexpected Graph API answer"},
                               {"details", "The send was accepted without a message id."}});
      return json{{"failed", "no_wamid"}};
    }
    std::string wa_id;
    const json& cs = reply.body.value("contacts", json::array());
    if (cs.is_array() && !cs.empty()) wa_id = cs[0].value("wa_id", std::string());
    db_.write([&](Conn& c) {
      inbox_.record_sent(scope, c, *m, wamid, clock_.now_ms());
      // Meta's wa_id is the contact's identity from now on (Brazil's ninth digit and the like).
      if (!wa_id.empty() && wa_id != contact->wa_id) contacts.set_wa_id(scope, c, contact->id, wa_id, clock_.now_ms());
    });
    inbox_.committed(scope);
    return json{{"wamid", wamid}};
  }
  const GraphError& e = *reply.error;
  switch (classify(e)) {
    case FailureAction::retry:
      if (ctx.job().attempts < ctx.job().max_attempts)
        return fail(Error{ErrorKind::unavailable, "graph_retry", describe(e), {}, {}, {}});
      fail_message(scope, *m, error_json(e));  // out of attempts: visible, not silent
      return json{{"failed", describe(e)}};
    case FailureAction::disconnect:
      accounts_.mark_disconnected(scope, describe(e));
      fail_message(scope, *m, error_json(e));
      return json{{"failed", describe(e)}};
    case FailureAction::fail:
      break;
  }
  fail_message(scope, *m, error_json(e));
  return json{{"failed", describe(e)}};
}

Result<json> Sender::send_sandbox(const TenantScope& scope, const inbox::Message& m) {
  std::string wamid = "wamid.sandbox." + m.id;
  TimeMs now = clock_.now_ms();
  db_.write([&](Conn& c) {
    inbox_.record_sent(scope, c, m, wamid, now);
    // The simulated phone reports delivery and then reading, as Meta's webhooks would.
    jobs_.enqueue(scope, c, kSandboxStatusJob, {{"wamid", wamid}, {"status", "delivered"}},
                  jobs::EnqueueOptions{now + 1200, 3});
    jobs_.enqueue(scope, c, kSandboxStatusJob, {{"wamid", wamid}, {"status", "read"}},
                  jobs::EnqueueOptions{now + 2600, 3});
  });
  inbox_.committed(scope);
  return json{{"wamid", wamid}, {"sandbox", true}};
}

Result<json> Sender::sandbox_status(jobs::JobContext& ctx) {
  TenantScope scope = ctx.scope();
  std::string wamid = ctx.job().payload.value("wamid", std::string());
  std::string status = ctx.job().payload.value("status", std::string());
  db_.write([&](Conn& c) { inbox_.record_status(scope, c, wamid, status, clock_.now_ms(), nullptr); });
  inbox_.committed(scope);
  return json{{"status", status}};
}

Result<json> Sender::download_media(jobs::JobContext& ctx) {
  TenantScope scope = ctx.scope();
  std::string id = ctx.job().payload.value("message_id", std::string());
  std::string media_id = ctx.job().payload.value("media_id", std::string());
  std::optional<inbox::Message> m;
  std::optional<Channel> channel;
  db_.read([&](Conn& c) {
    m = inbox_.store().message(scope, c, id);
    channel = accounts_.channel(scope, c);
  });
  if (!m || !m->media.is_object()) return json{{"skipped", "message deleted"}};
  // A media id is digits; anything else (a URL in a forged payload) would send our token elsewhere.
  if (!is_digits(media_id) || media_id.size() > 64)
    return fail(Error::validation("invalid_media_id", "The media id is not one of Meta's."));
  if (!channel || channel->access_token.empty()) return fail(Error::validation("not_connected", "No access token to download media with."));
  auto record_error = [&](const std::string& why) {
    json media = m->media;
    media["download_error"] = why;
    db_.write([&](Conn& c) { inbox_.store().set_media(scope, c, id, media); });
  };
  // Step 1: a fresh URL for the media id (they expire about 5 minutes after this call).
  auto info = graph_.get(media_id, channel->access_token);
  if (!info.ok()) {
    if (classify(*info.error) == FailureAction::retry && ctx.job().attempts < ctx.job().max_attempts)
      return fail(Error{ErrorKind::unavailable, "graph_retry", describe(*info.error), {}, {}, {}});
    record_error(describe(*info.error));
    return fail(Error::validation("media_unavailable", describe(*info.error)));
  }
  std::string url = info.body.value("url", std::string());
  if (url.empty()) {
    record_error("The Graph API gave no download URL.");
    return fail(Error::validation("media_unavailable", "no url"));
  }
  // Step 2: the bytes, with the same token, into the data dir (written aside, then renamed).
  std::string path = media_path(scope.business_id(), id);
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::string tmp = path + ".part." + ctx.job().id + "." + std::to_string(ctx.job().attempts);
  if (!ctx.progress(0, std::nullopt)) return fail(Error{ErrorKind::unavailable, "lease_lost", "lease lost", {}, {}, {}});
  std::string content_type;
  int status = graph_.download(url, channel->access_token, tmp, kMaxMediaBytes, content_type);
  if (status != 200) {
    std::filesystem::remove(tmp);
    std::string why = status == 0 ? "download failed or too large" : "download answered HTTP " + std::to_string(status);
    if (ctx.job().attempts < ctx.job().max_attempts) return fail(Error{ErrorKind::unavailable, "media_retry", why, {}, {}, {}});
    record_error(why);
    return fail(Error::validation("media_unavailable", why));
  }
  std::filesystem::rename(tmp, path);
  json media = m->media;
  media.erase("url");
  media.erase("download_error");
  media["stored"] = true;
  media["size"] = std::filesystem::file_size(path);
  if (!media.contains("mime_type")) media["mime_type"] = info.body.value("mime_type", content_type);
  db_.write([&](Conn& c) {
    inbox_.store().set_media(scope, c, id, media);
    if (auto fresh = inbox_.store().message(scope, c, id)) inbox_.message_changed(scope, c, *fresh);  // previews load now
  });
  inbox_.committed(scope);
  return json{{"stored", path}, {"bytes", media["size"]}};
}

}  // namespace sb::whatsapp
