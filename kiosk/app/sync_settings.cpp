// See sync_settings.h.
#include "kiosk/app/sync_settings.h"

#include "sync/token_file.h"

namespace kiosk {

base::Result<netsync::SyncSettings> SyncSettingsFrom(const KioskConfig& config, const std::string& app_version) {
    using R = base::Result<netsync::SyncSettings>;
    auto url = netsync::ValidateServerUrl(config.server_url);
    if (!url) return R::Fail(url.Error());
    auto token = netsync::LoadToken(config.token_file);
    if (!token) return R::Fail(token.Error());
    netsync::SyncSettings settings;
    settings.server_url = url.Value();
    settings.tls.ca_file = config.ca_file;
    settings.tls.pinned_pubkey = config.pinned_pubkey;
    settings.token = token.Value();
    settings.default_language = config.default_language;
    settings.languages = config.languages;
    settings.app_version = app_version;
    return settings;
}

} // namespace kiosk
