// Random identifiers: a check-in's id is the server's dedupe key, so it must never collide
// between kiosks or across a power cut.
// Threads: any thread.
#pragma once

#include <string>

namespace base {

std::string NewUuid();  // random (version 4), from /dev/urandom

} // namespace base
