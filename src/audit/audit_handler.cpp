#include "audit/audit_handler.h"

#include "api/context.h"
#include "api/json_io.h"
#include "api/schema.h"

namespace sb::audit {

using api::Access;
using api::Context;
using api::json;
using namespace api::schema;

void register_audit_routes(api::Api& api, AuditLog& log, storage::Database& db) {
  api.add({"GET", "/api/v1/businesses/{b}/audit-log", Access::tenant, tenancy::Permission::administration, 0, false, true,
           [&log, &db](Context& ctx) -> Result<http::Response> {
             const auto& req = ctx.request();
             AuditFilter f;
             auto limit = api::page_limit(req);
             if (!limit) return fail(limit.error());
             f.limit = *limit + 1;
             auto cursor = api::cursor_param(req);
             if (!cursor) return fail(cursor.error());
             f.before_id = *cursor;
             f.actor_user_id = req.query_param("actor_user_id");
             f.action = req.query_param("action");
             f.target_type = req.query_param("target_type");
             f.target_id = req.query_param("target_id");
             for (auto [name, slot] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
               if (auto v = req.query_param(name)) {
                 auto t = parse_rfc3339(*v);
                 if (!t) return fail(Error::bad_request(std::string("`") + name + "` must be an RFC 3339 time.", name));
                 *slot = *t;
               }
             }
             auto entries = log.list(ctx.scope(), db, f);
             json items = json::array();
             json next = nullptr;
             for (size_t i = 0; i < entries.size() && i < static_cast<size_t>(*limit); ++i) {
               const auto& e = entries[i];
               items.push_back({{"id", e.id},
                                {"actor_user_id", e.actor_user_id ? json(*e.actor_user_id) : json()},
                                {"action", e.action},
                                {"target_type", e.target_type},
                                {"target_id", e.target_id},
                                {"details", e.details},
                                {"ip", e.ip},
                                {"created_at", to_rfc3339(e.created_at)}});
             }
             if (entries.size() > static_cast<size_t>(*limit)) next = api::encode_cursor(entries[static_cast<size_t>(*limit) - 1].id);
             return api::json_response(200, {{"items", items}, {"next_cursor", next}});
           },
           {"The business's audit log, newest first (admin+)", "audit", nullptr, "application/json",
            {{"actor_user_id", str(), ""}, {"action", str(), ""}, {"target_type", str(), ""}, {"target_id", str(), ""},
             {"from", timestamp(), "RFC 3339"}, {"to", timestamp(), "RFC 3339"}, {"limit", integer(), ""},
             {"cursor", str(), ""}},
            {{200, page_of(object({{"id", str()}, {"actor_user_id", nullable(str())}, {"action", str()},
                                   {"target_type", str()}, {"target_id", str()}, {"details", free_object()},
                                   {"ip", str()}, {"created_at", timestamp()}}))}},
            {400}}});
}

}  // namespace sb::audit
