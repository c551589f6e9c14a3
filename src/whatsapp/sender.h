#pragma once
// The background side of the channel, as job handlers: sending queued messages through the
// Graph API (or the sandbox), the sandbox's simulated delivery reports, and downloading
// inbound media before Meta's URL expires.
#include <string>

#include "inbox/inbox_service.h"
#include "jobs/worker_pool.h"
#include "whatsapp/account_service.h"
#include "whatsapp/graph_client.h"

namespace sb::whatsapp {

class Sender {
 public:
  static constexpr const char* kSandboxStatusJob = "sandbox.status";

  Sender(storage::Database& db, inbox::InboxService& inbox, AccountService& accounts, jobs::JobQueue& jobs,
         const GraphClient& graph, const Clock& clock, std::string media_dir);
  void register_with(jobs::WorkerPool& workers);

  Result<nlohmann::json> send(jobs::JobContext& ctx);
  Result<nlohmann::json> sandbox_status(jobs::JobContext& ctx);
  Result<nlohmann::json> download_media(jobs::JobContext& ctx);

  // Where a message's downloaded media lives.
  std::string media_path(const BusinessId& business, const std::string& message_id) const;

 private:
  Result<nlohmann::json> send_sandbox(const tenancy::TenantScope& scope, const inbox::Message& m);
  void fail_message(const tenancy::TenantScope& scope, const inbox::Message& m, const nlohmann::json& error);

  storage::Database& db_;
  inbox::InboxService& inbox_;
  AccountService& accounts_;
  jobs::JobQueue& jobs_;
  const GraphClient& graph_;
  const Clock& clock_;
  std::string media_dir_;
  jobs::WorkerPool* workers_ = nullptr;
};

// The Graph API body for a queued message (whatsapp-cloud-api.md §4).
nlohmann::json graph_message_body(const inbox::Message& m, const std::string& to);

}  // namespace sb::whatsapp
