#include "app/app.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/demo.h"
#include "app/system_routes.h"
#include "audit/audit_handler.h"
#include "core/signals.h"
#include "auth/auth_handler.h"
#include "contacts/contact_handler.h"
#include "http/server.h"
#include "jobs/job_handler.h"
#include "storage/timed_database.h"
#include "tenancy/tenancy_handler.h"
#include "inbox/inbox_handler.h"
#include "whatsapp/whatsapp_handler.h"

namespace sb::app {

std::string load_master_key(const Config& config) {
  if (!config.master_key.empty()) {
    auto key = crypto::from_base64(config.master_key);
    if (!key || key->size() != 32) throw std::runtime_error("SWITCHBOARD_MASTER_KEY must be 32 bytes, base64-encoded");
    return *key;
  }
  std::filesystem::create_directories(config.data_dir);
  auto path = std::filesystem::path(config.data_dir) / "master.key";
  if (std::filesystem::exists(path)) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    auto key = crypto::from_base64(text);
    if (!key || key->size() != 32) throw std::runtime_error(path.string() + " does not hold a 32-byte base64 key");
    return *key;
  }
  std::string key = crypto::SecretBox::generate_key();
  auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << crypto::to_base64(key) << "\n";
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, path);
  return key;
}

App::App(Config config) : config_(std::move(config)) {
  if (config_.database.empty()) std::filesystem::create_directories(config_.data_dir);
  db_ = std::make_unique<storage::TimedDatabase>(
      storage::open_database(config_.database_url()),
      [this](const char* op, double seconds) { metrics_.observe_db(op, seconds); });
  storage::migrate(*db_);
  secrets_.emplace(load_master_key(config_));
  mailer_ = config_.smtp_url.empty() ? mail::make_log_mailer() : mail::make_smtp_mailer(config_.smtp_url, config_.smtp_from);
  auth_ = std::make_unique<auth::AuthService>(*db_, hasher_, throttle_, clock_,
                                              auth::AuthOptions{config_.registration, 30 * kDay});
  audit_ = std::make_unique<audit::AuditLog>(clock_);
  gate_ = std::make_unique<tenancy::TenantGate>(*db_);
  businesses_ = std::make_unique<tenancy::BusinessService>(*db_, *auth_, *audit_, clock_);
  team_ = std::make_unique<tenancy::TeamService>(*db_, *auth_, *audit_, *mailer_, clock_, config_.effective_public_url());
  contacts_ = std::make_unique<contacts::ContactService>(*db_, *businesses_, *team_, *audit_, clock_);
  jobs_ = std::make_unique<jobs::JobQueue>(*db_, clock_);
  workers_ = std::make_unique<jobs::WorkerPool>(*jobs_, jobs::WorkerOptions{});
  importer_ = std::make_unique<contacts::ContactImporter>(*db_, *jobs_, *businesses_, *team_, *audit_, clock_,
                                                          config_.data_dir + "/imports");
  exporter_ = std::make_unique<contacts::ContactExporter>(*db_, *audit_);
  workers_->handle(contacts::ContactImporter::kKind, [this](jobs::JobContext& ctx) { return importer_->run(ctx); });
  graph_ = std::make_unique<whatsapp::GraphClient>(config_.graph_url);
  accounts_ = std::make_unique<whatsapp::AccountService>(*db_, *secrets_, *graph_, *businesses_, *team_, *audit_, clock_,
                                                         config_.effective_public_url());
  event_log_ = std::make_unique<events::EventLog>(clock_);
  hub_ = std::make_unique<events::EventHub>(*db_, *event_log_, clock_);
  hub_->set_authorizer([this](const std::string& business, const std::string& user) {
    return gate_->resolve(UserId(user), BusinessId(business), false).has_value();
  });
  if (db_->dialect() == storage::Dialect::postgres)
    listener_ = std::make_unique<storage::PgListener>(config_.database_url(), events::EventLog::kChannel,
                                                      [this](const std::string& business) { hub_->notify(business); });
  jobs_->report_progress(*event_log_, *hub_, {contacts::ContactImporter::kKind});
  inbox_ = std::make_unique<inbox::InboxService>(*db_, *event_log_, *hub_, *jobs_, *businesses_, *team_, *audit_, clock_);
  intake_db_ = whatsapp::open_separate_intake(config_.database_url(), *db_);
  storage::Database& intake_db = intake_db_ ? *intake_db_ : *db_;
  intake_ = std::make_unique<whatsapp::WebhookInbox>(intake_db, clock_);
  processor_ = std::make_unique<whatsapp::WebhookProcessor>(*db_, intake_db, *inbox_, *businesses_, *jobs_, *workers_,
                                                            clock_);
  intake_->on_committed([this] { processor_->nudge(); });
  sender_ = std::make_unique<whatsapp::Sender>(*db_, *inbox_, *accounts_, *jobs_, *graph_, clock_,
                                               config_.data_dir + "/media");
  sender_->register_with(*workers_);
  api_ = std::make_unique<api::Api>(
      api::ApiOptions{config_.ip_rate_limit, config_.business_rate_limit, config_.access_log}, *auth_, *gate_, metrics_,
      clock_);
  register_routes();
}

App::~App() {
  stop_background();
  if (workers_) workers_->stop();
  if (intake_db_) intake_db_->close();
  if (db_) db_->close();
}

void App::register_routes() {
  auth::register_auth_routes(*api_, *auth_, *businesses_, {config_.effective_public_url().starts_with("https://")});
  tenancy::register_business_routes(*api_, *businesses_, config_.base_domain, config_.registration);
  tenancy::register_team_routes(*api_, *team_);
  tenancy::register_platform_routes(*api_, *businesses_);
  audit::register_audit_routes(*api_, *audit_, *db_);
  contacts::register_contact_routes(*api_, *contacts_, *importer_, *exporter_,
                                    [this](const tenancy::TenantScope& scope, const ContactId& id) {
                                      return inbox_->export_contact(scope, id.str());
                                    });
  jobs::register_job_routes(*api_, *jobs_);
  whatsapp::register_whatsapp_routes(*api_, *accounts_, *inbox_, *businesses_);
  whatsapp::register_webhook_routes(*api_, *accounts_, *intake_,
                                    {config_.whatsapp_app_secret, config_.whatsapp_verify_token});
  inbox::register_inbox_routes(*api_, *inbox_, *hub_, [this](const BusinessId& b, const std::string& id) {
    return sender_->media_path(b, id);
  });
  register_system_routes(*api_, *db_, metrics_);  // last: the OpenAPI route documents every route above
  web_ = std::make_unique<web::WebAssets>(config_.web_dir.empty() ? std::string(SWITCHBOARD_DEFAULT_WEB_DIR)
                                                                   : config_.web_dir);
  api_->set_fallback([this](const http::Request& req) { return web_->serve(req); });
}

void App::start_background() {
  if (!config_.no_workers) {
    workers_->start();
    processor_->start();
  }
}

void App::stop_background() {
  // Order: no new events in, then the appliers finish what they hold, then live streams end.
  if (intake_) intake_->stop();  // commits appends still waiting for their batch
  if (processor_) processor_->stop();
  if (workers_) workers_->stop();
  if (listener_) listener_->stop();
  if (hub_) hub_->stop();
}

int App::serve() {
  if (config_.workers_only) {
    // A worker process for scale-out: background jobs and webhook processing, no HTTP.
    workers_->start();
    processor_->start();
    std::cout << "workers running (no HTTP: --workers-only)" << std::endl;
    wait_for_stop_signal();
    stop_background();
    db_->close();
    return 0;
  }
  http::ServerOptions opts;
  opts.bind = config_.bind;
  opts.port = config_.port;
  opts.io_threads = config_.io_threads;
  opts.handler_threads = config_.handler_threads;
  opts.trusted_proxies = config_.trusted_proxies;
  start_background();
  hub_->start();
  if (listener_) listener_->start();
  http::Server server(opts, api_->application());
  uint16_t port = server.start();
  if (config_.demo) print_demo_credentials(config_, port);
  std::cout << "listening on http://" << config_.bind << ":" << port << std::endl;
  server.run_until_signal();
  stop_background();  // jobs in hand finish or give their lease back; then the writer flushes
  db_->close();
  spdlog::info(R"({"msg":"stopped cleanly"})");
  return 0;
}

}  // namespace sb::app
