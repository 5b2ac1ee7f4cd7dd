// The district server's HTTP front: the public HSDS read API and the kiosk endpoints of
// docs/sync-protocol.md, with bearer-token auth, per-kiosk rate limits, a body limit and
// field-naming 400s. cpp-httplib. As shipped it serves plain HTTP on a Unix socket behind
// nginx, which holds TLS and slow or oversized clients (server/deploy/nginx-site.conf);
// with a certificate and key it serves HTTPS on a TCP port itself (development and tests).
// Threads: Bind() and Run() on one thread; Stop() from any thread. Requests are served on a
// pool of worker threads, all sharing one DistrictStore.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "server/console_api.h"
#include "server/district_store.h"
#include "base/result.h"

namespace district {

struct ServerOptions {
    std::string cert_file;                 // PEM certificate chain
    std::string key_file;                  // PEM private key
    std::string unix_socket;               // plain HTTP on this Unix socket, behind nginx (the shipped set-up);
                                           // "" = HTTPS on host:port with cert_file/key_file
    std::string host = "127.0.0.1";
    int port = 8443;                       // 0 = any free port (tests)
    size_t max_body_bytes = 4u << 20;      // larger requests get 413
    int max_batch = 500;                   // check-ins a request
    double requests_per_second = 50;       // per kiosk token, sustained
    double burst = 100;                    // per kiosk token, at once
    int per_page_cap = 200;
    int default_per_page = 50;
    int threads = 64;                      // worker threads; each serves one connection at a time
    int requests_per_connection = 20;      // then the connection closes, so no kiosk holds a worker for long
    std::function<void(const std::string&)> log;  // one line per request; never holds a token
    ConsoleOptions console;                // the web console's API under /admin/api/
};

class HttpServer {
public:
    HttpServer(DistrictStore& store, ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Loads the certificate and key and binds the address (or the Unix socket, returning 0).
    // Returns the port, or a message
    // saying what is wrong (missing key, port in use, ...).
    base::Result<int> Bind();
    void Run();    // serves until Stop()
    void Stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace district
