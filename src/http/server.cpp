#include "http/server.h"

#include "core/thread_name.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/crypto.h"
#include "core/signals.h"

namespace sb::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

struct Server::Impl {
  ServerOptions opt;
  Application app;
  asio::io_context ioc;
  asio::thread_pool pool;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::atomic<bool> draining{false};
  std::atomic<uint64_t> request_seq{0};
  std::string id_prefix = crypto::to_hex(crypto::random_bytes(4));

  // Live connections, so that stop() can close the idle ones. The pointers are only
  // dereferenced on the connection's own strand, after re-checking the registry.
  struct Live {
    asio::any_io_executor strand;
    beast::tcp_stream* stream;
    bool idle;
    std::shared_ptr<StreamSource> source;  // set while the connection streams events
  };
  std::mutex mu;
  std::condition_variable drained;
  std::unordered_map<uint64_t, Live> live;
  uint64_t next_conn = 0;
  bool stopped = false;

  Impl(ServerOptions o, Application a)
      : opt(std::move(o)), app(std::move(a)), ioc(opt.io_threads), pool(static_cast<size_t>(opt.handler_threads)),
        acceptor(ioc) {}

  std::string next_request_id() { return id_prefix + "-" + std::to_string(++request_seq); }

  void set_idle(uint64_t id, bool idle) {
    std::lock_guard lock(mu);
    if (auto it = live.find(id); it != live.end()) it->second.idle = idle;
  }

  Request to_request(bhttp::request<bhttp::string_body>&& msg, const std::string& remote_ip) {
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    std::string_view target = req.target;
    size_t q = target.find('?');
    auto path = url_decode(target.substr(0, q), false);
    req.path = path ? *path : std::string();  // an undecodable path matches no route: 404
    if (q != std::string_view::npos) req.query = parse_query(target.substr(q + 1));
    req.headers.reserve(8);
    for (const auto& f : msg) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    req.body = std::move(msg.body());
    req.remote_ip = client_address(req, remote_ip);
    auto given = req.header("x-request-id");
    req.request_id = given && valid_request_id(*given) ? std::string(*given) : next_request_id();
    return req;
  }

  bool trusted(std::string_view ip) const {
    return std::find(opt.trusted_proxies.begin(), opt.trusted_proxies.end(), ip) != opt.trusted_proxies.end();
  }

  std::string client_address(const Request& req, const std::string& peer) const {
    if (opt.trusted_proxies.empty() || !trusted(peer)) return peer;
    auto forwarded = req.header("x-forwarded-for");
    if (!forwarded) return peer;
    std::string_view list = *forwarded;
    while (!list.empty()) {
      size_t comma = list.rfind(',');
      std::string_view item = comma == std::string_view::npos ? list : list.substr(comma + 1);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      boost::system::error_code ec;
      auto addr = asio::ip::make_address(std::string(item), ec);
      if (ec) return peer;  // a malformed entry: believe only what we saw ourselves
      std::string text = addr.to_string();
      if (!trusted(text)) return text;
    }
    return peer;
  }

  // `head`: the answer to HEAD, headers only, with the length the GET body would have
  // (none for a body produced piece by piece).
  static bhttp::response<bhttp::string_body> to_beast(Response&& r, const std::string& request_id, bool keep_alive,
                                                      bool head = false, bool had_chunks = false) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), 11};
    if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
    res.set("X-Request-Id", request_id);
    for (auto& [k, v] : r.headers) res.insert(k, v);
    res.keep_alive(keep_alive);
    if (head) {
      if (!had_chunks) res.content_length(r.body.size());
      return res;
    }
    res.body() = std::move(r.body);
    res.prepare_payload();
    return res;
  }

  asio::awaitable<void> write_refusal(beast::tcp_stream& stream, int status, std::string_view code,
                                      std::string_view detail) {
    Response r = app.refuse(status, code, detail);
    auto res = to_beast(std::move(r), next_request_id(), false);
    boost::system::error_code ec;
    stream.expires_after(opt.write_timeout);
    co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
  }

  // Header first, then each piece from the source as a chunk, pulled on the handler pool.
  asio::awaitable<bool> write_chunked(beast::tcp_stream& stream, Response resp, const std::string& request_id,
                                      bool keep_alive) {
    boost::system::error_code ec;
    bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(resp.status), 11};
    if (!resp.content_type.empty()) head.set(bhttp::field::content_type, resp.content_type);
    head.set("X-Request-Id", request_id);
    for (auto& [k, v] : resp.headers) head.insert(k, v);
    head.keep_alive(keep_alive);
    head.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> sr{head};
    stream.expires_after(opt.write_timeout);
    co_await bhttp::async_write_header(stream, sr, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
    ChunkSource source = std::move(resp.chunks);
    for (;;) {
      std::optional<std::string> piece;
      try {
        piece = co_await asio::co_spawn(
            pool, [&source]() -> asio::awaitable<std::optional<std::string>> { co_return source(); }, asio::use_awaitable);
      } catch (const std::exception&) {
        co_return false;  // the producer failed mid-answer: cut the connection, the client sees it incomplete
      }
      stream.expires_after(opt.write_timeout);
      if (!piece) {
        co_await asio::async_write(stream, bhttp::make_chunk_last(), asio::redirect_error(asio::use_awaitable, ec));
        co_return !ec;
      }
      if (piece->empty()) continue;
      co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(*piece)), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return false;
    }
  }

  // Waits for the source's next piece without blocking a thread: the source's callback
  // resumes this coroutine on the connection's own executor.
  template <typename Token>
  static auto async_next(StreamSource& source, Token&& token) {
    return asio::async_initiate<Token, void(std::optional<std::string>)>(
        [&source](auto handler) {
          auto ex = asio::get_associated_executor(handler);
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          source.next([shared, ex](std::optional<std::string> piece) {
            asio::post(ex, [shared, piece = std::move(piece)]() mutable { (*shared)(std::move(piece)); });
          });
        },
        token);
  }

  // Waits for a deferred answer the same way: the completion resumes this coroutine on the
  // connection's executor.
  template <typename Token>
  static auto async_later(std::function<void(Completion)> later, Token&& token) {
    return asio::async_initiate<Token, void(Response)>(
        [later = std::move(later)](auto handler) {
          auto ex = asio::get_associated_executor(handler);
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          later([shared, ex](Response r) {
            asio::post(ex, [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
          });
        },
        token);
  }

  asio::awaitable<void> write_stream(beast::tcp_stream& stream, Response resp, const std::string& request_id,
                                     uint64_t conn_id) {
    boost::system::error_code ec;
    std::shared_ptr<StreamSource> source = std::move(resp.stream);
    {
      std::lock_guard lock(mu);
      if (auto it = live.find(conn_id); it != live.end()) it->second.source = source;
    }
    if (draining) source->cancel();
    bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(resp.status), 11};
    if (!resp.content_type.empty()) head.set(bhttp::field::content_type, resp.content_type);
    head.set("X-Request-Id", request_id);
    for (auto& [k, v] : resp.headers) head.insert(k, v);
    head.keep_alive(false);  // a stream ends with its connection
    head.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> sr{head};
    stream.expires_after(opt.write_timeout);
    co_await bhttp::async_write_header(stream, sr, asio::redirect_error(asio::use_awaitable, ec));
    while (!ec) {
      stream.expires_never();  // waiting for events is not a slow client
      std::optional<std::string> piece = co_await async_next(*source, asio::use_awaitable);
      stream.expires_after(opt.write_timeout);
      if (!piece) {
        co_await asio::async_write(stream, bhttp::make_chunk_last(), asio::redirect_error(asio::use_awaitable, ec));
        break;
      }
      if (piece->empty()) continue;
      co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(*piece)), asio::redirect_error(asio::use_awaitable, ec));
    }
    source->cancel();  // the client went away or the source ended: release its subscription
  }

  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    boost::system::error_code ec;
    std::string remote_ip = stream.socket().remote_endpoint(ec).address().to_string();
    uint64_t id;
    asio::any_io_executor strand = co_await asio::this_coro::executor;
    {
      std::lock_guard lock(mu);
      id = ++next_conn;
      live.emplace(id, Live{strand, &stream, true, nullptr});
    }
    beast::flat_buffer buffer;
    try {
      co_await serve_connection(stream, buffer, remote_ip, id);
    } catch (const std::exception&) {
      // A broken connection or a handler that threw past the application's own guard:
      // either way this connection is over; the rest of the server is unaffected.
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    {
      std::lock_guard lock(mu);
      live.erase(id);
    }
    drained.notify_all();
  }

  asio::awaitable<void> serve_connection(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                         const std::string& remote_ip, uint64_t id) {
    boost::system::error_code ec;
    for (uint64_t served = 0;; ++served) {
      if (draining) co_return;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
      // The route's own limit is applied once the header says which route this is; until
      // then nothing may trip Beast's 1 MiB default while it reads Content-Length.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      // Between requests of a kept-alive connection the idle timeout applies; a new
      // connection must send its first request within the read timeout.
      bool between_requests = served > 0 && buffer.size() == 0;
      set_idle(id, between_requests);
      stream.expires_after(between_requests ? opt.idle_timeout : opt.read_timeout);
      co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      set_idle(id, false);
      if (ec == bhttp::error::body_limit) {
        co_await write_refusal(stream, 413, "payload_too_large", "The body is larger than this route accepts.");
        co_return;
      }
      if (ec == bhttp::error::header_limit) {
        co_await write_refusal(stream, 431, "headers_too_large", "Request headers exceed 16 KiB.");
        co_return;
      }
      if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout)
        co_return;
      if (ec) {
        co_await write_refusal(stream, 400, "malformed_request", "The request is not valid HTTP/1.1.");
        co_return;
      }
      auto& header = parser.get();
      std::string_view target = header.target();
      std::string_view path = target.substr(0, target.find('?'));
      size_t limit = app.body_limit(header.method_string(), path);
      parser.body_limit(limit);
      if (parser.content_length() && *parser.content_length() > limit) {
        co_await write_refusal(stream, 413, "payload_too_large",
                               "The body is larger than this route accepts (" + std::to_string(limit) + " bytes).");
        co_return;
      }
      if (auto expect = header[bhttp::field::expect]; beast::iequals(expect, "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
        co_await bhttp::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
      }
      stream.expires_after(opt.read_timeout);
      co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      if (ec == bhttp::error::body_limit) {
        co_await write_refusal(stream, 413, "payload_too_large",
                               "The body is larger than this route accepts (" + std::to_string(limit) + " bytes).");
        co_return;
      }
      if (ec) co_return;

      bool keep_alive = parser.get().keep_alive();
      Request req = to_request(parser.release(), remote_ip);
      Response resp;
      if (app.runs_inline(req.method, req.path)) {
        resp = app.handle(req);
      } else {
        // Handlers block (database, password hashing): run them on the pool and come back
        // to this connection's strand when they are done.
        resp = co_await asio::co_spawn(
            pool, [this, &req]() -> asio::awaitable<Response> { co_return app.handle(req); }, asio::use_awaitable);
      }
      if (resp.later) resp = co_await async_later(std::move(resp.later), asio::use_awaitable);
      keep_alive = keep_alive && !draining;
      if (req.method == "HEAD") {
        // Never a body after HEAD, or the next response on this connection is misread.
        bool had_chunks = resp.chunks || resp.stream;
        if (resp.stream) resp.stream->cancel();
        resp.stream.reset();
        resp.chunks = nullptr;
        auto res = to_beast(std::move(resp), req.request_id, keep_alive, true, had_chunks);
        stream.expires_after(opt.write_timeout);
        co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !keep_alive) co_return;
        continue;
      }
      if (resp.stream) {
        co_await write_stream(stream, std::move(resp), req.request_id, id);
        co_return;
      }
      if (resp.chunks) {
        bool ok = co_await write_chunked(stream, std::move(resp), req.request_id, keep_alive);
        if (!ok || !keep_alive) co_return;
        continue;
      }
      auto res = to_beast(std::move(resp), req.request_id, keep_alive);
      stream.expires_after(opt.write_timeout);
      co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !keep_alive) co_return;
    }
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(asio::make_strand(ioc), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
        // Out of file descriptors and the like: back off briefly instead of spinning.
        asio::steady_timer t(ioc, std::chrono::milliseconds(50));
        co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      {
        std::lock_guard lock(mu);
        if (live.size() >= opt.max_connections) {
          socket.close(ec);  // shed load rather than run out of file descriptors
          continue;
        }
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto ex = socket.get_executor();
      asio::co_spawn(ex, session(std::move(socket)), asio::detached);
    }
  }

  void close_idle_connections() {
    std::lock_guard lock(mu);
    for (auto& [id, conn] : live) {
      uint64_t conn_id = id;
      asio::post(conn.strand, [this, conn_id] {
        std::lock_guard inner(mu);
        auto it = live.find(conn_id);
        if (it != live.end() && it->second.idle) {
          boost::system::error_code ignored;
          it->second.stream->socket().cancel(ignored);
        }
        if (it != live.end() && it->second.source) it->second.source->cancel();  // end event streams
      });
    }
  }
};

Server::Server(ServerOptions options, Application app)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(app))) {}

Server::~Server() { stop(); }

uint16_t Server::start() {
  auto& s = *impl_;
  tcp::endpoint ep(asio::ip::make_address(s.opt.bind), s.opt.port);
  s.acceptor.open(ep.protocol());
  s.acceptor.set_option(asio::socket_base::reuse_address(true));
  s.acceptor.bind(ep);
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  uint16_t port = s.acceptor.local_endpoint().port();
  s.work.emplace(s.ioc.get_executor());
  asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
  for (int i = 0; i < s.opt.io_threads; ++i) s.threads.emplace_back([&s] {
      name_this_thread("sb-io");
      s.ioc.run();
    });
  return port;
}

void Server::stop() {
  auto& s = *impl_;
  {
    std::lock_guard lock(s.mu);
    if (s.stopped) return;
    s.stopped = true;
  }
  if (s.threads.empty()) return;
  s.draining = true;
  asio::post(s.ioc, [&s] {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
  });
  s.close_idle_connections();
  {
    std::unique_lock lock(s.mu);
    s.drained.wait_for(lock, s.opt.drain_timeout, [&] { return s.live.empty(); });
  }
  s.work.reset();
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  s.pool.join();
}

void Server::wait() {
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
}

void Server::run_until_signal() {
  // The caller blocked SIGTERM/SIGINT in every thread (app/main does it before starting
  // any), so they queue here instead of killing a random thread.
  wait_for_stop_signal();
  stop();
}

}  // namespace sb::http
