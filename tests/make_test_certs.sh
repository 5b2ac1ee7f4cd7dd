#!/usr/bin/env bash
# Makes a throwaway CA, a server certificate for 127.0.0.1 and localhost signed by it, a
# second unrelated CA (for "wrong CA" tests) and the server key's sha256 pin, in DIR.
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
[ -f server.pem ] && [ -f pin.txt ] && exit 0
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=Kiosk Test CA" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 30 -subj "/CN=Another CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 -extfile ext.cnf 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout other.key -out other.csr -subj "/CN=other" 2>/dev/null
echo "sha256//$(openssl pkey -in server.key -pubout -outform der | openssl dgst -sha256 -binary | base64)" > pin.txt
echo "sha256//$(openssl pkey -in other.key -pubout -outform der | openssl dgst -sha256 -binary | base64)" > other-pin.txt
