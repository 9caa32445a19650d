#!/bin/sh
# The attack suite's long runs (CI runs short versions of each):
#   - 40 kill -9 moments during builds (tests/it/attack/kill.rs);
#   - a serve soak of 1,000 saves with 50 live-reload clients listening
#     (tests/it/edits, which compares every
#     served file with a fresh build after each save);
#   - the fuzz targets, FUZZ_SECONDS each (default 600), one job at a time.
# Run from the repository root: tests/attack/long.sh [fuzz|kill|soak]...
set -eu
what="${*:-kill soak fuzz}"
for part in $what; do
  case "$part" in
    kill)
      LEIDRAAD_KILLS=40 cargo test --test it a_killed_build -- --nocapture ;;
    soak)
      LEIDRAAD_EDITS=1000 LEIDRAAD_EDITS_CLIENTS=50 LEIDRAAD_EDIT_SEED="${LEIDRAAD_EDIT_SEED:-$(date +%s)}" cargo test --test it edits -- --nocapture ;;
    fuzz)
      command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
      cd fuzz
      for target in front_matter site_yaml markdown check_site; do
        mkdir -p "corpus/$target"
        cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
          -jobs=1 -timeout=1 -max_total_time="${FUZZ_SECONDS:-600}" -print_final_stats=1
      done
      cd .. ;;
    *) echo "unknown part: $part (fuzz, kill or soak)" >&2; exit 2 ;;
  esac
done
