// The default theme and the starter handbook are embedded with include_dir!,
// which cannot tell cargo about the files it reads on stable Rust: without
// this, editing a template would not rebuild the binary.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=build.rs");
    // The build cache's entries are valid only for the code that made
    // them: a fingerprint of the highlighter and of the locked dependency
    // versions (syntect's grammars among them) is part of every key.
    let mut fingerprint: u64 = 0xcbf2_9ce4_8422_2325;
    for file in ["src/render/highlight.rs", "src/cache.rs", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={file}");
        for b in std::fs::read(file).unwrap_or_default() {
            fingerprint = (fingerprint ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=CAREERBOOK_CACHE_ID={fingerprint:016x}");
}
