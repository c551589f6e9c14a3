#include "whatsapp/whatsapp_handler.h"

#include "api/context.h"
#include "api/json_io.h"
#include "api/schema.h"
#include "contacts/phone.h"
#include "core/ids.h"
#include "core/text.h"

namespace sb::whatsapp {

using api::Access;
using api::Context;
using nlohmann::json;
using tenancy::Permission;
using namespace api::schema;

namespace {

json numbers_page(const std::vector<PhoneNumber>& numbers) {
  json items = json::array();
  for (const auto& n : numbers) items.push_back(phone_number_json(n));
  return {{"items", items}, {"next_cursor", nullptr}};
}

}  // namespace

json whatsapp_schemas() {
  json s = json::object();
  s["WhatsAppConnection"] = object(
      {{"mode", nullable(enumeration({"cloud", "sandbox"}))},
       {"waba_id", nullable(str())},
       {"access_token", nullable(str("masked: \u2022\u2022\u2022\u2022 and the last 4 characters"))},
       {"app_secret", nullable(str("masked"))},
       {"webhook_url", str("the callback URL to enter in Meta's app dashboard")},
       {"verify_token", nullable(str())},
       {"status", enumeration({"connected", "disconnected", "not_connected"})},
       {"status_detail", nullable(str("why it is disconnected or not verified, in Meta's words"))},
       {"last_webhook_at", nullable(timestamp())}},
      {"waba_id", "access_token", "webhook_url", "verify_token", "status"});
  s["PhoneNumber"] = object({{"id", str()},
                             {"phone_number_id", str("Meta's id")},
                             {"display_phone_number", str()},
                             {"verified_name", nullable(str())},
                             {"quality_rating", nullable(str("GREEN, YELLOW, RED, UNKNOWN"))},
                             {"messaging_limit_tier", nullable(str("TIER_250 ... TIER_UNLIMITED"))},
                             {"assigned_user_id", nullable(str())},
                             {"throughput_per_second", integer()},
                             {"sandbox", boolean()},
                             {"last_webhook_at", nullable(timestamp())}},
                            {"id", "phone_number_id", "display_phone_number", "verified_name", "quality_rating",
                             "messaging_limit_tier", "assigned_user_id", "throughput_per_second"});
  return s;
}

void register_whatsapp_routes(api::Api& api, AccountService& accounts, inbox::InboxService& inbox,
                              tenancy::BusinessService& businesses) {
  api.add({"PUT", "/api/v1/businesses/{b}/whatsapp", Access::tenant, Permission::administration, 64 * 1024, false,
           false,
           [&accounts](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto view = accounts.connect(ctx.scope(), *body, ctx.ip());
             if (!view) return fail(view.error());
             return api::json_response(200, *view);
           },
           {"Connect WhatsApp: the Cloud API credentials (checked against the Graph API, the app subscribed to the "
            "WABA), or {\"mode\": \"sandbox\"} for a simulated number",
            "whatsapp",
            object({{"mode", enumeration({"cloud", "sandbox"})},
                    {"waba_id", str()},
                    {"access_token", str("a system-user token; left out: the stored one is kept")},
                    {"app_secret", str("left out: the stored one is kept")},
                    {"verify_token", str("left out: kept, or generated")}}),
            "application/json", {}, {{200, ref("WhatsAppConnection")}}, {422},
            "Secrets are sealed with the master key and never returned in full. A token Meta rejects (190) leaves the "
            "connection `disconnected` with Meta's reason in `status_detail`."}});

  api.add({"GET", "/api/v1/businesses/{b}/whatsapp", Access::tenant, Permission::administration, 0, false, false,
           [&accounts](Context& ctx) -> Result<http::Response> {
             return api::json_response(200, accounts.view(ctx.scope()));
           },
           {"The WhatsApp connection (secrets masked)", "whatsapp", nullptr, "application/json", {},
            {{200, ref("WhatsAppConnection")}}, {}}});

  api.add({"GET", "/api/v1/businesses/{b}/whatsapp/status", Access::tenant, Permission::administration, 0, false, false,
           [&accounts](Context& ctx) -> Result<http::Response> {
             auto s = accounts.status(ctx.scope());
             if (!s) return fail(s.error());
             return api::json_response(200, *s);
           },
           {"Checks the token against the Graph API now; the last webhook per number", "whatsapp", nullptr,
            "application/json", {},
            {{200, object({{"token_valid", nullable(boolean())},
                           {"status", str()},
                           {"status_detail", nullable(str())},
                           {"last_webhook_at", nullable(timestamp())},
                           {"phone_numbers", array(ref("PhoneNumber"))}},
                          {"token_valid", "last_webhook_at", "phone_numbers"})}},
            {422}, "`token_valid` is null when the Graph API could not be reached."}});

  api.add({"GET", "/api/v1/businesses/{b}/phone-numbers", Access::tenant, Permission::business_read, 0, false, false,
           [&accounts](Context& ctx) -> Result<http::Response> {
             return api::json_response(200, numbers_page(accounts.numbers(ctx.scope())));
           },
           {"The business's WhatsApp numbers", "whatsapp", nullptr, "application/json", {},
            {{200, page_of(ref("PhoneNumber"))}}, {}}});

  api.add({"POST", "/api/v1/businesses/{b}/phone-numbers", Access::tenant, Permission::administration, 16 * 1024, false,
           false,
           [&accounts](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto n = accounts.add_number(ctx.scope(), *body, ctx.ip());
             if (!n) return fail(n.error());
             return api::json_response(201, phone_number_json(*n));
           },
           {"Add a number by Meta's phone number id", "whatsapp",
            object({{"phone_number_id", str()}, {"display_phone_number", str()}, {"assigned_user_id", nullable(str())}},
                   {"phone_number_id", "display_phone_number"}),
            "application/json", {}, {{201, ref("PhoneNumber")}}, {402, 409, 422}}});

  api.add({"POST", "/api/v1/businesses/{b}/phone-numbers/sync", Access::tenant, Permission::administration, 1024, false,
           false,
           [&accounts](Context& ctx) -> Result<http::Response> {
             auto list = accounts.sync_numbers(ctx.scope(), ctx.ip());
             if (!list) return fail(list.error());
             return api::json_response(200, numbers_page(*list));
           },
           {"Pull the WABA's numbers (quality rating, messaging limit tier) from the Graph API", "whatsapp", object({}),
            "application/json", {}, {{200, page_of(ref("PhoneNumber"))}}, {402, 422, 503}}});

  api.add({"PATCH", "/api/v1/businesses/{b}/phone-numbers/{id}", Access::tenant, Permission::administration, 16 * 1024,
           false, false,
           [&accounts](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto n = accounts.patch_number(ctx.scope(), ctx.param("id"), *body, ctx.ip());
             if (!n) return fail(n.error());
             return api::json_response(200, phone_number_json(*n));
           },
           {"Assign a number to a member (an SDR's own number)", "whatsapp",
            object({{"assigned_user_id", nullable(str())}}, {"assigned_user_id"}), "application/json", {},
            {{200, ref("PhoneNumber")}}, {422}}});

  api.add({"POST", "/api/v1/businesses/{b}/sandbox/inbound", Access::tenant, Permission::administration, 16 * 1024, false,
           false,
           [&inbox, &businesses](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto from = api::required_string(*body, "from_phone");
             if (!from) return fail(from.error());
             auto text = api::required_string(*body, "text");
             if (!text) return fail(text.error());
             if (!is_clean_utf8(*text) || text->empty() || text->size() > 4096)
               return fail(Error::validation("invalid_text", "`text` is 1 to 4096 bytes of UTF-8.", "text"));
             auto phone = contacts::normalize_phone(*from, "US");
             if (!phone) return fail(phone.error());
             auto name = api::optional_string(*body, "name");
             if (!name) return fail(name.error());
             const auto& scope = ctx.scope();
             std::string pnid = sandbox_phone_number_id(scope.business_id());
             if (!inbox.db().read([&](storage::Conn& c) {
                   return inbox.store().number_for_sending(scope, c, pnid).has_value();
                 }))
               return fail(Error::validation("sandbox_not_enabled", "Turn the sandbox on first: PUT .../whatsapp {\"mode\": \"sandbox\"}."));
             inbox::Inbound in;
             in.phone_number_id = pnid;
             in.from_digits = phone->digits();
             in.profile_name = name->value_or("");
             in.message.type = "text";
             in.message.text = *text;
             in.message.wamid = "wamid.sandbox.in." + new_id();
             in.message.payload = {{"from", in.from_digits}, {"type", "text"}, {"text", {{"body", *text}}}, {"sandbox", true}};
             Result<inbox::Recorded> rec = fail(Error::internal("not recorded"));
             auto business = businesses.get(scope);
             json settings = business ? business->settings : json::object();
             inbox.db().write([&](storage::Conn& c) { rec = inbox.record_inbound(scope, c, in, settings); });
             if (!rec) return fail(rec.error());
             inbox.committed(scope);
             return api::json_response(202, {{"message_id", rec->message_id}, {"conversation_id", rec->conversation_id}});
           },
           {"Simulate a customer writing to the sandbox number (admin+: it speaks as any phone)", "whatsapp",
            object({{"from_phone", str("E.164")}, {"text", str()}, {"name", str("the customer's profile name")}},
                   {"from_phone", "text"}),
            "application/json", {}, {{202, object({{"message_id", str()}, {"conversation_id", str()}}, {"message_id", "conversation_id"})}},
            {422}}});
}

}  // namespace sb::whatsapp
