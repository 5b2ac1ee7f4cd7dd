#!/usr/bin/env bash
# The .deb packages as a district technician meets them.
#   1. Built with cpack from this build: names, control fields, Depends (each a real Debian
#      package, no bundled library), files and permissions, conffiles, maintainer scripts,
#      unit files (systemd-analyze verify), manual pages, and lintian (no error, no warning).
#   2. Installed with dpkg into a throwaway copy of this machine (an overlay over /, so
#      nothing here changes) in which a real systemd runs as PID 1, with its own loopback
#      network: the postinsts make the users and the 0700 data folders and enable the units;
#      district-server.service answers on its Unix socket and nginx serves HTTPS in front of it
#      with the district's certificate; kiosk.service starts
#      the kiosk as the kiosk user on an Xvfb display (screenshot kept), and starts it again
#      after a crash; kioskctl doctor, run as the kiosk user against the enrolled kiosk,
#      says OK. Part 2 needs root and namespaces; without them it is skipped, saying so.
#   tests/deb_package_test.sh BUILD_DIR SOURCE_DIR CERTS_DIR SCREENSHOT_DIR
set -u
build=$1
src=$2
certs=$3
shots=$4
mkdir -p "$shots"
tmp=$(mktemp -d)
xvfb_pid=""
init_pid=""
cleanup() {
  # Killing the container's PID 1 ends every process in its PID namespace.
  [ -n "$init_pid" ] && kill -KILL "$init_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  [ -n "$init_pid" ] && for _ in $(seq 50); do kill -0 "$init_pid" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }

arch=$(dpkg --print-architecture)
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || fail "no project version in $build/CMakeCache.txt"

# ---------------------------------------------------------------- 1. the packages
(cd "$build" && cpack -G DEB -B "$tmp/packages" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack"; }
kiosk_deb="$tmp/packages/kiosk_${version}_${arch}.deb"
server_deb="$tmp/packages/district-server_${version}_${arch}.deb"
[ -f "$kiosk_deb" ] || fail "no $(basename "$kiosk_deb") (made: $(ls "$tmp/packages"))"
[ -f "$server_deb" ] || fail "no $(basename "$server_deb")"
ok

field() { dpkg-deb -f "$1" "$2"; }
for deb in "$kiosk_deb" "$server_deb"; do
  [ "$(field "$deb" Architecture)" = "$arch" ] || fail "$(basename "$deb"): Architecture is not $arch"
  [ "$(field "$deb" Version)" = "$version" ] || fail "$(basename "$deb"): Version is not $version"
  [ -n "$(field "$deb" Maintainer)" ] || fail "$(basename "$deb"): no Maintainer"
  # Every dependency (and alternative) is a package Debian has, and nothing is bundled.
  field "$deb" Depends | tr ',|' '\n\n' | sed 's/(.*)//; s/[[:space:]]//g' | grep -v '^$' | while read -r dep; do
    apt-cache show "$dep" >/dev/null 2>&1 || { echo "FAILED: $(basename "$deb") depends on $dep, which Debian does not have"; exit 1; }
  done || exit 1
  if dpkg-deb -c "$deb" | grep -E '\.so(\.[0-9]+)*$'; then fail "$(basename "$deb") bundles a shared library"; fi
  ok
done

depends_on() {  # depends_on DEB PACKAGE
  field "$1" Depends | tr ',' '\n' | sed 's/(.*)//; s/[[:space:]]//g' | grep -qx "$2" || fail "$(basename "$1"): Depends lacks $2"
}
for dep in libsqlite3-0 libcurl4 libglfw3 libfreetype6 libqrencode4 libssl3 libcsv3 libgl1 libgl1-mesa-dri \
           libharfbuzz0b libfribidi0 fonts-noto-core fonts-noto-cjk fonts-material-design-icons-iconfont adduser; do
  depends_on "$kiosk_deb" "$dep"
done
for dep in libsqlite3-0 libcpp-httplib0.11 libssl3 libcsv3 adduser; do depends_on "$server_deb" "$dep"; done
if field "$server_deb" Depends | grep -qE 'libglfw|libcurl|fonts-'; then fail "district-server depends on kiosk-only packages"; fi
ok

# Files, owners and modes: "MODE OWNER PATH" as dpkg-deb lists them.
listing() { dpkg-deb -c "$1" | awk '{ sub(/^\.\//, "/", $6); print $1, $2, $6 }'; }
has_file() {  # has_file DEB MODE PATH
  listing "$1" | grep -qxF -- "$2 root/root $3" || fail "$(basename "$1") lacks $3 as $2 root/root (has: $(listing "$1" | grep -F "$3"))"
}
has_file "$kiosk_deb" -rwxr-xr-x /usr/bin/kiosk
has_file "$kiosk_deb" -rwxr-xr-x /usr/bin/kioskctl
has_file "$kiosk_deb" -rw-r--r-- /etc/kiosk/kiosk.json
has_file "$kiosk_deb" -rw-r--r-- /etc/default/kiosk
has_file "$kiosk_deb" -rw-r--r-- /lib/systemd/system/kiosk.service
has_file "$kiosk_deb" -rw-r--r-- /usr/share/kiosk/i18n/es.po
has_file "$kiosk_deb" -rw-r--r-- /usr/share/kiosk/i18n/vi.po
has_file "$kiosk_deb" -rw-r--r-- /usr/share/doc/kiosk/copyright
has_file "$kiosk_deb" -rw-r--r-- /usr/share/doc/kiosk/deploy-raspberry-pi.md
has_file "$kiosk_deb" -rw-r--r-- /usr/share/man/man1/kiosk.1.gz
has_file "$kiosk_deb" -rw-r--r-- /usr/share/man/man1/kioskctl.1.gz
has_file "$server_deb" -rw-r--r-- /usr/share/man/man8/district-server.8.gz
has_file "$server_deb" -rwxr-xr-x /usr/bin/district-server
has_file "$server_deb" -rw-r--r-- /etc/district-server/district-server.conf
has_file "$server_deb" -rw-r--r-- /lib/systemd/system/district-server.service
has_file "$server_deb" -rw-r--r-- /etc/nginx/conf.d/district-server.conf
has_file "$server_deb" -rw-r--r-- /usr/share/doc/district-server/copyright
if listing "$server_deb" | grep -qE '/usr/bin/kiosk|/usr/share/kiosk'; then fail "district-server carries kiosk files"; fi
if listing "$kiosk_deb" | grep -qE '/usr/bin/district-server'; then fail "kiosk carries the server"; fi
# Binaries are stripped (debug info would triple the SD card footprint).
dpkg-deb -x "$kiosk_deb" "$tmp/kiosk-root"
dpkg-deb -x "$server_deb" "$tmp/server-root"
for bin in "$tmp/kiosk-root/usr/bin/kiosk" "$tmp/kiosk-root/usr/bin/kioskctl" "$tmp/server-root/usr/bin/district-server"; do
  file "$bin" | grep -q 'stripped' && ! file "$bin" | grep -q 'not stripped' || fail "$(basename "$bin") is not stripped"
done
ok

# Conffiles: an admin's edits to these survive an upgrade.
dpkg-deb -e "$kiosk_deb" "$tmp/kiosk-control"
dpkg-deb -e "$server_deb" "$tmp/server-control"
[ "$(sort "$tmp/kiosk-control/conffiles")" = "$(printf '/etc/default/kiosk\n/etc/kiosk/kiosk.json')" ] || fail "kiosk conffiles: $(cat "$tmp/kiosk-control/conffiles")"
[ "$(sort "$tmp/server-control/conffiles")" = "$(printf '/etc/district-server/district-server.conf\n/etc/nginx/conf.d/district-server.conf')" ] \
  || fail "district-server conffiles: $(cat "$tmp/server-control/conffiles")"
depends_on "$server_deb" nginx
depends_on "$server_deb" openssl
for script in "$tmp"/kiosk-control/{postinst,prerm,postrm} "$tmp"/server-control/{postinst,prerm,postrm}; do
  [ -x "$script" ] || fail "$script is missing or not executable"
  sh -n "$script" || fail "$script does not parse"
done
# The default config is one the kiosk accepts.
touch "$tmp/config-check.db"
"$build/kiosk/kioskctl" --config "$tmp/kiosk-root/etc/kiosk/kiosk.json" --db "$tmp/config-check.db" status >/dev/null \
  || fail "the packaged /etc/kiosk/kiosk.json is refused"
ok

# The unit files, as systemd reads them, with the packaged binaries in place.
if command -v systemd-analyze >/dev/null; then
  for unit in kiosk-root/lib/systemd/system/kiosk.service server-root/lib/systemd/system/district-server.service; do
    root=$tmp/${unit%%/*}
    out=$(systemd-analyze verify --root="$root" "$tmp/$unit" 2>&1 | grep -v -e 'Failed to load' -e 'No such file' -e 'not found' -e '^$')
    [ -z "$out" ] || fail "systemd-analyze verify $(basename "$unit"): $out"
  done
  grep -qx 'Restart=always' "$tmp/kiosk-root/lib/systemd/system/kiosk.service" || fail "kiosk.service does not restart on a crash"
  grep -qx 'User=kiosk' "$tmp/kiosk-root/lib/systemd/system/kiosk.service" || fail "kiosk.service does not run as kiosk"
  grep -qx 'User=district-server' "$tmp/server-root/lib/systemd/system/district-server.service" || fail "district-server.service user"
  grep -qx 'RestrictAddressFamilies=AF_UNIX' "$tmp/server-root/lib/systemd/system/district-server.service" \
    || fail "district-server.service may open network sockets (nginx alone faces the network)"
  ok
else
  echo "note: systemd-analyze not found; unit files not verified statically"
fi

if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$kiosk_deb" "$server_deb" >"$tmp/lintian.log" 2>&1
  grep -v 'running with root privileges' "$tmp/lintian.log" | sed 's/^/lintian: /'
  if grep -qE '^(E|W):' "$tmp/lintian.log"; then fail "lintian reports errors or warnings"; fi
  ok
else
  echo "note: lintian not installed; skipped"
fi
echo "ok: packages checked ($checks groups): $(basename "$kiosk_deb") $(basename "$server_deb")"

# ---------------------------------------------------------------- 2. installed, under systemd
skip() { echo "SKIPPED part 2 (install under systemd): $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (it mounts an overlay and starts systemd in namespaces)"
command -v unshare >/dev/null && command -v nsenter >/dev/null || skip "needs unshare and nsenter (util-linux)"
[ -x /lib/systemd/systemd ] || skip "needs systemd installed"
unshare -m -n true 2>/dev/null || skip "this machine does not allow mount and network namespaces"

root=$tmp/root
mkdir -p "$tmp/upper" "$tmp/work" "$root"
cat > "$tmp/boot.sh" <<EOF
set -e
mount -t overlay overlay -o lowerdir=/,upperdir=$tmp/upper,workdir=$tmp/work $root
mount -t proc proc $root/proc
mount --rbind /sys $root/sys
mount --rbind /dev $root/dev
mount -t tmpfs tmpfs $root/run
mount -t tmpfs tmpfs $root/tmp
mkdir -p $root/tmp/.X11-unix
mount --bind /tmp/.X11-unix $root/tmp/.X11-unix
ip link set lo up
# Only what this test starts: basic.target, not every service this machine enables.
exec chroot $root /lib/systemd/systemd --system --unit=basic.target
EOF
mkdir -p /tmp/.X11-unix
unshare -m -p -n -f --propagation private sh "$tmp/boot.sh" >"$tmp/systemd.log" 2>&1 &
unshare_pid=$!
for _ in $(seq 100); do
  init_pid=$(pgrep -P "$unshare_pid" -x systemd) && break
  kill -0 "$unshare_pid" 2>/dev/null || { cat "$tmp/systemd.log"; skip "systemd could not start as PID 1 here"; }
  sleep 0.1
done
[ -n "$init_pid" ] || fail "systemd did not start"
# The overlay is mounted in the container's mount namespace only; from here its files are
# reached through the container's root as procfs shows it.
croot=/proc/$init_pid/root
inside() { nsenter -t "$init_pid" -m -p -n -r -w env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
state=""
for _ in $(seq 150); do
  state=$(inside systemctl is-system-running 2>/dev/null)
  case $state in running|degraded) break ;; esac
  sleep 0.2
done
case $state in running|degraded) ;; *) tail -20 "$tmp/systemd.log"; fail "systemd in the throwaway root did not come up (state: $state)" ;; esac
ok

# Install both packages with dpkg, as a technician would. Container images often carry a
# policy-rc.d that forbids starting services; a real kiosk has none, so neither has this root.
rm -f "$croot/usr/sbin/policy-rc.d"
cp "$kiosk_deb" "$server_deb" "$croot/tmp/"
inside dpkg -i "/tmp/$(basename "$server_deb")" "/tmp/$(basename "$kiosk_deb")" >"$tmp/dpkg.log" 2>&1 \
  || { cat "$tmp/dpkg.log"; fail "dpkg -i"; }
inside dpkg -s kiosk district-server >/dev/null || fail "dpkg does not list the packages as installed"
inside getent passwd kiosk >/dev/null || fail "the postinst made no kiosk user"
inside getent passwd district-server >/dev/null || fail "the postinst made no district-server user"
[ "$(inside stat -c '%a %U %G' /var/lib/kiosk)" = "700 kiosk kiosk" ] || fail "/var/lib/kiosk is $(inside stat -c '%a %U %G' /var/lib/kiosk)"
[ "$(inside stat -c '%a %U %G' /var/lib/district-server)" = "700 district-server district-server" ] \
  || fail "/var/lib/district-server is $(inside stat -c '%a %U %G' /var/lib/district-server)"
inside test -f /var/lib/district-server/district.db || fail "the postinst did not initialise the district database"
[ "$(inside systemctl is-enabled kiosk.service)" = "enabled" ] || fail "kiosk.service is not enabled"
[ "$(inside systemctl is-enabled district-server.service)" = "enabled" ] || fail "district-server.service is not enabled"
inside systemctl list-dependencies --plain graphical.target | grep -q 'kiosk.service' || fail "graphical.target does not pull kiosk.service in at boot"
ok

# The server runs as its own user on a socket only its group (with nginx's www-data) opens;
# nginx serves HTTPS in front of it, first with the self-signed certificate the postinst made
# for this host, then with the district's.
inside systemctl is-active --quiet district-server.service || { inside journalctl -u district-server --no-pager | tail; fail "district-server.service is not running after install"; }
[ "$(inside stat -c '%a %U %G' /run/district-server/http.sock)" = "660 district-server district-server" ] \
  || fail "the socket is $(inside stat -c '%a %U %G' /run/district-server/http.sock)"
inside id -nG www-data | grep -qw district-server || fail "www-data is not in the district-server group"
inside openssl x509 -in /etc/district-server/tls/server.crt -noout -subject >/dev/null || fail "the postinst made no certificate for nginx"
install -m 0644 "$certs/server.pem" "$croot/etc/district-server/tls/server.crt"
install -m 0600 "$certs/server.key" "$croot/etc/district-server/tls/server.key"
inside systemctl restart nginx.service || { inside journalctl -u nginx --no-pager | tail; fail "nginx did not start with the district-server site"; }
cp "$certs/ca.pem" "$croot/tmp/ca.pem"
health=""
for _ in $(seq 100); do
  health=$(inside curl -sS --cacert /tmp/ca.pem https://127.0.0.1/health 2>/dev/null) && break
  sleep 0.1
done
[ -n "$health" ] || { inside journalctl -u nginx -u district-server --no-pager | tail; fail "no HTTPS answer through the installed nginx"; }
inside curl -sS --cacert /tmp/ca.pem -D - -o /dev/null https://127.0.0.1/health | grep -qi '^Server: nginx' || fail "the answer did not come through nginx"
[ "$(inside curl -s -o /dev/null -w '%{http_code}' --cacert /tmp/ca.pem -H 'Content-Encoding: gzip' -d x https://127.0.0.1/kiosk/v1/checkins)" = 415 ] \
  || fail "the installed site does not refuse an encoded body"
server_pid=$(inside systemctl show -p MainPID --value district-server.service)
[ "$(inside ps -o user= -p "$server_pid")" = "district-server" ] || fail "the server does not run as district-server"
ok

# Enrol the kiosk and configure it the way docs/deploy-raspberry-pi.md says.
token=$(inside runuser -u district-server -- district-server kiosk add lobby-1 --school "Riverbend Elementary" | sed -n '3p')
[ -n "$token" ] || fail "district-server kiosk add printed no token"
printf '%s\n' "$token" > "$croot/etc/kiosk/token"
inside chown kiosk:kiosk /etc/kiosk/token
inside chmod 600 /etc/kiosk/token
install -m 0644 "$certs/ca.pem" "$croot/etc/kiosk/district-ca.pem"
sed -i 's|"server_url": ""|"server_url": "https://127.0.0.1"|; s|"ca_file": ""|"ca_file": "/etc/kiosk/district-ca.pem"|' "$croot/etc/kiosk/kiosk.json"

# A display for the kiosk user's session: Xvfb, named in /etc/default/kiosk.
. "$(dirname "$0")/xvfb_support.sh"
start_xvfb 191 240 "$tmp/xvfb.log"
printf 'DISPLAY=%s\n' "$display" > "$croot/etc/default/kiosk"
inside systemctl restart kiosk.service
window_up() { for _ in $(seq 300); do xdotool search --name '^Kiosk' >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
window_up || { inside journalctl -u kiosk --no-pager | tail -20; fail "the kiosk unit put no window on the display"; }
kiosk_pid=$(inside systemctl show -p MainPID --value kiosk.service)
[ "$(inside ps -o user= -p "$kiosk_pid")" = "kiosk" ] || fail "the kiosk does not run as the kiosk user"
inside test -f /var/lib/kiosk/kiosk.db || fail "the kiosk keeps no database in /var/lib/kiosk"
sleep 1
import -window root "$shots/deb-kiosk-service.png" || fail "screenshot"
ok

# A crash: systemd starts it again.
inside systemctl kill -s SEGV kiosk.service
restarted=""
for _ in $(seq 150); do
  now=$(inside systemctl show -p MainPID --value kiosk.service)
  if [ "$(inside systemctl show -p NRestarts --value kiosk.service)" -ge 1 ] && [ "$now" != 0 ] && [ "$now" != "$kiosk_pid" ]; then
    restarted=$now; break
  fi
  sleep 0.1
done
[ -n "$restarted" ] || fail "the kiosk was not restarted after a crash"
window_up || fail "no window after the restart"
ok

# The field technician's first check, as the kiosk user, on the installed set-up.
inside runuser -u kiosk -- kioskctl --config /etc/kiosk/kiosk.json doctor >"$tmp/doctor.txt" 2>&1
doctor_rc=$?
cat "$tmp/doctor.txt" | sed 's/^/doctor: /'
[ $doctor_rc -eq 0 ] || fail "kioskctl doctor failed on the installed kiosk"
grep -q '^ok  *server ' "$tmp/doctor.txt" || fail "doctor did not reach the installed server"
ok

# Removing the kiosk package stops it and keeps the data (unsynced check-ins stay).
inside dpkg -r kiosk >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; fail "dpkg -r kiosk"; }
inside systemctl is-active kiosk.service >/dev/null && fail "kiosk.service still runs after dpkg -r"
inside test -f /var/lib/kiosk/kiosk.db || fail "dpkg -r kiosk deleted the kiosk's data"
ok
echo "ok: installed under systemd ($checks checks): users, 0700 data folders, enabled units, HTTPS through nginx to the server's socket, kiosk on $display as kiosk, restart after a crash, doctor OK, remove keeps data"
