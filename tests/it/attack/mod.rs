//! The attack suite, short versions for CI (long ones: `tests/attack/`).
//! Each test is a reproducer of a defect an outside attack run found: it
//! failed before the fix.

mod determinism;
mod kill;
mod paths;
