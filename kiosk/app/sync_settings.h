// Turns the kiosk config into the sync engine's settings: validates the URL and reads the
// token file, so the kiosk and kioskctl refuse the same set-ups with the same words.
// Threads: any (reads files only).
#pragma once

#include "kiosk/app/config.h"
#include "base/result.h"
#include "sync/sync_engine.h"

namespace kiosk {

base::Result<netsync::SyncSettings> SyncSettingsFrom(const KioskConfig& config, const std::string& app_version);

} // namespace kiosk
