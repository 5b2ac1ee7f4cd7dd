// libcurl HTTPS client. See https_client.h.
#include "sync/https_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace netsync {

namespace {

size_t OnBody(char* data, size_t size, size_t count, void* context) {
    auto* body = static_cast<std::string*>(context);
    body->append(data, size * count);
    return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* context) {
    auto* headers = static_cast<std::map<std::string, std::string>*>(context);
    std::string line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        std::string value = line.substr(colon + 1);
        const auto begin = value.find_first_not_of(" \t");
        const auto end = value.find_last_not_of(" \t\r\n");
        (*headers)[name] = begin == std::string::npos ? std::string() : value.substr(begin, end - begin + 1);
    } else if (line.rfind("HTTP/", 0) == 0) {
        headers->clear();  // a new response (after 100 Continue): only its headers count
    }
    return size * count;
}

} // namespace

void GlobalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string HttpResponse::Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

base::Result<std::string> ValidateServerUrl(const std::string& url) {
    using R = base::Result<std::string>;
    if (url.empty()) return R::Fail("no server_url is configured");
    if (url.rfind("http://", 0) == 0) {
        return R::Fail("server_url " + url + " is http://; the kiosk only syncs over https:// so records are never sent in the clear");
    }
    if (url.rfind("https://", 0) != 0) return R::Fail("server_url " + url + " must start with https://");
    CURLU* parsed = curl_url();
    const CURLUcode rc = curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0);
    const auto part = [&](CURLUPart which) {
        char* text = nullptr;
        std::string value;
        if (rc == CURLUE_OK && curl_url_get(parsed, which, &text, 0) == CURLUE_OK && text) value = text;
        curl_free(text);
        return value;
    };
    const std::string host = part(CURLUPART_HOST), port = part(CURLUPART_PORT), user = part(CURLUPART_USER),
                      password = part(CURLUPART_PASSWORD), query = part(CURLUPART_QUERY), fragment = part(CURLUPART_FRAGMENT);
    curl_url_cleanup(parsed);
    if (rc != CURLUE_OK || host.empty()) return R::Fail("server_url " + url + " is not a valid URL with a host name");
    if (!user.empty() || !password.empty()) {
        return R::Fail("server_url must not hold a user name or password (the kiosk's token, in token_file, is its credential)");
    }
    if (!port.empty()) {
        const bool digits = port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoi(port) < 1 || std::stoi(port) > 65535) return R::Fail("server_url " + url + ": the port must be 1 to 65535");
    }
    if (!query.empty() || !fragment.empty()) return R::Fail("server_url " + url + " must not have a query (?) or fragment (#)");
    return url.back() == '/' ? url : url + "/";
}

HttpsClient::HttpsClient(std::string base_url, TlsOptions tls, std::string user_agent)
    : m_base_url(std::move(base_url)), m_tls(std::move(tls)), m_user_agent(std::move(user_agent)) {
    GlobalInit();
    m_curl = curl_easy_init();
}

HttpsClient::~HttpsClient() { curl_easy_cleanup(static_cast<CURL*>(m_curl)); }

base::Result<HttpResponse> HttpsClient::Get(const std::string& path, const std::map<std::string, std::string>& headers) {
    return Perform("GET", path, nullptr, headers);
}

base::Result<HttpResponse> HttpsClient::Post(const std::string& path, const std::string& json_body,
                                                const std::map<std::string, std::string>& headers) {
    return Perform("POST", path, &json_body, headers);
}

base::Result<HttpResponse> HttpsClient::Perform(const std::string& method, const std::string& path, const std::string* body,
                                                   const std::map<std::string, std::string>& headers) {
    using R = base::Result<HttpResponse>;
    auto base = ValidateServerUrl(m_base_url);
    if (!base) return R::Fail(base.Error());
    CURL* curl = static_cast<CURL*>(m_curl);
    if (!curl) return R::Fail("libcurl could not be initialised");
    curl_easy_reset(curl);  // keeps the connection cache; forgets the last request's options

    const std::string url = base.Value() + (path.rfind('/', 0) == 0 ? path.substr(1) : path);
    HttpResponse response;
    char error_buffer[CURL_ERROR_SIZE] = {};
    curl_slist* header_list = nullptr;
    for (const auto& [name, value] : headers) header_list = curl_slist_append(header_list, (name + ": " + value).c_str());
    if (body) header_list = curl_slist_append(header_list, "Content-Type: application/json");
    header_list = curl_slist_append(header_list, "Expect:");  // no 100-continue round trip

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https");        // https only, even if a URL says otherwise
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);             // never follow redirects
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);             // always verify; there is no switch to turn it off
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!m_tls.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, m_tls.ca_file.c_str());
    if (!m_tls.pinned_pubkey.empty()) curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, m_tls.pinned_pubkey.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);                   // safe on the sync thread
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, m_tls.connect_timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, m_tls.low_speed_bytes_per_second);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, m_tls.low_speed_seconds);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, m_user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");            // gzip when the server offers it
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    } else if (method != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    }

    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(header_list);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (rc != CURLE_OK) {
        switch (rc) {
            case CURLE_OPERATION_TIMEDOUT: m_last_failure = FailureKind::Timeout; break;
            case CURLE_PEER_FAILED_VERIFICATION:
            case CURLE_SSL_CONNECT_ERROR:
            case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            case CURLE_SSL_CACERT_BADFILE:
            case CURLE_SSL_CERTPROBLEM: m_last_failure = FailureKind::Tls; break;
            case CURLE_COULDNT_CONNECT:
            case CURLE_COULDNT_RESOLVE_HOST:
            case CURLE_RECV_ERROR:
            case CURLE_SEND_ERROR:
            case CURLE_GOT_NOTHING:
            case CURLE_PARTIAL_FILE: m_last_failure = FailureKind::Network; break;
            default: m_last_failure = FailureKind::Other; break;
        }
        std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(rc);
        return R::Fail(method + " " + url + " failed: " + detail + " (curl error " + std::to_string(rc) + ")");
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

} // namespace netsync
