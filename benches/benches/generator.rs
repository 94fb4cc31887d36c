//! The generator in process, on the real table and on synthetic tables of
//! 1,000 and 10,000 rows: `cargo bench --bench generator` (in benches/). Time
//! per row should stay flat as tables grow (linear scaling).

// Clippy checks benches with cfg(test) on but without their #[test]
// functions, which leaves the unit tests' imports unused.
#[allow(
    dead_code,
    unused_imports,
    reason = "the benchmark uses a part of the generator; clippy sees the unit tests' imports without their tests"
)]
#[path = "../../codegen/mod.rs"]
mod codegen;
#[path = "../support/synthetic_table.rs"]
mod synthetic_table;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn generate(c: &mut Criterion) {
    let real = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/zns_error_codes.csv"
    ))
    .unwrap();
    let mut group = c.benchmark_group("generate");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let tables = [
        ("real table", real.clone()),
        (
            "1000 rows",
            synthetic_table::synthetic_table(1_000, 1_000_000).into_bytes(),
        ),
        (
            "10000 rows",
            synthetic_table::synthetic_table(10_000, 1_000_000).into_bytes(),
        ),
    ];
    for (name, csv) in &tables {
        // A table the generator refuses would time its refusal.
        assert!(
            codegen::generate(csv).is_ok(),
            "the {name} table does not generate"
        );
        let rows = csv.iter().filter(|&&b| b == b'\n').count() as u64;
        group.throughput(Throughput::Elements(rows));
        group.bench_with_input(BenchmarkId::from_parameter(name), csv, |b, csv| {
            b.iter(|| black_box(codegen::generate(black_box(csv)).ok()))
        });
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
