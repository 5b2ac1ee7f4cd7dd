// sync/https_client.h over real HTTPS on loopback, against a test server with a throwaway CA
// made by openssl (scripts/make-loopback-certs). TLS verification is never turned off.
#include <httplib.h>

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sync/https_client.h"
#include "sync/token_file.h"

using namespace netsync;

namespace {

std::string Cert(const std::string& name) { return std::string(KIOSK_TEST_CERTS) + "/" + name; }

std::string ReadFirstLine(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// A small HTTPS server on 127.0.0.1 and a free port, stopped when it goes out of scope.
struct TestServer {
    httplib::SSLServer server{Cert("server.pem").c_str(), Cert("server.key").c_str()};
    std::thread thread;
    int port = 0;
    std::string last_user_agent, last_body, last_authorization;

    TestServer() {
        server.Get("/hello", [this](const httplib::Request& req, httplib::Response& res) {
            last_user_agent = req.get_header_value("User-Agent");
            last_authorization = req.get_header_value("Authorization");
            res.set_header("ETag", "\"v1\"");
            res.set_content("{\"ok\":true}", "application/json");
        });
        server.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
            last_body = req.body;
            res.set_content(req.body, "application/json");
        });
        server.Get("/moved", [](const httplib::Request&, httplib::Response& res) {
            res.set_redirect("https://127.0.0.1:1/elsewhere");
        });
        server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2500));
            res.set_content("late", "text/plain");
        });
        port = server.bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server.listen_after_bind(); });
        for (int i = 0; i < 200 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ~TestServer() {
        server.stop();
        thread.join();
    }
    std::string Url() const { return "https://127.0.0.1:" + std::to_string(port) + "/"; }
};

TlsOptions WithCa(const std::string& ca) {
    TlsOptions tls;
    tls.ca_file = Cert(ca);
    return tls;
}

} // namespace

TEST_CASE("a request to a server signed by the configured CA succeeds, with headers and body") {
    TestServer server;
    HttpsClient client(server.Url(), WithCa("ca.pem"), "kiosk/0.1.0");
    auto response = client.Get("hello", {{"Authorization", "Bearer secret-token"}});
    REQUIRE_MESSAGE(response.Ok(), response.Error());
    CHECK(response->status == 200);
    CHECK(response->body == "{\"ok\":true}");
    CHECK(response->Header("etag") == "\"v1\"");
    CHECK(server.last_user_agent == "kiosk/0.1.0");
    CHECK(server.last_authorization == "Bearer secret-token");
    // The same client again: the connection is reused, and a POST carries its body.
    auto echo = client.Post("echo", "{\"records\":[]}");
    REQUIRE(echo.Ok());
    CHECK(echo->body == "{\"records\":[]}");
    CHECK(server.last_body == "{\"records\":[]}");
}

TEST_CASE("a server signed by another CA is refused, never trusted as a fallback") {
    TestServer server;
    HttpsClient client(server.Url(), WithCa("other-ca.pem"), "kiosk/test");
    auto response = client.Get("hello");
    REQUIRE_FALSE(response.Ok());
    CHECK(client.LastFailure() == FailureKind::Tls);
    CHECK(response.Error().find("curl error") != std::string::npos);
    // And with no CA configured the system store does not know the test CA either.
    HttpsClient system_only(server.Url(), TlsOptions{}, "kiosk/test");
    CHECK_FALSE(system_only.Get("hello").Ok());
}

TEST_CASE("a pinned public key must match") {
    TestServer server;
    TlsOptions right = WithCa("ca.pem");
    right.pinned_pubkey = ReadFirstLine(Cert("pin.txt"));
    HttpsClient pinned(server.Url(), right, "kiosk/test");
    CHECK(pinned.Get("hello").Ok());
    TlsOptions wrong = WithCa("ca.pem");
    wrong.pinned_pubkey = ReadFirstLine(Cert("other-pin.txt"));
    HttpsClient mispinned(server.Url(), wrong, "kiosk/test");
    auto response = mispinned.Get("hello");
    REQUIRE_FALSE(response.Ok());
    CHECK(mispinned.LastFailure() == FailureKind::Tls);
}

TEST_CASE("http:// is refused before anything is sent") {
    auto checked = ValidateServerUrl("http://127.0.0.1:8080/");
    REQUIRE_FALSE(checked.Ok());
    CHECK(checked.Error().find("only syncs over https://") != std::string::npos);
    CHECK_FALSE(ValidateServerUrl("ftp://example.org").Ok());
    CHECK_FALSE(ValidateServerUrl("https://").Ok());
    CHECK(ValidateServerUrl("https://district.example.org/api").Value() == "https://district.example.org/api/");
    HttpsClient client("http://127.0.0.1:9/", TlsOptions{}, "kiosk/test");
    auto response = client.Get("hello");
    REQUIRE_FALSE(response.Ok());
    CHECK(response.Error().find("https://") != std::string::npos);
}

TEST_CASE("redirects are not followed") {
    TestServer server;
    HttpsClient client(server.Url(), WithCa("ca.pem"), "kiosk/test");
    auto response = client.Get("moved");
    REQUIRE(response.Ok());
    CHECK(response->status == 302);
}

TEST_CASE("a server that stops sending is given up on by the low-speed limit") {
    TestServer server;
    TlsOptions tls = WithCa("ca.pem");
    tls.low_speed_bytes_per_second = 1000;
    tls.low_speed_seconds = 1;
    HttpsClient client(server.Url(), tls, "kiosk/test");
    auto response = client.Get("slow");
    REQUIRE_FALSE(response.Ok());
    CHECK(client.LastFailure() == FailureKind::Timeout);
}

TEST_CASE("nobody listening is a network failure with curl's words") {
    int port = 0;
    {
        TestServer server;  // find a port that was free, then close it
        port = server.port;
    }
    HttpsClient client("https://127.0.0.1:" + std::to_string(port) + "/", WithCa("ca.pem"), "kiosk/test");
    auto response = client.Get("hello");
    REQUIRE_FALSE(response.Ok());
    CHECK(client.LastFailure() == FailureKind::Network);
    CHECK(response.Error().find("127.0.0.1") != std::string::npos);
}

TEST_CASE("the token file must be readable by the kiosk user only, and is never echoed") {
    const std::string dir = std::string(KIOSK_TEST_CERTS) + "/token-test";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/token";
    {
        std::ofstream out(path);
        out << "s3cret-token\n";
    }
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto good = LoadToken(path);
    REQUIRE(good.Ok());
    CHECK(good.Value() == "s3cret-token");
    std::filesystem::permissions(path, std::filesystem::perms::others_read, std::filesystem::perm_options::add);
    auto open = LoadToken(path);
    REQUIRE_FALSE(open.Ok());
    CHECK(open.Error().find("chmod 600") != std::string::npos);
    CHECK(open.Error().find("s3cret") == std::string::npos);
    CHECK_FALSE(LoadToken(dir + "/missing").Ok());
    CHECK_FALSE(LoadToken("").Ok());
}
