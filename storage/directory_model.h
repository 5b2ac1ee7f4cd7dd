// The directory model storage keeps: the plain structs of hsds/model.h (no SQLite there, so
// the importer, the server and the kiosk share them), named in storage's namespace for the
// code of this module.
#pragma once

#include "hsds/model.h"

namespace storage {

using hsds::Address;
using hsds::DirectoryFeed;
using hsds::ImportReport;
using hsds::Language;
using hsds::Location;
using hsds::Organization;
using hsds::Phone;
using hsds::Schedule;
using hsds::Service;
using hsds::SkippedRecord;
using hsds::TableReport;
using hsds::TaxonomyTerm;

} // namespace storage
