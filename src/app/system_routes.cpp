#include "inbox/inbox_service.h"
#include "whatsapp/account_service.h"
#include "app/system_routes.h"

#include "api/context.h"
#include "api/json_io.h"
#include "api/openapi.h"
#include "api/schema.h"
#include "contacts/contact_json.h"
#include "tenancy/tenancy_json.h"

namespace sb::app {

using api::Access;
using api::Context;
using api::json;
using namespace api::schema;

void register_system_routes(api::Api& api, storage::Database& db, api::Metrics& metrics) {
  static const std::string kOk = R"({"status":"ok"})";
  api.add({"GET", "/healthz", Access::open, {}, 0, false, false,
           [](Context&) -> Result<http::Response> { return http::Response::text(200, kOk, "application/json"); },
           {"Liveness", "operations", nullptr, "application/json", {}, {{200, object({{"status", str()}}, {"status"})}}, {}}});

  api.add({"GET", "/readyz", Access::open, {}, 0, false, false,
           [&db](Context&) -> Result<http::Response> {
             if (!db.ping())
               return fail(Error{ErrorKind::unavailable, "database_unavailable", "The database does not answer.", {}, {}, {}});
             return http::Response::text(200, kOk, "application/json");
           },
           {"Readiness: 200 when the database answers", "operations", nullptr, "application/json", {},
            {{200, object({{"status", str()}}, {"status"})}}, {503}}});

  api.add({"GET", "/metrics", Access::open, {}, 0, false, false,
           [&metrics](Context&) -> Result<http::Response> {
             return http::Response::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
           },
           {"Prometheus metrics", "operations", nullptr, "application/json", {}, {{200, str()}}, {}}});

  // Rendered once, on first request, after every route has been registered.
  api.add({"GET", "/api/v1/openapi.json", Access::open, {}, 0, false, false,
           [&api](Context&) -> Result<http::Response> {
             static const std::string doc = [&] {
               json schemas = tenancy::tenancy_schemas();
               json contact = contacts::contact_schemas();  // named: items() of a temporary would dangle
               for (auto& [k, v] : contact.items()) schemas[k] = v;
               json wa = whatsapp::whatsapp_schemas();
               for (auto& [k, v] : wa.items()) schemas[k] = v;
               json in = inbox::inbox_schemas();
               for (auto& [k, v] : in.items()) schemas[k] = v;
               return api::dump(api::openapi_document(api, schemas));
             }();
             return http::Response::text(200, doc, "application/json");
           },
           {"This OpenAPI document", "operations", nullptr, "application/json", {}, {{200, free_object()}}, {}}});
}

}  // namespace sb::app
