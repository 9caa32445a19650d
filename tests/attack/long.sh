#!/bin/sh
# The attack suite's long runs (CI runs short versions of each):
#   - 40 kill -9 moments during builds (tests/it/attack/kill.rs);
#   - a serve soak of 1,000 saves with 50 live-reload clients listening
#     (tests/it/edits, which compares every
#     served file with a fresh build after each save);
#   - the fuzz targets, FUZZ_SECONDS each (default 600), one job at a time;
#     FUZZ_SANITIZER=none fuzzes without AddressSanitizer (about 20x more
#     executions a second; Rust code needs it little), FUZZ_TARGETS picks
#     targets. A run's final statistics go to fuzz/fuzz-TARGET.log.
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
      for target in ${FUZZ_TARGETS:-front_matter site_yaml markdown check_site}; do
        mkdir -p "corpus/$target"
        cargo +nightly fuzz run -s "${FUZZ_SANITIZER:-address}" -O "$target" "corpus/$target" "seeds/$target" -- \
          -timeout=1 -max_len=1024 -max_total_time="${FUZZ_SECONDS:-600}" -print_final_stats=1 \
          2>&1 | tee "fuzz-$target.log" | grep -E '^(stat::|==|SUMMARY|artifact_prefix|Test unit written)' || true
        # A crash, leak or timeout writes a test unit under fuzz/artifacts.
        if grep -q 'Test unit written' "fuzz-$target.log"; then echo "fuzz $target: found a failing input" >&2; exit 1; fi
      done
      cd .. ;;
    *) echo "unknown part: $part (fuzz, kill or soak)" >&2; exit 2 ;;
  esac
done
