fn main() {
    std::process::exit(careerbook::cli::run());
}
