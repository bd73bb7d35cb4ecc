#!/usr/bin/env bash
# DEMO ONLY. Makes the demo PKI the default run ships with: a demo CA, the hub's key and
# certificate, and one key and certificate per demo authority. Never use these keys for
# anything but trying the hub out: their private keys are public, in this repository.
#
# Run from this folder: ./generate.sh   (needs openssl; overwrites the files here)
set -euo pipefail
cd "$(dirname "$0")"
days=3650

openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days $days \
  -subj "/C=EU/O=imi-hub DEMO/CN=imi-hub DEMO root CA - not for production" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout ca.key -out ca.crt 2>/dev/null

issue() { # name subject extensions
  local name=$1 subject=$2 ext=$3
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key" 2>/dev/null
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  printf '%b' "$ext" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 \
    -days $days -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

issue hub "/C=EU/O=imi-hub DEMO/CN=localhost" \
  "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n"

# The key the hub signs its documents with (receipts, deliveries, notices): EC P-256, several
# times faster to sign with than RSA. Same subject as the hub's: clients pin either by it.
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out hub-documents.key
openssl req -new -key hub-documents.key -subj "/C=EU/O=imi-hub DEMO/CN=localhost" -out hub-documents.csr
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' > hub-documents.ext
openssl x509 -req -in hub-documents.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 \
  -days $days -extfile hub-documents.ext -out hub-documents.crt 2>/dev/null
rm -f hub-documents.csr hub-documents.ext

# A server certificate for demo back offices that take webhook deliveries on this machine.
issue webhook-localhost "/C=EU/O=imi-hub DEMO back office/CN=localhost" \
  "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n"

# id;country;name — keep in step with config/demo-directory.yml
while IFS=';' read -r id country name; do
  issue "$id" "/C=$country/O=$name (DEMO)/CN=$id" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"
done <<'AUTHORITIES'
HU-EEKH;HU;Egeszsegugyi Engedelyezesi es Kozigazgatasi Hivatal
FR-CNOM;FR;Conseil national de l'Ordre des medecins
PT-OM;PT;Ordem dos Medicos
DE-BAEK;DE;Bundesaerztekammer
NO-HDIR;NO;Helsedirektoratet
DK-STPS;DK;Styrelsen for Patientsikkerhed
AUTHORITIES

# The European Commission, which alerts can address.
issue EU-COM "/C=BE/O=European Commission (DEMO)/CN=EU-COM" \
  "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"

# The demo national coordinators (IMI's NIMIC), one per demo country.
for country in HU FR PT DE NO DK; do
  issue "$country-NIMIC" "/C=$country/O=National IMI coordinator $country (DEMO)/CN=$country-NIMIC" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"
done
rm -f ca.srl
echo "demo PKI written to $(pwd)"
