// The kiosk's configuration: one JSON file, every field with a default. Unknown keys and bad
// values are refused with one line naming the key, so the kiosk never starts half-configured.
// Threads: plain values; loaded once at start-up.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "storage/schedule.h"

namespace kiosk {

struct KioskConfig {
    std::string school_name = "Riverbend Elementary";      // shown on the welcome screen
    std::string timezone = "";                             // IANA name ("America/Los_Angeles"); "" = the system's
    int idle_timeout_seconds = 60;                         // no touch this long: "Are you still there?"
    int still_there_seconds = 10;                          // then back to Welcome, everything cleared
    std::vector<std::string> languages = {"en", "es", "vi", "ar", "zh", "ht"};  // UI languages offered, in this order
    std::string default_language = "en";                   // the language a session starts in
    std::string font_regular = "";                         // "" = Noto Sans from fonts-noto-core
    std::string font_bold = "";
    std::string font_icons = "";                           // "" = Material Icons from Debian
    bool fullscreen = true;                                // --windowed overrides
    bool read_aloud = true;                                // a speaker button on service pages (espeak-ng)
    std::string audio_device = "default";                  // the ALSA device it plays on
    int window_width = 1280;                               // when windowed
    int window_height = 800;
    std::string data_dir = "/var/lib/kiosk";               // kiosk.db lives here
    std::string assets_dir = "";                           // "" = next to the binary, else the source tree
    int closes_soon_minutes = storage::kDefaultClosesSoonMinutes;  // "closes soon" within this many minutes
    // Sync (used by the sync engine)
    std::string server_url = "";                           // https:// base URL of the district server
    std::string ca_file = "";                              // the district's private CA, PEM
    std::string pinned_pubkey = "";                        // "sha256//..." (optional)
    std::string token_file = "";                           // bearer token, readable by the kiosk user only
    int sync_interval_seconds = 60;
    // Check-in (used by the check-in flow)
    int duplicate_window_seconds = 120;
    std::string student_id_pattern = "^[0-9]{3,12}$";
    int checkin_choice_seconds = 20;                       // an untouched program choice goes away, recording nothing
    // Check-in station: around program start times the kiosk opens on the keypad (not
    // Welcome) and returns to it after each student. "auto", "always" or "off".
    std::string station_mode = "auto";
    int station_minutes_before = 30;                       // "auto": from this long before a program starts
    int station_minutes_after = 30;                        // to this long after
    int retention_days = 30;
    // Staff panel
    std::string staff_pin_hash = "";                       // from `kioskctl hash-pin`; "" = the panel stays shut
    // Check-in labels (optional): a CUPS queue; "" = no printing, and nothing waits for one
    std::string label_printer = "";                        // the CUPS queue's name
    std::string label_printer_server = "";                 // "" = CUPS's default; host[:port] or a socket path
    int label_width_mm = 57;                               // the label roll (57 x 32 mm = 2.25 x 1.25 in)
    int label_height_mm = 32;
    std::string print_labels_for = "pickup";               // "pickup": children who must be picked up; "all"
};

// Reads a config file; "" gives the defaults. Errors name the file and the key.
base::Result<KioskConfig> LoadConfig(const std::string& path);
// Parses config JSON text (for tests and for LoadConfig).
base::Result<KioskConfig> ParseConfig(const std::string& text, const std::string& source);

// "" when `name` is "" (the system's zone) or a zone in the system's tz database, else why not.
std::string CheckTimezone(const std::string& name);
// Makes the config's time zone this process's (TZ), so the kiosk, kioskctl and every record
// they make agree on local time; the system's when the config names none.
void ApplyTimezone(const KioskConfig& config);

} // namespace kiosk
