#pragma once
// Wiring: constructs every component in dependency order and owns their lifetimes.
// No singletons, no globals: what a component needs arrives through its constructor.
#include <memory>
#include <optional>
#include <string>

#include "api/api.h"
#include "api/metrics.h"
#include "app/config.h"
#include "audit/audit.h"
#include "auth/auth_service.h"
#include "contacts/contact_export.h"
#include "contacts/contact_import.h"
#include "contacts/contact_service.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "jobs/job_queue.h"
#include "jobs/worker_pool.h"
#include "mail/mailer.h"
#include "storage/database.h"
#include "tenancy/business_service.h"
#include "tenancy/team_service.h"
#include "tenancy/tenant_gate.h"
#include "events/event_hub.h"
#include "inbox/inbox_service.h"
#include "storage/postgres/pg_listener.h"
#include "whatsapp/account_service.h"
#include "whatsapp/graph_client.h"
#include "whatsapp/sender.h"
#include "whatsapp/webhook_processor.h"
#include "web/web_assets.h"

namespace sb::app {

class App {
 public:
  explicit App(Config config);
  ~App();

  int serve();
  const Config& config() const { return config_; }
  auth::AuthService& auth() { return *auth_; }
  tenancy::BusinessService& businesses() { return *businesses_; }
  tenancy::TeamService& team() { return *team_; }
  contacts::ContactService& contacts() { return *contacts_; }
  storage::Database& db() { return *db_; }
  jobs::JobQueue& jobs() { return *jobs_; }
  inbox::InboxService& inbox() { return *inbox_; }
  whatsapp::AccountService& whatsapp() { return *accounts_; }

 private:
  void register_routes();
  void start_background();
  void stop_background();

  Config config_;
  SystemClock clock_;
  api::Metrics metrics_;
  std::unique_ptr<storage::Database> db_;
  std::optional<crypto::SecretBox> secrets_;
  std::unique_ptr<mail::Mailer> mailer_;
  auth::PasswordHasher hasher_;
  auth::LoginThrottle throttle_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<tenancy::TenantGate> gate_;
  std::unique_ptr<tenancy::BusinessService> businesses_;
  std::unique_ptr<tenancy::TeamService> team_;
  std::unique_ptr<contacts::ContactService> contacts_;
  std::unique_ptr<jobs::JobQueue> jobs_;
  std::unique_ptr<contacts::ContactImporter> importer_;
  std::unique_ptr<contacts::ContactExporter> exporter_;
  std::unique_ptr<jobs::WorkerPool> workers_;
  std::unique_ptr<whatsapp::GraphClient> graph_;
  std::unique_ptr<whatsapp::AccountService> accounts_;
  std::unique_ptr<events::EventLog> event_log_;
  std::unique_ptr<events::EventHub> hub_;
  std::unique_ptr<storage::PgListener> listener_;
  std::unique_ptr<inbox::InboxService> inbox_;
  std::unique_ptr<storage::Database> intake_db_;  // SQLite only: the intake's own file
  std::unique_ptr<whatsapp::WebhookInbox> intake_;
  std::unique_ptr<whatsapp::WebhookProcessor> processor_;
  std::unique_ptr<whatsapp::Sender> sender_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<web::WebAssets> web_;
};

// Reads the master key from config (base64) or <data_dir>/master.key, creating the file
// (mode 0600) on first start.
std::string load_master_key(const Config& config);

}  // namespace sb::app
