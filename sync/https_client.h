// HTTPS requests with libcurl for the sync engine: TLS verification always on, an optional
// private CA and public-key pin, https only, no redirects, a connect timeout and a low-speed
// limit instead of one hard timeout, and one easy handle kept per client so the connection
// stays alive between requests.
// Threads: call GlobalInit() once before any thread starts. An HttpsClient belongs to the
// thread that uses it (one per thread).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "base/result.h"

namespace netsync {

void GlobalInit();  // curl_global_init, once per process, before threads

struct TlsOptions {
    std::string ca_file;              // PEM bundle of the district's CA; "" = the system's CAs
    std::string pinned_pubkey;        // "sha256//BASE64"; "" = no pin
    long connect_timeout_seconds = 10;
    long low_speed_bytes_per_second = 64;  // slower than this ...
    long low_speed_seconds = 20;           // ... for this long: the transfer is given up
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
    std::string Header(const std::string& lower_name) const;
};

enum class FailureKind { Network, Timeout, Tls, Other };

// Checks a configured server URL: https only, with a host. Returns the URL with one trailing
// slash, or a message saying what is wrong.
base::Result<std::string> ValidateServerUrl(const std::string& url);

class HttpsClient {
public:
    HttpsClient(std::string base_url, TlsOptions tls, std::string user_agent);
    ~HttpsClient();
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;

    // `path` is relative to the base URL. Headers are "Name: value" lines. A reply with any
    // status is a Result value; only a failure to get a reply is an error.
    base::Result<HttpResponse> Get(const std::string& path, const std::map<std::string, std::string>& headers = {});
    base::Result<HttpResponse> Post(const std::string& path, const std::string& json_body,
                                       const std::map<std::string, std::string>& headers = {});
    FailureKind LastFailure() const { return m_last_failure; }

private:
    base::Result<HttpResponse> Perform(const std::string& method, const std::string& path, const std::string* body,
                                          const std::map<std::string, std::string>& headers);
    std::string m_base_url;
    TlsOptions m_tls;
    std::string m_user_agent;
    void* m_curl = nullptr;  // CURL*, kept so the connection is reused
    FailureKind m_last_failure = FailureKind::Other;
};

} // namespace netsync
