// See token_file.h.
#include "sync/token_file.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace netsync {

base::Result<std::string> LoadToken(const std::string& path) {
    using R = base::Result<std::string>;
    if (path.empty()) return R::Fail("no token_file is configured; enrol the kiosk with district IT");
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) return R::Fail("token file " + path + " is missing; enrol the kiosk with district IT");
    if (info.st_mode & (S_IRWXG | S_IRWXO)) {
        return R::Fail("token file " + path + " can be read by other users; run: chmod 600 " + path);
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::string token = text.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) return R::Fail("token file " + path + " is empty");
    if (token.find_first_of(" \r\n\t") != std::string::npos) return R::Fail("token file " + path + " holds more than one token");
    return token;
}

} // namespace netsync
