// The default theme and the starter handbook are embedded with include_dir!,
// which cannot tell cargo about the files it reads on stable Rust: without
// this, editing a template would not rebuild the binary.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=build.rs");
}
