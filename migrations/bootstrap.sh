#!/usr/bin/env bash
# Deployment bootstrap: run after `anchor deploy` against any cluster.
#
# Initializes governance (signed by the governance program's upgrade
# authority), converges its parameters (differences go through the timelock),
# and approves the settlers named in SETTLERS. Safe to rerun: rerun it after
# the timelock to execute the proposed changes, or after a settler registers.
#
#   ENCORE_URL=http://127.0.0.1:8899 ENCORE_KEYPAIR=~/.config/solana/id.json \
#   SETTLERS="<PUBKEY> <PUBKEY>" migrations/bootstrap.sh [extra `encore migrate` flags]
#
# Environment: ENCORE (the encore binary, default `encore`), ENCORE_URL,
# ENCORE_KEYPAIR, ENCORE_OUTPUT (json for a machine-readable report), SETTLERS.
# Parameters default to the local ones (3% protocol fee, 2% settler fee cap,
# 2d withdrawal notice, 7d release period, 2d timelock); pass
# `--protocol-fee-bps 250` etc. to change them (see `encore migrate --help`).
set -euo pipefail

encore="${ENCORE:-encore}"
args=()
for settler in ${SETTLERS:-}; do
    args+=(--settler "$settler")
done

exec "$encore" migrate "${args[@]}" "$@"
