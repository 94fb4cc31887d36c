//! Lookups against their baselines, in one run: `cargo bench --bench lookup`
//! (in benches/, the benchmarks' own package).
//!
//! Nothing here names a code: inputs and baselines are built from
//! `ErrorCode::ALL`, so benches/synthetic.rs runs this same file on large
//! synthetic tables.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use zalo_zns_errors::ErrorCode;

/// Lookups per iteration.
const BATCH: usize = 1024;

/// A deterministic generator (xorshift), so every run sees the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Half known codes, half unknown ones from around and between them.
fn mixed_codes() -> Vec<i32> {
    let codes: Vec<i32> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
    let (min, max) = (*codes.iter().min().unwrap(), *codes.iter().max().unwrap());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..BATCH)
        .map(|i| {
            if i % 2 == 0 {
                codes[rng.below(codes.len())]
            } else {
                let span = (i64::from(max) - i64::from(min) + 1) as u64;
                (i64::from(min) + (rng.next() % span) as i64 - 8) as i32
            }
        })
        .collect()
}

/// Variant and constant names in mixed ASCII case, and a few unknown names.
fn mixed_names() -> Vec<String> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    (0..BATCH)
        .map(|i| {
            let code = ErrorCode::ALL[rng.below(ErrorCode::ALL.len())];
            match i % 4 {
                0 => code.name().to_owned(),
                1 => code.constant_name().to_owned(),
                2 => code.constant_name().to_ascii_lowercase(),
                _ => format!("{}Extra", code.name()),
            }
        })
        .collect()
}

fn from_code(c: &mut Criterion) {
    let inputs = mixed_codes();
    let min = ErrorCode::ALL.iter().map(|c| c.code()).min().unwrap();
    let max = ErrorCode::ALL.iter().map(|c| c.code()).max().unwrap();
    let mut group = c.benchmark_group("from_code");
    group.throughput(Throughput::Elements(BATCH as u64));

    group.bench_function("ErrorCode::from_code", |b| {
        b.iter(|| {
            for &code in black_box(&inputs) {
                black_box(ErrorCode::from_code(code));
            }
        })
    });

    // The dense array only fits compact tables (the real one spans 1,124 values).
    let span = (i64::from(max) - i64::from(min) + 1) as usize;
    if span <= 1 << 22 {
        let mut dense: Vec<Option<ErrorCode>> = vec![None; span];
        for &code in ErrorCode::ALL {
            dense[(code.code() - min) as usize] = Some(code);
        }
        group.bench_function("baseline: dense [Option<ErrorCode>] by code - min", |b| {
            b.iter(|| {
                for &code in black_box(&inputs) {
                    let offset = code.wrapping_sub(min) as u32 as usize;
                    black_box(dense.get(offset).copied().flatten());
                }
            })
        });
    }

    let mut sorted: Vec<(i32, ErrorCode)> = ErrorCode::ALL.iter().map(|&c| (c.code(), c)).collect();
    sorted.sort_unstable_by_key(|&(code, _)| code);
    let sorted_codes: Vec<i32> = sorted.iter().map(|&(code, _)| code).collect();
    group.bench_function("baseline: binary search of sorted codes", |b| {
        b.iter(|| {
            for &code in black_box(&inputs) {
                black_box(sorted_codes.binary_search(&code).ok().map(|i| sorted[i].1));
            }
        })
    });

    let map: HashMap<i32, ErrorCode> = ErrorCode::ALL.iter().map(|&c| (c.code(), c)).collect();
    group.bench_function("baseline: HashMap<i32, ErrorCode>", |b| {
        b.iter(|| {
            for &code in black_box(&inputs) {
                black_box(map.get(&code).copied());
            }
        })
    });

    if ErrorCode::ALL.len() <= 1000 {
        group.bench_function("baseline: linear scan of ALL", |b| {
            b.iter(|| {
                for &code in black_box(&inputs) {
                    black_box(ErrorCode::ALL.iter().copied().find(|c| c.code() == code));
                }
            })
        });
    }
    group.finish();
}

fn from_name(c: &mut Criterion) {
    let inputs = mixed_names();
    let mut group = c.benchmark_group("from_name");
    group.throughput(Throughput::Elements(BATCH as u64));

    group.bench_function("ErrorCode::from_name", |b| {
        b.iter(|| {
            for name in black_box(&inputs) {
                black_box(ErrorCode::from_name(name));
            }
        })
    });

    let mut map: HashMap<String, ErrorCode> = HashMap::new();
    for &code in ErrorCode::ALL {
        map.insert(code.name().to_ascii_lowercase(), code);
        map.insert(code.constant_name().to_ascii_lowercase(), code);
    }
    group.bench_function(
        "baseline: HashMap<String, ErrorCode> after to_ascii_lowercase",
        |b| {
            b.iter(|| {
                for name in black_box(&inputs) {
                    black_box(map.get(&name.to_ascii_lowercase()).copied());
                }
            })
        },
    );
    group.finish();
}

fn accessors(c: &mut Criterion) {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let codes: Vec<ErrorCode> = (0..BATCH)
        .map(|_| ErrorCode::ALL[rng.below(ErrorCode::ALL.len())])
        .collect();
    let mut group = c.benchmark_group("accessors");
    group.throughput(Throughput::Elements(BATCH as u64));
    fn accessor<T>(
        group: &mut BenchmarkGroup<'_, WallTime>,
        codes: &[ErrorCode],
        name: &str,
        read: impl Fn(ErrorCode) -> T,
    ) {
        group.bench_function(name, |b| {
            b.iter(|| {
                for &code in black_box(codes) {
                    black_box(read(code));
                }
            })
        });
    }
    accessor(&mut group, &codes, "description", ErrorCode::description);
    accessor(&mut group, &codes, "info_vi", ErrorCode::info_vi);
    accessor(&mut group, &codes, "name", ErrorCode::name);
    accessor(&mut group, &codes, "retry", ErrorCode::retry);
    // The floor: reading the same number of values from a plain slice.
    let indexes: Vec<usize> = (0..BATCH)
        .map(|_| rng.below(ErrorCode::ALL.len()))
        .collect();
    let texts: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.description()).collect();
    group.bench_function("baseline: Vec<&str> by index", |b| {
        b.iter(|| {
            for &i in black_box(&indexes) {
                black_box(texts[i]);
            }
        })
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(60)
}

criterion_group! {
    name = benches;
    config = config();
    targets = from_code, from_name, accessors
}
criterion_main!(benches);
