#!/usr/bin/env bash
# Proves that check-dependencies fails when the rule is broken: builds small trees, each with
# one violation, and expects the checker to name it; a clean tree must pass.
set -u
checker=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

make_tree() {
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree"/{base,hsds,storage,render,print,sync,server,kiosk/ui,kiosk/app,kiosk/cli}
  echo '#include <cups/cups.h>' > "$tmp/tree/print/label_printer.cpp"
  echo '#include <imgui.h>' > "$tmp/tree/kiosk/ui/welcome_view.cpp"
  echo '#include "render/platform.h"' > "$tmp/tree/kiosk/app/kiosk_app.cpp"
  echo '#include "kiosk/app/config.h"' > "$tmp/tree/kiosk/cli/kioskctl.cpp"
  echo '#include <string>' > "$tmp/tree/base/result.h"
  echo '#include "base/result.h"' > "$tmp/tree/render/window.h"
  echo '#include "storage/database.h"' > "$tmp/tree/sync/engine.cpp"
  echo '#include <curl/curl.h>' > "$tmp/tree/sync/http.cpp"
  echo '#include <sqlite3.h>' > "$tmp/tree/storage/database.cpp"
  echo '#include <imgui.h>' > "$tmp/tree/render/theme.cpp"
  printf '#include "storage/a.h"\n#include "render/b.h"\n#include "sync/c.h"\n#include <imgui.h>\n' > "$tmp/tree/kiosk/main.cpp"
  echo '#include "storage/database.h"' > "$tmp/tree/server/main.cpp"
  echo '#include <libpq-fe.h>' > "$tmp/tree/server/pg.cpp"
}

expect() {  # expect pass|fail "what" FILE LINE
  local want=$1 what=$2 file=${3:-} text=${4:-}
  make_tree
  [ -n "$file" ] && echo "$text" >> "$tmp/tree/$file"
  if output=$("$checker" "$tmp/tree" 2>&1); then got=pass; else got=fail; fi
  if [ "$got" != "$want" ]; then
    echo "FAILED: $what: expected $want, got $got"; echo "$output"; failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

expect pass "a tree that keeps the rule"
expect fail "storage including sync" storage/x.cpp '#include "sync/engine.h"'
expect fail "print including storage" print/x.cpp '#include "storage/database.h"'
expect fail "CUPS outside print/" kiosk/app/kiosk_app.cpp '#include <cups/cups.h>'
expect fail "CUPS in a print/ header" print/label.h '#include <cups/ipp.h>'
expect fail "storage including kiosk" storage/x.h '#include "kiosk/app.h"'
expect fail "render including storage" render/x.cpp '#include "storage/database.h"'
expect fail "sync including render" sync/x.cpp '#include "render/window.h"'
expect fail "server including kiosk" server/x.cpp '#include "kiosk/app/config.h"'
expect fail "server including sync" server/x.cpp '#include "sync/engine.h"'
expect fail "libpq outside server/pg.cpp" server/postgres_district_store.cpp '#include <libpq-fe.h>'
expect fail "libpq in storage" storage/x.cpp '#include <libpq-fe.h>'
expect fail "sqlite3.h in a storage header" storage/x.h '#include <sqlite3.h>'
expect fail "sqlite3.h in kiosk" kiosk/x.cpp '#include <sqlite3.h>'
expect fail "curl in a sync header" sync/x.h '#include <curl/curl.h>'
expect fail "curl in server" server/x.cpp '#include <curl/curl.h>'
expect fail "ImGui in storage" storage/x.cpp '#include "imgui.h"'
expect fail "ImGui in server" server/x.cpp '#include <imgui.h>'
expect fail "GLFW in sync" sync/x.cpp '#include <GLFW/glfw3.h>'
expect fail "ImGui in a kiosk model" kiosk/app/kiosk_model.h '#include <imgui.h>'
expect fail "ImGui in KioskApp" kiosk/app/kiosk_app.cpp '#include <imgui.h>'
expect fail "ImGui in a model at the top of kiosk/" kiosk/kiosk_model.h '#include <imgui.h>'
expect fail "ImGui in kioskctl" kiosk/cli/kioskctl.cpp '#include "imgui_internal.h"'
expect pass "ImGui in a kiosk screen" kiosk/ui/search_view.cpp '#include <imgui.h>'
expect fail "base including storage" base/x.h '#include "storage/database.h"'
expect fail "sqlite3.h in base" base/x.cpp '#include <sqlite3.h>'
expect fail "ImGui in base" base/x.cpp '#include <imgui.h>'
expect pass "storage including base" storage/x.cpp '#include "base/result.h"'
expect pass "storage including hsds (the plain directory model)" storage/x.h '#include "hsds/model.h"'
expect pass "server including hsds" server/x.cpp '#include "hsds/reader.h"'
expect fail "hsds including storage" hsds/x.cpp '#include "storage/database.h"'
expect fail "sqlite3.h in hsds" hsds/x.cpp '#include <sqlite3.h>'
expect fail "curl in hsds" hsds/x.cpp '#include <curl/curl.h>'
expect fail "ImGui in hsds" hsds/x.cpp '#include <imgui.h>'
expect fail "render including hsds" render/x.cpp '#include "hsds/model.h"'

if [ "$failures" -gt 0 ]; then echo "$failures case(s) failed"; exit 1; fi
echo "all cases behave"
