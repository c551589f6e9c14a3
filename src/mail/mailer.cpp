#include "mail/mailer.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/ids.h"

namespace sb::mail {
namespace {

class LogMailer final : public Mailer {
 public:
  Status send(const Email& e) override {
    nlohmann::json line = {{"msg", "email not sent (no SMTP configured)"}, {"to", e.to}, {"subject", e.subject}, {"text", e.text}};
    spdlog::info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return {};
  }
  bool delivers() const override { return false; }
};

struct Upload {
  std::string data;
  size_t offset = 0;
};

size_t read_chunk(char* buffer, size_t size, size_t nitems, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  size_t n = std::min(size * nitems, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

// Header values must not carry line breaks (header injection through a name or subject).
std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\r' || c == '\n') c = ' ';
  return s;
}

class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(std::string url, std::string from) : url_(std::move(url)), from_(std::move(from)) {}

  Status send(const Email& e) override {
    CURL* curl = curl_easy_init();
    if (!curl) return fail(Error::internal("could not start an SMTP client"));
    Upload up;
    up.data = "Date: " + to_rfc3339(SystemClock().now_ms()) + "\r\nTo: <" + one_line(e.to) + ">\r\nFrom: <" + from_ +
              ">\r\nMessage-ID: <" + new_id() + "@switchboard>\r\nSubject: " + one_line(e.subject) +
              "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + e.text + "\r\n";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + one_line(e.to) + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from_ + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_chunk);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
      spdlog::warn(nlohmann::json({{"msg", "smtp send failed"}, {"to", e.to}, {"error", curl_easy_strerror(rc)}}).dump());
      return fail(Error{ErrorKind::unavailable, "email_failed", "The email could not be sent.", {}, {}, {}});
    }
    return {};
  }
  bool delivers() const override { return true; }

 private:
  std::string url_;
  std::string from_;
};

}  // namespace

std::unique_ptr<Mailer> make_smtp_mailer(const std::string& url, const std::string& from) {
  return std::make_unique<SmtpMailer>(url, from);
}
std::unique_ptr<Mailer> make_log_mailer() { return std::make_unique<LogMailer>(); }

}  // namespace sb::mail
